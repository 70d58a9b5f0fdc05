// The account's shard quota on SplitShard and UpdateShardCount, with a quota small enough
// to reach: a test server cannot be given one, so the service runs in-process.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createStream } from '../../src/services/kinesis/operations/create-stream.js';
import { describeLimits } from '../../src/services/kinesis/operations/describe-limits.js';
import { splitShard } from '../../src/services/kinesis/operations/split-shard.js';
import { updateShardCount } from '../../src/services/kinesis/operations/update-shard-count.js';
import { createInProcessKinesis, type InProcessKinesis } from '../helpers/in-process.js';

const limitText = (current: number, additional: number) =>
  'This request would exceed the shard limit for the account 000000000000 in us-east-1. ' +
  `Current shard count for the account: ${current}. Limit: 10. Number of additional shards that would have resulted from this request: ${additional}. ` +
  'Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.';

describe('shard quota on resharding', () => {
  let service: InProcessKinesis;
  before(async () => {
    service = await createInProcessKinesis({ transitionMs: 1000, limits: { shardLimit: 10 } });
    await createStream(service.kinesis, { StreamName: 'big', ShardCount: 6 }, service.context);
    await createStream(service.kinesis, { StreamName: 'small', ShardCount: 3 }, service.context);
    service.clock.now += 1000;
  });
  after(() => service.close());

  it('lets a split take the last shard of the quota, then refuses the next', async () => {
    await splitShard(service.kinesis, { StreamName: 'small', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '1000' }, service.context);
    service.clock.now += 1000;
    assert.equal((await describeLimits(service.kinesis, {}, service.context)).OpenShardCount, 10);
    await assert.rejects(
      splitShard(service.kinesis, { StreamName: 'small', ShardToSplit: 'shardId-000000000001', NewStartingHashKey: '1000000' }, service.context),
      { name: 'LimitExceededException', message: limitText(10, 1) },
    );
  });

  it('refuses scaling up past the quota, counting only the shards the call adds', async () => {
    await assert.rejects(
      updateShardCount(service.kinesis, { StreamName: 'big', TargetShardCount: 8, ScalingType: 'UNIFORM_SCALING' }, service.context),
      { name: 'LimitExceededException', message: limitText(10, 2) },
    );
    const down = await updateShardCount(service.kinesis, { StreamName: 'big', TargetShardCount: 4, ScalingType: 'UNIFORM_SCALING' }, service.context);
    assert.deepEqual(down, { StreamName: 'big', StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/big', CurrentShardCount: 6, TargetShardCount: 4 });
    assert.equal((await describeLimits(service.kinesis, {}, service.context)).OpenShardCount, 8);
  });
});
