import type { DescribeStreamSummaryInput, DescribeStreamSummaryOutput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { addressOf, openShards, type Kinesis } from '../kinesis.js';

// Never StreamId: clients that receive one route later calls to AWS itself (aws-wire.md §5.1 item 1).
export async function describeStreamSummary(kinesis: Kinesis, input: DescribeStreamSummaryInput, context: RequestContext): Promise<DescribeStreamSummaryOutput> {
  const stream = await kinesis.streams.get(addressOf(input, context.caller));
  await context.authorize('kinesis:DescribeStreamSummary', stream.arn);
  return {
    StreamDescriptionSummary: {
      StreamName: stream.name,
      StreamARN: stream.arn,
      StreamStatus: stream.status,
      StreamModeDetails: { StreamMode: stream.mode },
      RetentionPeriodHours: stream.retentionHours,
      StreamCreationTimestamp: new Date(stream.createdAt),
      EnhancedMonitoring: [{ ShardLevelMetrics: stream.shardLevelMetrics as never }],
      EncryptionType: stream.encryptionType,
      ...(stream.keyId !== undefined ? { KeyId: stream.keyId } : {}),
      OpenShardCount: openShards(stream).length,
      ConsumerCount: stream.consumers.length,
      MaxRecordSizeInKiB: stream.maxRecordSizeKiB,
    },
  };
}
