// Hash-range arithmetic of resharding (aws-wire.md §1.3, §1.5): SplitShard cuts one
// open shard in two at NewStartingHashKey, MergeShards joins two open shards whose
// ranges touch, and UpdateShardCount with UNIFORM_SCALING replaces every open shard by
// `target` shards of (nearly) equal width. Pure functions over BigInt ranges; the
// operations decide what to store.
import { evenRanges, type HashRange } from './hash-keys.js';

/**
 * AWS accepts a split key only when it is "greater than one plus the shard's
 * StartingHashKey and less than the shard's EndingHashKey" (kinesalite's recorded
 * message and its tests against AWS: key start+1 is refused, start+2 accepted, end refused),
 * so both children hold at least two hash keys.
 */
export function isValidSplitKey(parent: HashRange, key: bigint): boolean {
  return key > parent.start + 1n && key < parent.end;
}

/** The two children of a split: [start, key-1] and [key, end]. */
export function splitRange(parent: HashRange, key: bigint): [HashRange, HashRange] {
  return [
    { start: parent.start, end: key - 1n },
    { start: key, end: parent.end },
  ];
}

/** Merging needs the lower range first: ShardToMerge's range must end right before AdjacentShardToMerge's (aws-wire.md §1.8). */
export function areAdjacent(lower: HashRange, upper: HashRange): boolean {
  return lower.end + 1n === upper.start;
}

export function mergeRanges(lower: HashRange, upper: HashRange): HashRange {
  return { start: lower.start, end: upper.end };
}

export interface ParentShard {
  index: number;
  range: HashRange;
}

export interface PlannedShard {
  /** Numbered from the `firstIndex` given, in creation order: every parent is numbered below its child. */
  index: number;
  range: HashRange;
  /** The parent with the lower range. */
  parentIndex: number;
  /** A second parent, whose range comes right after the first's. */
  adjacentParentIndex?: number;
  /** A merge that only passes lineage on: closed in the same change that opens it, it never holds a record. */
  isIntermediate: boolean;
}

/**
 * Uniform scaling of the open shards `parents` (ascending, covering the whole hash space)
 * to `target` shards.
 *
 * AWS performs UNIFORM_SCALING as a series of splits and merges, leaving short-lived
 * intermediate shards behind. Here every open shard is closed at once and `target` new
 * shards with even ranges are opened, each naming the old shards it overlaps as its
 * parents. The Shard shape has room for two parents (ParentShardId and
 * AdjacentParentShardId) and the KCL reads a child once every parent it names is
 * finished, so the plan keeps what clients rely on:
 *   - every new shard names one or two parents, and two parents are adjacent, lower first;
 *   - every old shard is named by at least one new shard, so GetRecords at its end has
 *     ChildShards to return (aws-wire.md §1.4: no iterator with an empty ChildShards is
 *     rejected by the KCL);
 *   - a child names, directly or through intermediates, every old shard it overlaps that
 *     no earlier child named, so per-key order holds across the change.
 * Children are taken left to right; an old shard overlapped by several children is named
 * by the first, and later ones name it too while they have a free slot. When a child has
 * more than two old shards to name (several narrow shards, left by manual splits, inside
 * one new range), they are merged pairwise into intermediate shards, AWS's own way of
 * getting there, until two remain. An intermediate's range is the part of its parents'
 * ranges that flows into its child.
 *
 * Even ranges are computed as CreateStream computes them; a boundary that falls within
 * width/1024 of an old boundary is moved onto it, so halving 6 even shards gives exactly
 * the pairwise unions (what AWS's merges produce) instead of children that overlap a
 * neighbour's parent by the few keys integer division leaves over.
 */
export function planUniformScaling(parents: ParentShard[], target: number, firstIndex: number): PlannedShard[] {
  const ranges = snapToParents(evenRanges(target), parents);
  const named = new Set<number>();
  const planned: PlannedShard[] = [];
  let nextIndex = firstIndex;

  for (const range of ranges) {
    const candidates = parents.filter((parent) => overlapSize(parent.range, range) > 0n);
    // Only the leftmost candidate can have been named already (by the child before), so these are consecutive.
    let chosen = candidates.filter((parent) => !named.has(parent.index));
    if (chosen.length === 0) chosen = [largestOverlap(candidates, range)];
    if (chosen.length === 1) {
      const position = candidates.indexOf(chosen[0]!);
      const neighbours = [candidates[position - 1], candidates[position + 1]].filter((parent): parent is ParentShard => parent !== undefined);
      if (neighbours.length > 0) chosen.push(largestOverlap(neighbours, range));
      chosen.sort((left, right) => compare(left.range.start, right.range.start));
    }
    for (const parent of chosen) named.add(parent.index);

    let layer: ParentShard[] = chosen;
    while (layer.length > 2) {
      const next: ParentShard[] = [];
      for (let position = 0; position < layer.length; position += 2) {
        const lower = layer[position]!;
        const upper = layer[position + 1];
        if (!upper) {
          next.push(lower);
          continue;
        }
        const merged: PlannedShard = {
          index: nextIndex++,
          range: { start: max(lower.range.start, range.start), end: min(upper.range.end, range.end) },
          parentIndex: lower.index,
          adjacentParentIndex: upper.index,
          isIntermediate: true,
        };
        planned.push(merged);
        next.push({ index: merged.index, range: merged.range });
      }
      layer = next;
    }
    const [first, second] = layer;
    planned.push({
      index: nextIndex++,
      range,
      parentIndex: first!.index,
      ...(second ? { adjacentParentIndex: second.index } : {}),
      isIntermediate: false,
    });
  }
  return planned;
}

/** Whether the ranges are already the even split into their own count (a uniform rescale to the same count changes nothing). */
export function isUniform(ranges: HashRange[]): boolean {
  const even = evenRanges(ranges.length);
  return ranges.every((range, position) => range.start === even[position]!.start && range.end === even[position]!.end);
}

function snapToParents(ranges: HashRange[], parents: ParentShard[]): HashRange[] {
  if (ranges.length < 2) return ranges;
  const tolerance = (ranges[0]!.end - ranges[0]!.start + 1n) / 1024n;
  const starts = ranges.map((range, position) => {
    if (position === 0) return range.start;
    let best = range.start;
    let bestDistance = tolerance + 1n;
    for (const parent of parents) {
      const distance = absolute(parent.range.start - range.start);
      if (distance < bestDistance) {
        best = parent.range.start;
        bestDistance = distance;
      }
    }
    return best;
  });
  return ranges.map((range, position) => ({
    start: starts[position]!,
    end: position === ranges.length - 1 ? range.end : starts[position + 1]! - 1n,
  }));
}

export function overlapSize(left: HashRange, right: HashRange): bigint {
  const start = left.start > right.start ? left.start : right.start;
  const end = left.end < right.end ? left.end : right.end;
  return end >= start ? end - start + 1n : 0n;
}

function largestOverlap(candidates: ParentShard[], range: HashRange): ParentShard {
  return candidates.reduce((best, parent) => (overlapSize(parent.range, range) > overlapSize(best.range, range) ? parent : best));
}

function max(left: bigint, right: bigint): bigint {
  return left > right ? left : right;
}

function min(left: bigint, right: bigint): bigint {
  return left < right ? left : right;
}

function compare(left: bigint, right: bigint): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function absolute(value: bigint): bigint {
  return value < 0n ? -value : value;
}
