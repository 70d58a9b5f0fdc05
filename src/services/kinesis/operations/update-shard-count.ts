import type { UpdateShardCountInput, UpdateShardCountOutput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { InternalError, needs } from '../../errors.js';
import { kinesisErrors } from '../errors.js';
import { isUniform, planUniformScaling } from '../domain/resharding.js';
import { closeShard, ensureProvisioned, openChild, rangeOf, readEndCounters } from '../domain/reshard-steps.js';
import { ensureShardLimit } from '../domain/shard-limit.js';
import { type ShardMeta, type StreamDoc } from '../domain/streams.js';
import { addressOf, beginUpdating, ensureActive, type Kinesis, openShards } from '../kinesis.js';

// At most 10 calls per stream in any rolling 24 hours (aws-wire.md §1.7).
const maxScalingsPerDay = 10;
const dayMs = 24 * 3_600_000;

/**
 * UNIFORM_SCALING to TargetShardCount: every open shard is closed and TargetShardCount
 * new shards with even ranges are opened, each naming the old shards it overlaps as
 * parents, through closed intermediate merges where a new shard overlaps more than two
 * (see planUniformScaling for why, and how lineage stays followable). Limits:
 * between half and double the open shard count, the account's shard quota, 10 calls a
 * day (aws-wire.md §1.7). The half/double texts are kinesalite's, not recorded from AWS.
 */
export async function updateShardCount(kinesis: Kinesis, input: UpdateShardCountInput, context: RequestContext): Promise<UpdateShardCountOutput> {
  const address = addressOf(input, context.caller);
  const target = input.TargetShardCount;
  for (let attempt = 0; ; attempt++) {
    const stream = await kinesis.streams.get(address);
    await context.authorize('kinesis:UpdateShardCount', stream.arn);
    ensureProvisioned(stream);
    ensureActive(stream);
    const open = sortedOpenShards(stream);
    checkTarget(kinesis, stream, open.length, target);
    await ensureShardLimit(kinesis, stream, target - open.length);
    const output = { StreamName: stream.name, StreamARN: stream.arn, CurrentShardCount: open.length, TargetShardCount: target };
    // Already the even split into that many shards: nothing to reshard.
    if (target === open.length && isUniform(open.map(rangeOf))) return output;

    const endCounters = await readEndCounters(kinesis, stream, open);
    let resharded = false;
    await kinesis.streams.update(address, (current) => {
      // Runs again on a compare-and-set conflict: only the attempt that is stored counts.
      resharded = false;
      ensureActive(current);
      const currentOpen = sortedOpenShards(current);
      // A split or merge finished in between: start over with the shards open now.
      if (!currentOpen.every((shard) => endCounters.has(shard.index)) || currentOpen.length !== open.length) return;
      checkTarget(kinesis, current, currentOpen.length, target);
      const now = kinesis.now();
      const parents = currentOpen.map((shard) => ({ index: shard.index, range: rangeOf(shard) }));
      const plan = planUniformScaling(parents, target, current.nextShardIndex);
      for (const shard of currentOpen) closeShard(shard, now, endCounters.get(shard.index)!);
      for (const planned of plan) {
        const shard = openChild(current, planned.range, now, planned.parentIndex, planned.adjacentParentIndex);
        needs(shard.index === planned.index, 'KINESIS_RESHARD_PLAN', `planned shard ${planned.index} was numbered ${shard.index}`);
        // An intermediate merge never holds a record: its log is empty, so it ends at counter 0.
        if (planned.isIntermediate) closeShard(shard, now, 0);
      }
      current.scalingEvents = [...recentScalings(kinesis, current), now];
      beginUpdating(current, kinesis);
      resharded = true;
    });
    if (resharded) return output;
    if (attempt >= 5) throw new InternalError('KINESIS_CONTENTION', `stream ${stream.name} was resharded too often to rescale`);
  }
}

function sortedOpenShards(stream: StreamDoc): ShardMeta[] {
  return openShards(stream).sort((left, right) => {
    const difference = BigInt(left.hashStart) - BigInt(right.hashStart);
    return difference < 0n ? -1 : difference > 0n ? 1 : 0;
  });
}

function recentScalings(kinesis: Kinesis, stream: StreamDoc): number[] {
  const since = kinesis.now() - dayMs;
  return stream.scalingEvents.filter((time) => time > since);
}

function checkTarget(kinesis: Kinesis, stream: StreamDoc, openCount: number, target: number): void {
  if (target > openCount * 2) {
    throw kinesisErrors.limitExceeded(
      `UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: ${openCount}, Target shard count: ${target}`,
    );
  }
  if (target < openCount / 2) {
    throw kinesisErrors.limitExceeded(
      `UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: ${openCount}, Target shard count: ${target}`,
    );
  }
  // AWS's wording for the daily budget is not recorded anywhere we know of ([INF]).
  if (recentScalings(kinesis, stream).length >= maxScalingsPerDay) {
    throw kinesisErrors.limitExceeded(
      `Stream ${stream.name} under account ${stream.accountId} has already been scaled ${maxScalingsPerDay} times in the last 24 hours. ` +
        `UpdateShardCount can scale a stream at most ${maxScalingsPerDay} times per rolling 24-hour period.`,
    );
  }
}
