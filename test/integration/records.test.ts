// The data plane through the AWS SDK v3 client, over HTTP/2 (its default) and HTTP/1.1:
// PutRecord, PutRecords, GetShardIterator (all five types) and GetRecords.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  type _Record,
} from '@aws-sdk/client-kinesis';
import { httpVersions, kinesisSuite } from '../helpers/server.js';
import { createActiveStream } from '../helpers/streams.js';

for (const version of httpVersions) {
  describe(`records over ${version}`, () => {
    const { client } = kinesisSuite(version);

    const activeStream = async (shardCount: number) => (await createActiveStream(client, { shardCount })).name;

    async function readAll(name: string, shardId: string): Promise<_Record[]> {
      let iterator = (await client.send(new GetShardIteratorCommand({ StreamName: name, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      const records: _Record[] = [];
      for (let calls = 0; calls < 100 && iterator; calls++) {
        const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
        records.push(...(page.Records ?? []));
        if ((page.Records ?? []).length === 0) break;
        iterator = page.NextShardIterator;
      }
      return records;
    }

    it('reads back 10,000 records written in 20 PutRecords calls: bytes, partition keys and order per shard', async () => {
      const name = await activeStream(4);
      const written = new Map<string, Array<{ data: Buffer; key: string; sequence: string }>>();
      for (let call = 0; call < 20; call++) {
        const entries = Array.from({ length: 500 }, (_, index) => ({ Data: randomBytes(1 + ((call * 500 + index) % 300)), PartitionKey: `key-${call}-${index}` }));
        const answer = await client.send(new PutRecordsCommand({ StreamName: name, Records: entries }));
        assert.equal(answer.FailedRecordCount, 0);
        assert.equal(answer.Records!.length, 500);
        assert.equal(answer.EncryptionType, undefined, 'unencrypted streams omit EncryptionType');
        answer.Records!.forEach((result, index) => {
          const list = written.get(result.ShardId!) ?? [];
          list.push({ data: Buffer.from(entries[index]!.Data), key: entries[index]!.PartitionKey, sequence: result.SequenceNumber! });
          written.set(result.ShardId!, list);
        });
      }
      assert.equal(written.size, 4, 'random keys spread over every shard');
      let total = 0;
      for (const [shardId, expected] of written) {
        const records = await readAll(name, shardId);
        assert.equal(records.length, expected.length);
        records.forEach((record, index) => {
          assert.equal(record.SequenceNumber, expected[index]!.sequence);
          assert.equal(record.PartitionKey, expected[index]!.key);
          assert.deepEqual(Buffer.from(record.Data!), expected[index]!.data);
          assert.equal(record.EncryptionType, undefined);
          assert.ok(record.ApproximateArrivalTimestamp instanceof Date);
        });
        for (let index = 1; index < expected.length; index++) {
          assert.ok(BigInt(expected[index]!.sequence) > BigInt(expected[index - 1]!.sequence), 'sequence numbers increase within a shard');
        }
        total += records.length;
      }
      assert.equal(total, 10_000);
    });

    it('routes by the MD5 of the partition key, or by ExplicitHashKey', async () => {
      const name = await activeStream(3);
      const shards = (await client.send(new ListShardsCommand({ StreamName: name }))).Shards!;
      assert.equal(shards[0]!.HashKeyRange!.EndingHashKey, '113427455640312821154458202477256070484');
      assert.equal(shards[2]!.HashKeyRange!.EndingHashKey, '340282366920938463463374607431768211455');
      const key = 'partition-key';
      const hash = BigInt('0x' + createHash('md5').update(key).digest('hex'));
      const expected = shards.find((shard) => BigInt(shard.HashKeyRange!.StartingHashKey!) <= hash && hash <= BigInt(shard.HashKeyRange!.EndingHashKey!));
      const put = await client.send(new PutRecordCommand({ StreamName: name, PartitionKey: key, Data: Buffer.from('x') }));
      assert.equal(put.ShardId, expected!.ShardId);
      const explicit = await client.send(new PutRecordCommand({ StreamName: name, PartitionKey: key, Data: Buffer.from('x'), ExplicitHashKey: '0' }));
      assert.equal(explicit.ShardId, 'shardId-000000000000');
      await assert.rejects(client.send(new PutRecordCommand({ StreamName: name, PartitionKey: key, Data: Buffer.from('x'), ExplicitHashKey: '340282366920938463463374607431768211456' })), {
        name: 'InvalidArgumentException',
        message: 'Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was 340282366920938463463374607431768211456',
      });
    });

    it('positions iterators of all five types', async () => {
      const name = await activeStream(1);
      const shardId = 'shardId-000000000000';
      const sequences: string[] = [];
      for (let index = 0; index < 3; index++) {
        sequences.push((await client.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from(`r${index}`) }))).SequenceNumber!);
      }
      const read = async (input: { ShardIteratorType: 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER' | 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP'; StartingSequenceNumber?: string; Timestamp?: Date }) => {
        const iterator = await client.send(new GetShardIteratorCommand({ StreamName: name, ShardId: shardId, ...input }));
        const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator.ShardIterator }));
        return { page, data: (page.Records ?? []).map((record) => Buffer.from(record.Data!).toString()) };
      };
      assert.deepEqual((await read({ ShardIteratorType: 'TRIM_HORIZON' })).data, ['r0', 'r1', 'r2']);
      assert.deepEqual((await read({ ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: sequences[1] })).data, ['r1', 'r2']);
      assert.deepEqual((await read({ ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: sequences[1] })).data, ['r2']);
      assert.deepEqual((await read({ ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(Date.now() - 3_600_000) })).data, ['r0', 'r1', 'r2']);
      const latest = await read({ ShardIteratorType: 'LATEST' });
      assert.deepEqual(latest.data, []);
      assert.equal(latest.page.MillisBehindLatest, 0);
      assert.ok(latest.page.NextShardIterator);
      assert.equal(latest.page.ChildShards, undefined, 'open shards have no ChildShards');
      await client.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from('r3') }));
      const next = await client.send(new GetRecordsCommand({ ShardIterator: latest.page.NextShardIterator }));
      assert.deepEqual(next.Records!.map((record) => Buffer.from(record.Data!).toString()), ['r3']);
    });

    it('keeps iterators reusable and issues a fresh NextShardIterator on every call', async () => {
      const name = await activeStream(1);
      await client.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from('once') }));
      const iterator = (await client.send(new GetShardIteratorCommand({ StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator!;
      const first = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
      const again = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
      assert.equal(first.Records!.length, 1);
      assert.equal(again.Records!.length, 1);
      const empty = await client.send(new GetRecordsCommand({ ShardIterator: first.NextShardIterator }));
      assert.equal(empty.Records!.length, 0);
      assert.notEqual(empty.NextShardIterator, first.NextShardIterator);
      const limited = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1 }));
      assert.equal(limited.Records!.length, 1);
    });

    it('answers iterator and sequence-number mistakes with AWS texts', async () => {
      const name = await activeStream(2);
      const account = '000000000000';
      await assert.rejects(client.send(new GetRecordsCommand({ ShardIterator: 'AAAAAAAAAAE' + 'x'.repeat(60) })), { name: 'InvalidArgumentException', message: 'Invalid ShardIterator.' });
      await assert.rejects(client.send(new GetShardIteratorCommand({ StreamName: name, ShardId: 'shardId-000000000007', ShardIteratorType: 'LATEST' })), {
        name: 'ResourceNotFoundException',
        message: `Shard shardId-000000000007 in stream ${name} under account ${account} does not exist`,
      });
      await assert.rejects(client.send(new GetShardIteratorCommand({ StreamName: name, ShardId: 'shardId-0', ShardIteratorType: 'AT_SEQUENCE_NUMBER' })), {
        name: 'InvalidArgumentException',
        message:
          'Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber.',
      });
      const put = await client.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from('x'), ExplicitHashKey: '0' }));
      await assert.rejects(
        client.send(new GetShardIteratorCommand({ StreamName: name, ShardId: 'shardId-000000000001', ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: put.SequenceNumber })),
        { name: 'InvalidArgumentException', message: 'Invalid StartingSequenceNumber. It encodes shardId-000000000000, while it was used in a call to a shard with shardId-000000000001' },
      );
      await assert.rejects(client.send(new GetShardIteratorCommand({ StreamName: name, ShardId: '0', ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: '12345' })), {
        name: 'InvalidArgumentException',
        message: `StartingSequenceNumber 12345 used in GetShardIterator on shard shardId-000000000000 in stream ${name} under account ${account} is invalid.`,
      });
      const future = new Date(Date.now() + 3_600_000);
      await assert.rejects(client.send(new GetShardIteratorCommand({ StreamName: name, ShardId: '0', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: future })), (error: Error) => {
        assert.equal(error.name, 'InvalidArgumentException');
        assert.match(error.message, /^The timestampInMillis parameter cannot be greater than the currentTimestampInMillis\. timestampInMillis: \d+, currentTimestampInMillis: \d+$/);
        return true;
      });
      await assert.rejects(client.send(new PutRecordCommand({ StreamName: 'missing-stream', PartitionKey: 'k', Data: Buffer.from('x') })), {
        name: 'ResourceNotFoundException',
        message: `Stream missing-stream under account ${account} not found.`,
      });
    });

    it('refuses a record over 1 MiB and a call over 5 MiB, storing nothing', async () => {
      const name = await activeStream(1);
      await assert.rejects(client.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.alloc(1_048_577) })), {
        name: 'ValidationException',
        message: "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576",
      });
      const big = Array.from({ length: 6 }, () => ({ Data: Buffer.alloc(1_000_000), PartitionKey: 'k' }));
      await assert.rejects(client.send(new PutRecordsCommand({ StreamName: name, Records: big })), { name: 'InvalidArgumentException', message: 'Records size exceeds 5 MB limit' });
      assert.equal((await readAll(name, 'shardId-000000000000')).length, 0);
    });

    it('accepts StreamName and StreamARN together, and refuses them when they disagree', async () => {
      const name = await activeStream(1);
      const arn = `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`;
      const put = await client.send(new PutRecordCommand({ StreamName: name, StreamARN: arn, PartitionKey: 'k', Data: Buffer.from('x') }));
      assert.equal(put.ShardId, 'shardId-000000000000');
      await assert.rejects(client.send(new PutRecordCommand({ StreamName: 'other', StreamARN: arn, PartitionKey: 'k', Data: Buffer.from('x') })), { name: 'InvalidArgumentException' });
      await assert.rejects(client.send(new PutRecordCommand({ PartitionKey: 'k', Data: Buffer.from('x') })), { name: 'InvalidArgumentException' });
    });
  });
}
