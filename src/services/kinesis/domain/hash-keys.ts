// Hash-key arithmetic (aws-wire.md §1.3): a partition key maps to the MD5 of its UTF-8
// bytes read as an unsigned 128-bit big-endian integer; initial shards split the space
// [0, 2^128-1] evenly and the last one ends at 2^128-1.
import { hash } from 'node:crypto';

export const maxHashKey = (1n << 128n) - 1n;

export function hashOfPartitionKey(partitionKey: string): bigint {
  // crypto.hash, one call without a Hash object, is about twice as fast per record.
  return BigInt('0x' + hash('md5', partitionKey, 'hex'));
}

export interface HashRange {
  start: bigint;
  end: bigint;
}

export function evenRanges(count: number, start = 0n, end = maxHashKey): HashRange[] {
  const width = (end - start + 1n) / BigInt(count);
  const ranges: HashRange[] = [];
  for (let index = 0; index < count; index++) {
    const rangeStart = start + BigInt(index) * width;
    const rangeEnd = index === count - 1 ? end : rangeStart + width - 1n;
    ranges.push({ start: rangeStart, end: rangeEnd });
  }
  return ranges;
}

/** Parses a decimal hash key, or undefined if it is not one within [0, 2^128-1]. */
export function parseHashKey(text: string): bigint | undefined {
  if (!/^(0|[1-9]\d{0,38})$/.test(text)) return undefined;
  const value = BigInt(text);
  return value <= maxHashKey ? value : undefined;
}
