// Shard-level metrics (EnableEnhancedMonitoring, DisableEnhancedMonitoring): the set a
// stream has enabled, kept on the stream and reported in DescribeStream and
// DescribeStreamSummary as EnhancedMonitoring. Sealstream publishes no CloudWatch metrics,
// so the set is the stream's configuration only, as infrastructure tools read and set it
// (Terraform's `shard_level_metrics` enables them, then waits for the stream to be ACTIVE).
// "ALL" names every metric; the answer gives the set before the call and the set after it,
// as the AWS CLI's examples show
// (https://docs.aws.amazon.com/cli/latest/reference/kinesis/enable-enhanced-monitoring.html).
import type { EnhancedMonitoringOutput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { addressOf, beginUpdating, ensureActive, type Kinesis } from '../kinesis.js';

type MetricName = NonNullable<EnhancedMonitoringOutput['DesiredShardLevelMetrics']>[number];

/** Every shard-level metric, in the model's order: what "ALL" stands for. */
const everyMetric: MetricName[] = [
  'IncomingBytes',
  'IncomingRecords',
  'OutgoingBytes',
  'OutgoingRecords',
  'WriteProvisionedThroughputExceeded',
  'ReadProvisionedThroughputExceeded',
  'IteratorAgeMilliseconds',
];

/** Adds or removes the named metrics; the stream goes UPDATING, then ACTIVE, as for its other settings. */
export async function changeShardLevelMetrics(
  kinesis: Kinesis,
  input: { StreamName?: string; StreamARN?: string; ShardLevelMetrics: MetricName[] },
  context: RequestContext,
  change: 'enable' | 'disable',
): Promise<EnhancedMonitoringOutput> {
  const address = addressOf(input, context.caller);
  const stream = await kinesis.streams.get(address);
  await context.authorize(change === 'enable' ? 'kinesis:EnableEnhancedMonitoring' : 'kinesis:DisableEnhancedMonitoring', stream.arn);
  ensureActive(stream);
  const named = new Set<MetricName>(input.ShardLevelMetrics.includes('ALL') ? everyMetric : input.ShardLevelMetrics);
  let before: MetricName[] = [];
  let after: MetricName[] = [];
  await kinesis.streams.update(address, (current) => {
    ensureActive(current);
    before = current.shardLevelMetrics as MetricName[];
    after = everyMetric.filter((metric) => (change === 'enable' ? before.includes(metric) || named.has(metric) : before.includes(metric) && !named.has(metric)));
    current.shardLevelMetrics = after;
    beginUpdating(current, kinesis);
  });
  return { StreamName: stream.name, CurrentShardLevelMetrics: before, DesiredShardLevelMetrics: after, StreamARN: stream.arn };
}
