import type { DescribeStreamInput, DescribeStreamOutput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { addressOf, describeShard, findShard, type Kinesis } from '../kinesis.js';

// DescribeStream pages its shard list (at most 100 a page, aws-wire.md §1.4); the CLI's
// paginator continues from the last ShardId while HasMoreShards is true.
const maxShardsPerPage = 100;

export async function describeStream(kinesis: Kinesis, input: DescribeStreamInput, context: RequestContext): Promise<DescribeStreamOutput> {
  const stream = await kinesis.streams.get(addressOf(input, context.caller));
  await context.authorize('kinesis:DescribeStream', stream.arn);
  const limit = Math.min(input.Limit ?? maxShardsPerPage, maxShardsPerPage);
  const after = input.ExclusiveStartShardId === undefined ? -1 : findShard(stream, input.ExclusiveStartShardId).index;
  const shards = stream.shards.filter((shard) => shard.index > after);
  return {
    StreamDescription: {
      StreamName: stream.name,
      StreamARN: stream.arn,
      StreamStatus: stream.status,
      StreamModeDetails: { StreamMode: stream.mode },
      Shards: shards.slice(0, limit).map(describeShard),
      HasMoreShards: shards.length > limit,
      RetentionPeriodHours: stream.retentionHours,
      StreamCreationTimestamp: new Date(stream.createdAt),
      EnhancedMonitoring: [{ ShardLevelMetrics: stream.shardLevelMetrics as never }],
      EncryptionType: stream.encryptionType,
      ...(stream.keyId !== undefined ? { KeyId: stream.keyId } : {}),
    },
  };
}
