import type { SplitShardInput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { kinesisErrors } from '../errors.js';
import { isValidSplitKey, splitRange } from '../domain/resharding.js';
import {
  closeShard,
  ensureProvisioned,
  openChild,
  rangeOf,
  readEndCounters,
  shardAt,
  shardIndexOf,
} from '../domain/reshard-steps.js';
import { ensureShardLimit } from '../domain/shard-limit.js';
import { isOpen, toShardId, type ShardMeta, type StreamDoc } from '../domain/streams.js';
import { addressOf, beginUpdating, ensureActive, type Kinesis } from '../kinesis.js';

/**
 * Closes one open shard and opens its two children at once; the stream is UPDATING for
 * the transition (aws-wire.md §1.5) while reads and writes go on, new writes landing in
 * the children. Checks run in the order kinesalite recorded against AWS: shard id,
 * stream, shard, shard limit, hash key, then the stream's state. Whether the shard is
 * still open comes last: AWS splits when UPDATING ends, so a second split of the same
 * shard during the transition is "not ACTIVE" there, and it is here too.
 */
export async function splitShard(kinesis: Kinesis, input: SplitShardInput, context: RequestContext): Promise<void> {
  const address = addressOf(input, context.caller);
  const index = shardIndexOf(address, input.ShardToSplit);
  const stream = await kinesis.streams.get(address);
  await context.authorize('kinesis:SplitShard', stream.arn);
  ensureProvisioned(stream);
  const shard = shardAt(stream, index);
  await ensureShardLimit(kinesis, stream, 1);
  checkSplitKey(stream, shard, input.NewStartingHashKey);
  ensureActive(stream);
  ensureSplittable(stream, shard);

  const endCounters = await readEndCounters(kinesis, stream, [shard]);
  await kinesis.streams.update(address, (current) => {
    ensureActive(current);
    const parent = shardAt(current, index);
    ensureSplittable(current, parent);
    const now = kinesis.now();
    closeShard(parent, now, endCounters.get(index)!);
    for (const range of splitRange(rangeOf(parent), BigInt(input.NewStartingHashKey))) openChild(current, range, now, parent.index);
    beginUpdating(current, kinesis);
  });
}

function checkSplitKey(stream: StreamDoc, shard: ShardMeta, newStartingHashKey: string): void {
  if (!isValidSplitKey(rangeOf(shard), BigInt(newStartingHashKey))) {
    throw kinesisErrors.invalidArgument(
      `NewStartingHashKey ${newStartingHashKey} used in SplitShard() on shard ${toShardId(shard.index)} in stream ${stream.name} under account ${stream.accountId} ` +
        `is not both greater than one plus the shard's StartingHashKey ${shard.hashStart} and less than the shard's EndingHashKey ${shard.hashEnd}.`,
    );
  }
}

function ensureSplittable(stream: StreamDoc, shard: ShardMeta): void {
  if (!isOpen(shard)) {
    // AWS's text for a closed shard is known only through moto (aws-wire.md §1.8, [MO]).
    throw kinesisErrors.invalidArgument(
      `Shard ${toShardId(shard.index)} in stream ${stream.name} under account ${stream.accountId} has already been merged or split, and thus is not eligible for merging or splitting.`,
    );
  }
}
