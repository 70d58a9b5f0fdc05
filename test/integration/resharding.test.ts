// SplitShard, MergeShards and UpdateShardCount through the AWS SDK v3 client over HTTP/2
// and HTTP/1.1: the shard lineage a consumer sees afterwards, where records go, and
// every refusal with AWS's code and text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateStreamCommand,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  MergeShardsCommand,
  PutRecordCommand,
  SplitShardCommand,
  UpdateShardCountCommand,
  type Shard,
} from '@aws-sdk/client-kinesis';
import { httpVersions, kinesisSuite, uniqueName } from '../helpers/server.js';
import { createActiveStream, streamSummary, waitForStreamStatus } from '../helpers/streams.js';

const account = '000000000000';
const maxHashKey = ((1n << 128n) - 1n).toString();
const half = 1n << 127n;

for (const version of httpVersions) {
  describe(`resharding over ${version}`, () => {
    const { client } = kinesisSuite(version, { transitionMs: 250 });

    const status = async (name: string) => (await streamSummary(client, name)).StreamStatus;
    const waitActive = (name: string) => waitForStreamStatus(client, name);
    const createActive = async (shardCount: number) => (await createActiveStream(client, { shardCount })).name;
    const shardsOf = async (name: string) => (await client.send(new DescribeStreamCommand({ StreamName: name }))).StreamDescription!.Shards!;
    const put = async (name: string, data: string, hashKey: string) =>
      client.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'p', ExplicitHashKey: hashKey, Data: Buffer.from(data) }));
    const readFromStart = async (name: string, shardId: string) => {
      const iterator = (await client.send(new GetShardIteratorCommand({ StreamName: name, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator!;
      return client.send(new GetRecordsCommand({ ShardIterator: iterator }));
    };
    const text = (data: Uint8Array | undefined) => Buffer.from(data!).toString();
    const closed = (shards: Shard[]) => shards.filter((shard) => shard.SequenceNumberRange!.EndingSequenceNumber !== undefined).map((shard) => shard.ShardId);
    const open = (shards: Shard[]) => shards.filter((shard) => shard.SequenceNumberRange!.EndingSequenceNumber === undefined);

    it('splits a shard: the parent closes with an EndingSequenceNumber, two children name it, records follow', async () => {
      const name = await createActive(1);
      const before = [await put(name, 'before-low', '1'), await put(name, 'before-high', maxHashKey)];
      await client.send(new SplitShardCommand({ StreamName: name, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: half.toString() }));
      assert.equal(await status(name), 'UPDATING');
      // AWS splits when UPDATING ends, so splitting the same shard again meanwhile is "not ACTIVE" (kinesalite against AWS).
      await assert.rejects(client.send(new SplitShardCommand({ StreamName: name, ShardToSplit: 'shard-0', NewStartingHashKey: '5' })), {
        name: 'ResourceInUseException',
        message: `Stream ${name} under account ${account} not ACTIVE, instead in state UPDATING`,
      });
      await waitActive(name);

      const shards = await shardsOf(name);
      assert.deepEqual(
        shards.map((shard) => [shard.ShardId, shard.ParentShardId, shard.AdjacentParentShardId, shard.HashKeyRange!.StartingHashKey, shard.HashKeyRange!.EndingHashKey]),
        [
          ['shardId-000000000000', undefined, undefined, '0', maxHashKey],
          ['shardId-000000000001', 'shardId-000000000000', undefined, '0', (half - 1n).toString()],
          ['shardId-000000000002', 'shardId-000000000000', undefined, half.toString(), maxHashKey],
        ],
      );
      assert.deepEqual(closed(shards), ['shardId-000000000000']);
      const ending = BigInt(shards[0]!.SequenceNumberRange!.EndingSequenceNumber!);
      for (const record of before) assert.ok(BigInt(record.SequenceNumber!) <= ending, 'the parent ends at or after its last record');
      const listed = (await client.send(new ListShardsCommand({ StreamName: name }))).Shards!;
      assert.deepEqual(listed, shards);
      const latest = (await client.send(new ListShardsCommand({ StreamName: name, ShardFilter: { Type: 'AT_LATEST' } }))).Shards!;
      assert.deepEqual(latest.map((shard) => shard.ShardId), ['shardId-000000000001', 'shardId-000000000002']);

      // The parent still serves what it holds, then names its children and gives no next iterator.
      const parentRead = await readFromStart(name, 'shardId-000000000000');
      assert.deepEqual(parentRead.Records!.map((record) => text(record.Data)), ['before-low', 'before-high']);
      assert.equal(parentRead.NextShardIterator, undefined);
      assert.deepEqual(parentRead.ChildShards, [
        { ShardId: 'shardId-000000000001', ParentShards: ['shardId-000000000000'], HashKeyRange: { StartingHashKey: '0', EndingHashKey: (half - 1n).toString() } },
        { ShardId: 'shardId-000000000002', ParentShards: ['shardId-000000000000'], HashKeyRange: { StartingHashKey: half.toString(), EndingHashKey: maxHashKey } },
      ]);

      const low = await put(name, 'after-low', '1');
      const high = await put(name, 'after-high', maxHashKey);
      assert.equal(low.ShardId, 'shardId-000000000001');
      assert.equal(high.ShardId, 'shardId-000000000002');
      const lowRead = await readFromStart(name, 'shardId-000000000001');
      assert.deepEqual(lowRead.Records!.map((record) => text(record.Data)), ['after-low']);
      assert.ok(lowRead.NextShardIterator, 'an open child goes on');
      assert.equal(lowRead.ChildShards, undefined);
      assert.deepEqual((await readFromStart(name, 'shardId-000000000002')).Records!.map((record) => text(record.Data)), ['after-high']);
    });

    it('refuses split keys outside the shard, closed and unknown shards, with AWS texts', async () => {
      const name = await createActive(3);
      const [first, second] = (await shardsOf(name)).map((shard) => shard.HashKeyRange!);
      const tooSmall = (key: string, shardId: string, range: typeof first) =>
        `NewStartingHashKey ${key} used in SplitShard() on shard ${shardId} in stream ${name} under account ${account} ` +
        `is not both greater than one plus the shard's StartingHashKey ${range!.StartingHashKey} and less than the shard's EndingHashKey ${range!.EndingHashKey}.`;
      for (const [key, shardId, range] of [
        ['1', 'shardId-000000000000', first],
        [first!.EndingHashKey!, 'shardId-000000000000', first],
        [first!.StartingHashKey!, 'shardId-000000000000', first],
        ['999999999999999999999999999999999999999', 'shardId-000000000001', second],
      ] as const) {
        await assert.rejects(client.send(new SplitShardCommand({ StreamName: name, ShardToSplit: shardId, NewStartingHashKey: key })), {
          name: 'InvalidArgumentException',
          message: tooSmall(key, shardId, range),
        });
      }
      // Loose shard ids resolve as AWS resolves them; unknown ones get the split/merge wording.
      await assert.rejects(client.send(new SplitShardCommand({ StreamName: name, ShardToSplit: 'shardId-5', NewStartingHashKey: '2' })), {
        name: 'ResourceNotFoundException',
        message: `Could not find shard shardId-000000000005 in stream ${name} under account ${account}.`,
      });
      const missing = uniqueName();
      await assert.rejects(client.send(new SplitShardCommand({ StreamName: missing, ShardToSplit: 'ABKLFD8', NewStartingHashKey: '2' })), {
        name: 'ResourceNotFoundException',
        message: `Could not find shard ABKLFD8 in stream ${missing} under account ${account}.`,
      });
      await assert.rejects(client.send(new SplitShardCommand({ StreamName: missing, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '2' })), {
        name: 'ResourceNotFoundException',
        message: `Stream ${missing} under account ${account} not found.`,
      });
      await assert.rejects(client.send(new SplitShardCommand({ StreamName: name, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '12x' })), {
        name: 'ValidationException',
        message: "1 validation error detected: Value '12x' at 'newStartingHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})",
      });

      await client.send(new SplitShardCommand({ StreamName: name, ShardToSplit: 'shard-0', NewStartingHashKey: '2' }));
      await waitActive(name);
      await assert.rejects(client.send(new SplitShardCommand({ StreamName: name, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '5' })), {
        name: 'InvalidArgumentException',
        message: `Shard shardId-000000000000 in stream ${name} under account ${account} has already been merged or split, and thus is not eligible for merging or splitting.`,
      });
      // Children are numbered after every shard that exists (the KPL assumes children are numbered above parents).
      assert.deepEqual(open(await shardsOf(name)).map((shard) => shard.ShardId), ['shardId-000000000001', 'shardId-000000000002', 'shardId-000000000003', 'shardId-000000000004']);
    });

    it('merges two adjacent shards into one child that names both', async () => {
      const name = await createActive(3);
      const shards = await shardsOf(name);
      const middle = shards[1]!.HashKeyRange!.StartingHashKey!;
      await put(name, 'in-lower', '0');
      await put(name, 'in-upper', middle);
      await client.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: 'shardId-000000000000', AdjacentShardToMerge: 'shardId-000000000001' }));
      assert.equal(await status(name), 'UPDATING');
      await assert.rejects(client.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: 'shardId-000000000001', AdjacentShardToMerge: 'shardId-000000000002' })), {
        name: 'ResourceInUseException',
        message: `Stream ${name} under account ${account} not ACTIVE, instead in state UPDATING`,
      });
      await waitActive(name);

      const after = await shardsOf(name);
      assert.deepEqual(closed(after), ['shardId-000000000000', 'shardId-000000000001']);
      const child = after[3]!;
      assert.equal(child.ShardId, 'shardId-000000000003');
      assert.equal(child.ParentShardId, 'shardId-000000000000');
      assert.equal(child.AdjacentParentShardId, 'shardId-000000000001');
      assert.deepEqual(child.HashKeyRange, { StartingHashKey: '0', EndingHashKey: shards[1]!.HashKeyRange!.EndingHashKey });

      for (const [shardId, data] of [['shardId-000000000000', 'in-lower'], ['shardId-000000000001', 'in-upper']] as const) {
        const read = await readFromStart(name, shardId);
        assert.deepEqual(read.Records!.map((record) => text(record.Data)), [data]);
        assert.equal(read.NextShardIterator, undefined);
        assert.deepEqual(read.ChildShards, [
          { ShardId: 'shardId-000000000003', ParentShards: ['shardId-000000000000', 'shardId-000000000001'], HashKeyRange: child.HashKeyRange },
        ]);
      }
      assert.equal((await put(name, 'merged', middle)).ShardId, 'shardId-000000000003');
      assert.equal((await put(name, 'untouched', maxHashKey)).ShardId, 'shardId-000000000002');
    });

    it('refuses shards that are not an adjacent open pair, lower range first', async () => {
      const name = await createActive(3);
      const notAdjacent = (lower: string, upper: string) => ({
        name: 'InvalidArgumentException',
        message: `Shards ${lower} and ${upper} in stream ${name} under account ${account} are not an adjacent pair of shards eligible for merging`,
      });
      await assert.rejects(
        client.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: 'shardId-000000000000', AdjacentShardToMerge: 'shardId-000000000002' })),
        notAdjacent('shardId-000000000000', 'shardId-000000000002'),
      );
      await assert.rejects(
        client.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: 'anything-1', AdjacentShardToMerge: '0' })),
        notAdjacent('shardId-000000000001', 'shardId-000000000000'),
      );
      await assert.rejects(client.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: 'shardId-000000000000', AdjacentShardToMerge: 'shardId-000000000007' })), {
        name: 'ResourceNotFoundException',
        message: `Could not find shard shardId-000000000007 in stream ${name} under account ${account}.`,
      });
      await client.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: 'shardId-000000000000', AdjacentShardToMerge: 'shardId-000000000001' }));
      await waitActive(name);
      await assert.rejects(
        client.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: 'shardId-000000000001', AdjacentShardToMerge: 'shardId-000000000002' })),
        notAdjacent('shardId-000000000001', 'shardId-000000000002'),
      );
      await assert.rejects(client.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: '', AdjacentShardToMerge: 'shardId-000000000002' })), {
        name: 'ValidationException',
        message:
          "2 validation errors detected: Value '' at 'shardToMerge' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
          "Value '' at 'shardToMerge' failed to satisfy constraint: Member must have length greater than or equal to 1",
      });
    });

    it('scales uniformly up and down: answers the counts, closes every open shard, children name their parents', async () => {
      const name = await createActive(2);
      await put(name, 'from-0', '0');
      await put(name, 'from-1', maxHashKey);
      const up = await client.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: 4, ScalingType: 'UNIFORM_SCALING' }));
      assert.deepEqual(
        { StreamName: up.StreamName, StreamARN: up.StreamARN, CurrentShardCount: up.CurrentShardCount, TargetShardCount: up.TargetShardCount },
        { StreamName: name, StreamARN: `arn:aws:kinesis:us-east-1:${account}:stream/${name}`, CurrentShardCount: 2, TargetShardCount: 4 },
      );
      assert.equal(await status(name), 'UPDATING');
      await waitActive(name);
      let shards = await shardsOf(name);
      assert.deepEqual(closed(shards), ['shardId-000000000000', 'shardId-000000000001']);
      const quarter = 1n << 126n;
      assert.deepEqual(
        open(shards).map((shard) => [shard.ShardId, shard.ParentShardId, shard.AdjacentParentShardId, shard.HashKeyRange!.StartingHashKey]),
        [
          ['shardId-000000000002', 'shardId-000000000000', undefined, '0'],
          ['shardId-000000000003', 'shardId-000000000000', undefined, quarter.toString()],
          ['shardId-000000000004', 'shardId-000000000001', undefined, (2n * quarter).toString()],
          ['shardId-000000000005', 'shardId-000000000001', undefined, (3n * quarter).toString()],
        ],
      );
      const parentRead = await readFromStart(name, 'shardId-000000000001');
      assert.deepEqual(parentRead.Records!.map((record) => text(record.Data)), ['from-1']);
      assert.deepEqual(parentRead.ChildShards!.map((child) => [child.ShardId, child.ParentShards]), [
        ['shardId-000000000004', ['shardId-000000000001']],
        ['shardId-000000000005', ['shardId-000000000001']],
      ]);
      assert.equal((await put(name, 'after', maxHashKey)).ShardId, 'shardId-000000000005');

      const down = await client.send(new UpdateShardCountCommand({ StreamARN: `arn:aws:kinesis:us-east-1:${account}:stream/${name}`, TargetShardCount: 3, ScalingType: 'UNIFORM_SCALING' }));
      assert.equal(down.CurrentShardCount, 4);
      assert.equal(down.TargetShardCount, 3);
      await waitActive(name);
      shards = await shardsOf(name);
      assert.equal(open(shards).length, 3);
      assert.deepEqual(
        open(shards).map((shard) => [shard.ShardId, shard.ParentShardId, shard.AdjacentParentShardId]),
        [
          ['shardId-000000000006', 'shardId-000000000002', 'shardId-000000000003'],
          ['shardId-000000000007', 'shardId-000000000003', 'shardId-000000000004'],
          ['shardId-000000000008', 'shardId-000000000004', 'shardId-000000000005'],
        ],
      );
      assert.equal(open(shards)[2]!.HashKeyRange!.EndingHashKey, maxHashKey);
    });

    it('refuses scaling beyond double or below half, more than 10 times a day, and bad input', async () => {
      const name = await createActive(2);
      await assert.rejects(client.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: 5, ScalingType: 'UNIFORM_SCALING' })), {
        name: 'LimitExceededException',
        message: 'UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: 2, Target shard count: 5',
      });
      const six = await createActive(6);
      await assert.rejects(client.send(new UpdateShardCountCommand({ StreamName: six, TargetShardCount: 2, ScalingType: 'UNIFORM_SCALING' })), {
        name: 'LimitExceededException',
        message: 'UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: 6, Target shard count: 2',
      });
      await assert.rejects(client.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: 0, ScalingType: 'UNIFORM_SCALING' })), {
        name: 'ValidationException',
        message: "1 validation error detected: Value '0' at 'targetShardCount' failed to satisfy constraint: Member must have value greater than or equal to 1",
      });
      await assert.rejects(client.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: 3, ScalingType: 'STEPPED' as never })), {
        name: 'ValidationException',
        message: "1 validation error detected: Value 'STEPPED' at 'scalingType' failed to satisfy constraint: Member must satisfy enum value set: [UNIFORM_SCALING]",
      });
      const missing = uniqueName();
      await assert.rejects(client.send(new UpdateShardCountCommand({ StreamName: missing, TargetShardCount: 2, ScalingType: 'UNIFORM_SCALING' })), {
        name: 'ResourceNotFoundException',
        message: `Stream ${missing} under account ${account} not found.`,
      });

      for (let call = 0; call < 10; call++) {
        await client.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: call % 2 === 0 ? 3 : 2, ScalingType: 'UNIFORM_SCALING' }));
        if (call === 0) {
          await assert.rejects(client.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: 2, ScalingType: 'UNIFORM_SCALING' })), {
            name: 'ResourceInUseException',
            message: `Stream ${name} under account ${account} not ACTIVE, instead in state UPDATING`,
          });
        }
        await waitActive(name);
      }
      await assert.rejects(client.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: 3, ScalingType: 'UNIFORM_SCALING' })), {
        name: 'LimitExceededException',
        message: `Stream ${name} under account ${account} has already been scaled 10 times in the last 24 hours. UpdateShardCount can scale a stream at most 10 times per rolling 24-hour period.`,
      });
      assert.equal(open(await shardsOf(name)).length, 2, 'a refused call changes nothing');
    });

    it('refuses every resharding call on an on-demand stream', async () => {
      const name = uniqueName();
      await client.send(new CreateStreamCommand({ StreamName: name, StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
      await waitActive(name);
      const onDemand = { name: 'ValidationException', message: `Request is invalid. Stream ${name} under account ${account} is in On-Demand mode.` };
      await assert.rejects(client.send(new SplitShardCommand({ StreamName: name, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '5' })), onDemand);
      await assert.rejects(client.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: 'shardId-000000000000', AdjacentShardToMerge: 'shardId-000000000001' })), onDemand);
      await assert.rejects(client.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: 5, ScalingType: 'UNIFORM_SCALING' })), onDemand);
      assert.equal(open(await shardsOf(name)).length, 4);
    });
  });
}
