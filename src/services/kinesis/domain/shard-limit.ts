// The account's open-shard quota per region (aws-wire.md §1.7), checked by CreateStream and
// by every reshard that opens more shards than it closes, with CreateStream's text.
import { kinesisErrors } from '../errors.js';
import { openShards, type Kinesis } from '../kinesis.js';
import type { StreamDoc } from './streams.js';

/** Refuses `additional` open shards beyond the quota, given the account's streams in the region. */
export function checkShardLimit(kinesis: Kinesis, address: { accountId: string; region: string }, streams: StreamDoc[], additional: number): void {
  const openCount = streams.reduce((sum, stream) => sum + openShards(stream).length, 0);
  if (openCount + additional > kinesis.limits.shardLimit) {
    throw kinesisErrors.limitExceeded(
      `This request would exceed the shard limit for the account ${address.accountId} in ${address.region}. ` +
        `Current shard count for the account: ${openCount}. Limit: ${kinesis.limits.shardLimit}. ` +
        `Number of additional shards that would have resulted from this request: ${additional}. ` +
        'Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.',
    );
  }
}

/** checkShardLimit for a reshard of `stream`; nothing to check when it opens no more shards than it closes. */
export async function ensureShardLimit(kinesis: Kinesis, stream: StreamDoc, additional: number): Promise<void> {
  if (additional <= 0) return;
  checkShardLimit(kinesis, stream, await kinesis.streams.list(stream.accountId, stream.region), additional);
}
