import type { DescribeLimitsInput, DescribeLimitsOutput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { openShards, type Kinesis } from '../kinesis.js';

/**
 * The caller's quotas and usage in the request's account and region (aws-wire.md §1.7):
 * open shards of every stream that has not finished deleting, and on-demand streams.
 */
export async function describeLimits(kinesis: Kinesis, _input: DescribeLimitsInput, context: RequestContext): Promise<DescribeLimitsOutput> {
  const { accountId, region } = context.caller;
  await context.authorize('kinesis:DescribeLimits', `arn:aws:kinesis:${region}:${accountId}:*`);
  const streams = await kinesis.streams.list(accountId, region);
  return {
    ShardLimit: kinesis.limits.shardLimit,
    OpenShardCount: streams.reduce((sum, stream) => sum + openShards(stream).length, 0),
    OnDemandStreamCount: streams.filter((stream) => stream.mode === 'ON_DEMAND').length,
    OnDemandStreamCountLimit: kinesis.limits.onDemandStreamLimit,
  };
}
