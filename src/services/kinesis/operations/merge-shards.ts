import type { MergeShardsInput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { kinesisErrors } from '../errors.js';
import { areAdjacent, mergeRanges } from '../domain/resharding.js';
import { closeShard, ensureProvisioned, openChild, rangeOf, readEndCounters, shardAt, shardIndexOf } from '../domain/reshard-steps.js';
import { isOpen, toShardId, type StreamDoc } from '../domain/streams.js';
import { addressOf, beginUpdating, ensureActive, type Kinesis } from '../kinesis.js';

/**
 * Closes two open, adjacent shards and opens one child whose ParentShardId is
 * ShardToMerge (the lower range) and AdjacentParentShardId the other, as AWS describes
 * a merge (kinesalite's mergeShards tests). The stream is UPDATING for the transition.
 */
export async function mergeShards(kinesis: Kinesis, input: MergeShardsInput, context: RequestContext): Promise<void> {
  const address = addressOf(input, context.caller);
  const lowerIndex = shardIndexOf(address, input.ShardToMerge);
  const upperIndex = shardIndexOf(address, input.AdjacentShardToMerge);
  const stream = await kinesis.streams.get(address);
  await context.authorize('kinesis:MergeShards', stream.arn);
  ensureProvisioned(stream);
  checkMergeable(stream, lowerIndex, upperIndex, false);
  ensureActive(stream);
  checkMergeable(stream, lowerIndex, upperIndex, true);

  const endCounters = await readEndCounters(kinesis, stream, [shardAt(stream, lowerIndex), shardAt(stream, upperIndex)]);
  await kinesis.streams.update(address, (current) => {
    ensureActive(current);
    checkMergeable(current, lowerIndex, upperIndex, true);
    const lower = shardAt(current, lowerIndex);
    const upper = shardAt(current, upperIndex);
    const now = kinesis.now();
    closeShard(lower, now, endCounters.get(lowerIndex)!);
    closeShard(upper, now, endCounters.get(upperIndex)!);
    openChild(current, mergeRanges(rangeOf(lower), rangeOf(upper)), now, lower.index, upper.index);
    beginUpdating(current, kinesis);
  });
}

/**
 * ShardToMerge's range right below AdjacentShardToMerge's, order matters (aws-wire.md §1.8),
 * and, once the stream is known to be ACTIVE, both still open: AWS merges when UPDATING
 * ends, so during the transition its answer is "not ACTIVE" rather than this one.
 */
function checkMergeable(stream: StreamDoc, lowerIndex: number, upperIndex: number, mustBeOpen: boolean): void {
  const lower = shardAt(stream, lowerIndex);
  const upper = shardAt(stream, upperIndex);
  const isEligible = areAdjacent(rangeOf(lower), rangeOf(upper)) && (!mustBeOpen || (isOpen(lower) && isOpen(upper)));
  if (!isEligible) {
    throw kinesisErrors.invalidArgument(
      `Shards ${toShardId(lowerIndex)} and ${toShardId(upperIndex)} in stream ${stream.name} under account ${stream.accountId} are not an adjacent pair of shards eligible for merging`,
    );
  }
}
