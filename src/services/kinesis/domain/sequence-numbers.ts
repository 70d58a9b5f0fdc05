// Sequence numbers: decimal strings, strictly increasing per shard, unique per stream,
// and, as AWS's do, encoding the shard they belong to (aws-wire.md §1.3, §5.4 item 24).
// Layout, in hex digits: '2' | shard creation, epoch seconds (9) | shard index (8) |
// per-shard counter (16) | '2'. The counter is the storage log's sequence number, so
// order within a shard is the counter's order; counter 0 is the shard's starting number.

export interface DecodedSequenceNumber {
  shardCreatedSeconds: number;
  shardIndex: number;
  counter: number;
}

/**
 * A shard's number with counter 0, in decimal: all but its last 15 digits as text, the
 * last 15 as a number. A double holds any integer below 2^53 exactly, 10^15 included.
 */
interface Base {
  value: bigint;
  high: string;
  low: number;
}

const lowDigits = 15;
const lowLimit = 10 ** lowDigits;
/** By shard creation time, then shard index: number keys, as a PutRecords batch switches shards from one record to the next. */
const bases = new Map<number, Map<number, Base>>();
let cachedBases = 0;

/** The number with counter 0; every other one adds counter × 16 (the counter sits one hex digit above the end). */
function baseOf(shardCreatedMillis: number, shardIndex: number): Base {
  let ofTime = bases.get(shardCreatedMillis);
  let base = ofTime?.get(shardIndex);
  if (base === undefined) {
    const hex = '2' + Math.floor(shardCreatedMillis / 1000).toString(16).padStart(9, '0') + shardIndex.toString(16).padStart(8, '0') + '0'.repeat(16) + '2';
    const value = BigInt('0x' + hex);
    // At least 2^137, so always more than 15 digits.
    const decimal = value.toString(10);
    base = { value, high: decimal.slice(0, -lowDigits), low: Number(decimal.slice(-lowDigits)) };
    if (cachedBases > 100_000) {
      bases.clear();
      cachedBases = 0;
      ofTime = undefined;
    }
    if (ofTime === undefined) bases.set(shardCreatedMillis, (ofTime = new Map()));
    ofTime.set(shardIndex, base);
    cachedBases++;
  }
  return base;
}

export function toSequenceNumber(shardCreatedMillis: number, shardIndex: number, counter: number): string {
  const base = baseOf(shardCreatedMillis, shardIndex);
  // Decimal addition in plain numbers while the sum stays within the low digits (an integer
  // counter × 16 is exact, and so is a sum below 10^15); past them, and for a counter that
  // is not an integer (which BigInt refuses), BigInt arithmetic.
  const low = base.low + counter * 16;
  if (low >= 0 && low < lowLimit && Number.isInteger(counter)) return base.high + String(low).padStart(lowDigits, '0');
  return (base.value + BigInt(counter) * 16n).toString(10);
}

export function parseSequenceNumber(text: string): DecodedSequenceNumber | undefined {
  if (!/^(0|[1-9]\d{0,128})$/.test(text)) return undefined;
  const hex = BigInt(text).toString(16);
  if (hex.length !== 35 || hex[0] !== '2' || hex[34] !== '2') return undefined;
  const counter = Number.parseInt(hex.slice(18, 34), 16);
  if (!Number.isSafeInteger(counter)) return undefined;
  return {
    shardCreatedSeconds: Number.parseInt(hex.slice(1, 10), 16),
    shardIndex: Number.parseInt(hex.slice(10, 18), 16),
    counter,
  };
}
