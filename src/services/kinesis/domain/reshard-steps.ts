// What SplitShard, MergeShards and UpdateShardCount share besides the range arithmetic
// and the account's shard limit (shard-limit.ts): the provisioned-only rule, the shard
// lookup with the text AWS uses in these two calls, and closing a shard at the end of its
// log.
import { kinesisErrors } from '../errors.js';
import type { Kinesis } from '../kinesis.js';
import type { HashRange } from './hash-keys.js';
import { parseShardId } from './shard-ids.js';
import { logName, refOf, toShardId, type ShardMeta, type StreamAddress, type StreamDoc } from './streams.js';

/** Resharding calls are for provisioned streams only; AWS's wording is known only through moto (aws-wire.md §1.8, [MO]). */
export function ensureProvisioned(stream: StreamDoc): void {
  if (stream.mode === 'ON_DEMAND') {
    throw kinesisErrors.validation(`Request is invalid. Stream ${stream.name} under account ${stream.accountId} is in On-Demand mode.`);
  }
}

/**
 * The shard index a SplitShard/MergeShards argument names. AWS resolves the id before it
 * looks the stream up, and answers "Could not find shard <raw> ..." for an unparseable
 * id even when the stream does not exist (kinesalite's tests against AWS).
 */
export function shardIndexOf(address: StreamAddress, raw: string): number {
  const index = parseShardId(raw);
  if (index === undefined) throw kinesisErrors.shardUnparseable(refOf(address), raw);
  return index;
}

/** Split and merge word a missing shard as "Could not find shard shardId-… in stream …." (kinesalite, not GetShardIterator's text). */
export function shardAt(stream: StreamDoc, index: number): ShardMeta {
  const shard = stream.shards.find((candidate) => candidate.index === index);
  if (!shard) throw kinesisErrors.shardUnparseable(refOf(stream), toShardId(index));
  return shard;
}

export function rangeOf(shard: ShardMeta): HashRange {
  return { start: BigInt(shard.hashStart), end: BigInt(shard.hashEnd) };
}

/**
 * The last counter of each shard's log, read before the metadata update that closes
 * them. A record appended between this read and the update lands after endCounter;
 * GetRecords reads a closed shard up to the larger of endCounter and the log's end, so
 * such a record is still delivered before ChildShards.
 */
export async function readEndCounters(kinesis: Kinesis, stream: StreamDoc, shards: ShardMeta[]): Promise<Map<number, number>> {
  const counters = new Map<number, number>();
  for (const shard of shards) counters.set(shard.index, await kinesis.engine.lastSeq(logName(stream, shard)));
  return counters;
}

export function closeShard(shard: ShardMeta, now: number, endCounter: number): void {
  shard.closedAt = now;
  shard.endCounter = endCounter;
}

/**
 * A new shard numbered from stream.nextShardIndex: children are always numbered above
 * their parents, which the KPL assumes (aws-wire.md §1.3).
 */
export function openChild(stream: StreamDoc, range: HashRange, now: number, parentIndex: number, adjacentParentIndex?: number): ShardMeta {
  const child: ShardMeta = {
    index: stream.nextShardIndex,
    parentIndex,
    ...(adjacentParentIndex !== undefined ? { adjacentParentIndex } : {}),
    hashStart: range.start.toString(),
    hashEnd: range.end.toString(),
    createdAt: now,
  };
  stream.nextShardIndex += 1;
  stream.shards.push(child);
  return child;
}
