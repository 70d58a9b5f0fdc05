// Resharding arithmetic, table-driven (STYLE.md: domain math is tested by tables).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evenRanges, maxHashKey, type HashRange } from '../../src/services/kinesis/domain/hash-keys.js';
import {
  areAdjacent,
  isUniform,
  isValidSplitKey,
  mergeRanges,
  overlapSize,
  planUniformScaling,
  splitRange,
  type ParentShard,
  type PlannedShard,
} from '../../src/services/kinesis/domain/resharding.js';

const range = (start: bigint, end: bigint): HashRange => ({ start, end });
const whole = range(0n, maxHashKey);
const uniformParents = (count: number, firstIndex = 0): ParentShard[] => evenRanges(count).map((hashRange, position) => ({ index: firstIndex + position, range: hashRange }));

describe('split keys', () => {
  // AWS refuses start+1 and end, accepts start+2 and end-1 (kinesalite's tests against AWS).
  const cases: Array<[HashRange, bigint, boolean]> = [
    [whole, 0n, false],
    [whole, 1n, false],
    [whole, 2n, true],
    [whole, 1n << 127n, true],
    [whole, maxHashKey - 1n, true],
    [whole, maxHashKey, false],
    [whole, maxHashKey + 1n, false],
    [range(100n, 200n), 100n, false],
    [range(100n, 200n), 101n, false],
    [range(100n, 200n), 102n, true],
    [range(100n, 200n), 199n, true],
    [range(100n, 200n), 200n, false],
    [range(100n, 200n), 50n, false],
    [range(100n, 200n), 250n, false],
  ];
  for (const [parent, key, valid] of cases) {
    it(`${key} ${valid ? 'splits' : 'does not split'} [${parent.start}, ${parent.end}]`, () => {
      assert.equal(isValidSplitKey(parent, key), valid);
    });
  }

  const splits: Array<[HashRange, bigint, [HashRange, HashRange]]> = [
    [whole, 2n, [range(0n, 1n), range(2n, maxHashKey)]],
    [whole, 1n << 127n, [range(0n, (1n << 127n) - 1n), range(1n << 127n, maxHashKey)]],
    [range(100n, 200n), 150n, [range(100n, 149n), range(150n, 200n)]],
  ];
  for (const [parent, key, children] of splits) {
    it(`splits [${parent.start}, ${parent.end}] at ${key} into two ranges that meet`, () => {
      assert.deepEqual(splitRange(parent, key), children);
      assert.ok(areAdjacent(children[0], children[1]));
    });
  }
});

describe('merge adjacency', () => {
  const three = evenRanges(3);
  const cases: Array<[string, HashRange, HashRange, boolean]> = [
    ['0 then 1', three[0]!, three[1]!, true],
    ['1 then 2', three[1]!, three[2]!, true],
    ['1 then 0 (inverted)', three[1]!, three[0]!, false],
    ['0 then 2 (gap)', three[0]!, three[2]!, false],
    ['a shard with itself', three[0]!, three[0]!, false],
    ['overlapping', range(0n, 10n), range(10n, 20n), false],
  ];
  for (const [label, lower, upper, adjacent] of cases) {
    it(`${label}: ${adjacent ? 'adjacent' : 'not adjacent'}`, () => assert.equal(areAdjacent(lower, upper), adjacent));
  }
  it('merges into the union', () => assert.deepEqual(mergeRanges(three[0]!, three[1]!), range(0n, three[1]!.end)));
});

describe('uniform scaling plans', () => {
  const shape = (plan: PlannedShard[]) => plan.map((shard) => [shard.index, shard.parentIndex, shard.adjacentParentIndex, shard.isIntermediate]);
  const cases: Array<[string, ParentShard[], number, number, Array<[number, number, number | undefined, boolean]>]> = [
    ['1 -> 2 is a split', uniformParents(1), 2, 1, [[1, 0, undefined, false], [2, 0, undefined, false]]],
    ['2 -> 1 is a merge', uniformParents(2), 1, 2, [[2, 0, 1, false]]],
    ['2 -> 3: the middle child has both parents', uniformParents(2), 3, 2, [[2, 0, undefined, false], [3, 0, 1, false], [4, 1, undefined, false]]],
    ['2 -> 4: two splits', uniformParents(2), 4, 2, [[2, 0, undefined, false], [3, 0, undefined, false], [4, 1, undefined, false], [5, 1, undefined, false]]],
    ['4 -> 2: two merges', uniformParents(4), 2, 4, [[4, 0, 1, false], [5, 2, 3, false]]],
    ['6 -> 3: three merges', uniformParents(6), 3, 6, [[6, 0, 1, false], [7, 2, 3, false], [8, 4, 5, false]]],
    ['3 -> 2', uniformParents(3), 2, 3, [[3, 0, 1, false], [4, 1, 2, false]]],
    ['5 -> 3: the middle child names the shards that end inside it', uniformParents(5), 3, 5, [[5, 0, 1, false], [6, 2, 3, false], [7, 3, 4, false]]],
    ['indexes are carried', uniformParents(2, 7), 1, 12, [[12, 7, 8, false]]],
  ];
  for (const [label, parents, target, firstIndex, expected] of cases) {
    it(label, () => assert.deepEqual(shape(planUniformScaling(parents, target, firstIndex)), expected));
  }

  it('6 -> 3 gives exactly the pairwise unions of the parents, as AWS merges would, not slivers', () => {
    const parents = uniformParents(6);
    const plan = planUniformScaling(parents, 3, 6);
    assert.deepEqual(
      plan.map((shard) => shard.range),
      [0, 2, 4].map((first) => range(parents[first]!.range.start, parents[first + 1]!.range.end)),
    );
  });

  it('keeps lineage followable for every uniform layout from 1 to 40 shards and every allowed target', () => {
    for (let count = 1; count <= 40; count++) {
      const parents = uniformParents(count);
      for (let target = Math.ceil(count / 2); target <= count * 2; target++) {
        const plan = planUniformScaling(parents, target, count);
        assertFollowable(parents, plan, target, `${count} -> ${target}`);
        assert.ok(!plan.some((shard) => shard.isIntermediate), `${count} -> ${target} needs no intermediate`);
      }
    }
  });

  // A 2-shard stream whose first shard was split twice: 1/8, 1/8, 1/4, 1/2 of the space.
  const eighth = 1n << 125n;
  const uneven: ParentShard[] = [
    { index: 3, range: range(0n, eighth - 1n) },
    { index: 4, range: range(eighth, 2n * eighth - 1n) },
    { index: 2, range: range(2n * eighth, 4n * eighth - 1n) },
    { index: 1, range: range(4n * eighth, maxHashKey) },
  ];

  it('keeps lineage followable after manual splits made the layout uneven', () => {
    for (const target of [2, 3, 4, 5, 6, 7, 8]) assertFollowable(uneven, planUniformScaling(uneven, target, 5), target, `uneven -> ${target}`);
  });

  it('merges three old shards inside one new range through an intermediate shard that passes lineage on', () => {
    const plan = planUniformScaling(uneven, 2, 5);
    assert.deepEqual(shape(plan), [[5, 3, 4, true], [6, 5, 2, false], [7, 1, undefined, false]]);
    assert.deepEqual(plan[0]!.range, range(0n, 2n * eighth - 1n));
  });

  const uniformCases: Array<[string, HashRange[], boolean]> = [
    ['even 3', evenRanges(3), true],
    ['even 1', evenRanges(1), true],
    ['after a split', [range(0n, 1n), range(2n, maxHashKey)], false],
    ['two halves', [range(0n, (1n << 127n) - 1n), range(1n << 127n, maxHashKey)], true],
  ];
  for (const [label, ranges, expected] of uniformCases) {
    it(`isUniform: ${label}`, () => assert.equal(isUniform(ranges), expected));
  }
});

function assertFollowable(parents: ParentShard[], plan: PlannedShard[], target: number, label: string): void {
  const byIndex = new Map<number, HashRange>(parents.map((parent) => [parent.index, parent.range]));
  for (const shard of plan) byIndex.set(shard.index, shard.range);
  const children = plan.filter((shard) => !shard.isIntermediate);
  assert.equal(children.length, target, `${label}: ${target} open shards`);
  assert.equal(children[0]!.range.start, 0n, `${label}: starts at 0`);
  assert.equal(children[children.length - 1]!.range.end, maxHashKey, `${label}: ends at 2^128-1`);
  children.forEach((child, position) => {
    if (position > 0) assert.ok(areAdjacent(children[position - 1]!.range, child.range), `${label}: child ${position} follows its neighbour`);
  });
  const oldIndexes = new Set(parents.map((parent) => parent.index));
  for (const shard of plan) {
    assert.ok(shard.range.start <= shard.range.end, `${label}: shard ${shard.index} is not empty`);
    const named = [shard.parentIndex, shard.adjacentParentIndex].filter((index): index is number => index !== undefined);
    for (const index of named) {
      assert.ok(index < shard.index, `${label}: parent ${index} is numbered below ${shard.index}`);
      assert.ok(overlapSize(byIndex.get(index)!, shard.range) > 0n, `${label}: shard ${shard.index} overlaps parent ${index}`);
    }
    if (named.length === 2) assert.ok(areAdjacent(byIndex.get(named[0]!)!, byIndex.get(named[1]!)!), `${label}: shard ${shard.index}'s parents are adjacent, lower first`);
  }
  for (const shard of [...parents.map((parent) => parent.index), ...plan.filter((planned) => planned.isIntermediate).map((planned) => planned.index)]) {
    assert.ok(plan.some((planned) => planned.parentIndex === shard || planned.adjacentParentIndex === shard), `${label}: shard ${shard} has a child`);
  }
  // A child descends, directly or through intermediates, from every old shard it overlaps
  // that no earlier child descends from: the KCL finishes those before reading it.
  const ancestors = (index: number): number[] => {
    const shard = plan.find((planned) => planned.index === index);
    if (!shard) return [index];
    return [shard.parentIndex, shard.adjacentParentIndex].filter((parent): parent is number => parent !== undefined).flatMap(ancestors);
  };
  const claimed = new Set<number>();
  for (const child of children) {
    const own = ancestors(child.index);
    for (const parent of parents) {
      if (overlapSize(parent.range, child.range) > 0n && !claimed.has(parent.index)) {
        assert.ok(own.includes(parent.index), `${label}: shard ${child.index} descends from ${parent.index}, which it overlaps`);
      }
    }
    for (const index of own) claimed.add(index);
  }
  assert.ok([...oldIndexes].every((index) => claimed.has(index)));
}
