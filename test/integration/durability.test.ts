// An acknowledged record survives kill -9 (DESIGN.md, "Contracts"): a real server in a
// child process is killed in the middle of a stream of acknowledged PutRecords and
// started again on the same data dir.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  PutRecordCommand,
  PutRecordsCommand,
  type _Record,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { kinesisClient, removeDir, spawnServer } from '../helpers/server.js';
import { waitForStreamStatus } from '../helpers/streams.js';

describe('durability', () => {
  let dataDir: string | undefined;
  after(() => removeDir(dataDir));

  async function readShard(client: KinesisClient, name: string, shardId: string): Promise<_Record[]> {
    let iterator = (await client.send(new GetShardIteratorCommand({ StreamName: name, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    const records: _Record[] = [];
    for (let calls = 0; calls < 1000 && iterator; calls++) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
      if ((page.Records ?? []).length === 0) break;
      records.push(...page.Records!);
      iterator = page.NextShardIterator;
    }
    return records;
  }

  it('finds every acknowledged record, in order, after SIGKILL and restart', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sealstream-durability-'));
    const name = 'durable';
    const first = await spawnServer(['--data-dir', dataDir, '--transition-ms', '10']);
    const client = kinesisClient(first.endpoint, 'h1');
    const acknowledged: Array<{ shardId: string; sequence: string; data: string }> = [];
    try {
      await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 2 }));
      await waitForStreamStatus(client, name);

      // Four writers in flight at once; the kill lands while they are writing.
      let next = 0;
      let killed = false;
      const writer = async () => {
        while (!killed && next < 5000) {
          const index = next++;
          const data = `record-${index}`;
          try {
            if (index % 2 === 0) {
              const answer = await client.send(new PutRecordCommand({ StreamName: name, PartitionKey: `k${index}`, Data: Buffer.from(data) }));
              acknowledged.push({ shardId: answer.ShardId!, sequence: answer.SequenceNumber!, data });
            } else {
              const answer = await client.send(new PutRecordsCommand({ StreamName: name, Records: [{ PartitionKey: `k${index}`, Data: Buffer.from(data) }, { PartitionKey: `j${index}`, Data: Buffer.from(data + 'b') }] }));
              answer.Records!.forEach((record, position) => acknowledged.push({ shardId: record.ShardId!, sequence: record.SequenceNumber!, data: position === 0 ? data : data + 'b' }));
            }
          } catch {
            return; // the server is gone: nothing after this was acknowledged
          }
          if (acknowledged.length >= 400 && !killed) {
            killed = true;
            first.process.kill('SIGKILL');
          }
        }
      };
      await Promise.all([writer(), writer(), writer(), writer()]);
      assert.ok(killed, 'the server was killed mid-stream');
      await first.exited;
    } finally {
      client.destroy();
    }

    const second = await spawnServer(['--data-dir', dataDir]);
    const reader = kinesisClient(second.endpoint, 'h2');
    try {
      for (const shardId of ['shardId-000000000000', 'shardId-000000000001']) {
        const stored = await readShard(reader, name, shardId);
        const bySequence = new Map(stored.map((record) => [record.SequenceNumber!, Buffer.from(record.Data!).toString()]));
        const expected = acknowledged.filter((record) => record.shardId === shardId);
        for (const record of expected) assert.equal(bySequence.get(record.sequence), record.data, `acknowledged ${record.sequence} is there`);
        const order = stored.map((record) => BigInt(record.SequenceNumber!));
        for (let index = 1; index < order.length; index++) assert.ok(order[index]! > order[index - 1]!, 'in order');
        const storedOrder = stored.map((record) => record.SequenceNumber!).filter((sequence) => expected.some((record) => record.sequence === sequence));
        const expectedOrder = [...expected].sort((left, right) => (BigInt(left.sequence) < BigInt(right.sequence) ? -1 : 1)).map((record) => record.sequence);
        assert.deepEqual(storedOrder, expectedOrder);
      }
    } finally {
      reader.destroy();
      second.process.kill('SIGTERM');
      assert.equal(await second.exited, 0, 'SIGTERM stops the server cleanly');
    }
  });
});
