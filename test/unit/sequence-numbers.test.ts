// Sequence numbers against their definition (sequence-numbers.ts: hex digits '2' | shard
// creation seconds (9) | shard index (8) | counter (16) | '2', written in decimal), table-driven
// and over random shards and counters, carries across the fast path's 15 low digits included.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSequenceNumber, toSequenceNumber } from '../../src/services/kinesis/domain/sequence-numbers.js';

function definition(shardCreatedMillis: number, shardIndex: number, counter: number): string {
  const hex = '2' + Math.floor(shardCreatedMillis / 1000).toString(16).padStart(9, '0') + shardIndex.toString(16).padStart(8, '0') + counter.toString(16).padStart(16, '0') + '2';
  return BigInt('0x' + hex).toString(10);
}

/** The counter whose number first changes a digit above the last 15 (10^15 = 16 × 62,500,000,000,000). */
function firstCarry(shardCreatedMillis: number, shardIndex: number): number {
  const low = Number(definition(shardCreatedMillis, shardIndex, 0).slice(-15));
  return Math.ceil((1e15 - low) / 16);
}

const maxCounter = Number.MAX_SAFE_INTEGER;

describe('sequence numbers', () => {
  it('write the definition in decimal', () => {
    const table: Array<[number, number, number]> = [
      [0, 0, 0],
      [1_700_000_000_000, 0, 0],
      [1_700_000_000_000, 3, 1],
      [1_700_000_000_999, 3, 123_456],
      [1_611_248_009_879, 4_294_967_295, 0],
      [68_719_476_735_999, 4_294_967_295, maxCounter],
      [1_700_000_000_000, 7, maxCounter],
      [1_700_000_000_000, 7, maxCounter - 1],
      [1_700_000_000_000, 7, 2 ** 52],
      [1_700_000_000_000, 7, 62_500_000_000_000],
      [1_700_000_000_000, 7, 62_499_999_999_999],
    ];
    for (const [millis, index, counter] of table) {
      assert.equal(toSequenceNumber(millis, index, counter), definition(millis, index, counter), `${millis}/${index}/${counter}`);
    }
  });

  it('carry into the digits above the last 15 exactly where the definition does', () => {
    for (const [millis, index] of [[1_700_000_000_000, 0], [1_700_000_000_000, 1], [1_611_248_009_879, 12], [0, 0], [1_234_567_000, 999]] as const) {
      const carry = firstCarry(millis, index);
      for (const counter of [carry - 2, carry - 1, carry, carry + 1, carry + 62_500_000_000_000]) {
        assert.equal(toSequenceNumber(millis, index, counter), definition(millis, index, counter), `${millis}/${index}/${counter}`);
      }
    }
  });

  it('match the definition over random shards and counters, read back by parseSequenceNumber', () => {
    // mulberry32: a fixed, well-mixed sequence, so a failure names an input that recurs.
    let seed = 11;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let mixed = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
      return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
    };
    for (let round = 0; round < 20_000; round++) {
      const millis = Math.floor(random() * 68_719_476_736_000);
      const index = Math.floor(random() * 4_294_967_296);
      // Counters of every magnitude: small ones, ones near a carry, ones up to 2^53 - 1.
      const counters = [Math.floor(random() * 1000), Math.floor(2 ** (random() * 53)), Math.max(0, Math.min(maxCounter, firstCarry(millis, index) + Math.floor(random() * 5) - 2))];
      for (const counter of counters) {
        const text = toSequenceNumber(millis, index, counter);
        assert.equal(text, definition(millis, index, counter), `${millis}/${index}/${counter}`);
        assert.deepEqual(parseSequenceNumber(text), { shardCreatedSeconds: Math.floor(millis / 1000), shardIndex: index, counter });
      }
    }
  });

  it("keep shards apart when records switch between them, also past the cache's bound of 100,000 shards", () => {
    const shards = [[1_700_000_000_000, 0], [1_700_000_000_000, 1], [1_700_000_001_000, 0]] as const;
    for (let counter = 0; counter < 50; counter++) {
      for (const [millis, index] of shards) assert.equal(toSequenceNumber(millis, index, counter), definition(millis, index, counter));
    }
    for (let index = 0; index < 100_010; index++) toSequenceNumber(1_600_000_000_000, index, 1);
    for (const [millis, index] of [...shards, [1_600_000_000_000, 5], [1_600_000_000_000, 100_009]] as const) {
      assert.equal(toSequenceNumber(millis, index, 7), definition(millis, index, 7));
    }
  });

  it('go below the base by 16 a step for a negative counter (a position before the first record)', () => {
    for (const [millis, index] of [[1_700_000_000_000, 0], [1_611_248_009_879, 12]] as const) {
      const low = Number(definition(millis, index, 0).slice(-15));
      const borrow = -Math.floor(low / 16) - 1;
      for (const counter of [-1, -2, borrow + 1, borrow, borrow - 1, -maxCounter]) {
        assert.equal(toSequenceNumber(millis, index, counter), (BigInt(definition(millis, index, 0)) + BigInt(counter) * 16n).toString(10), `${millis}/${index}/${counter}`);
      }
    }
  });

  it('refuse a counter that is not an integer, as BigInt does', () => {
    for (const counter of [1.5, Number.NaN, Number.POSITIVE_INFINITY]) assert.throws(() => toSequenceNumber(1_700_000_000_000, 0, counter), RangeError);
  });
});
