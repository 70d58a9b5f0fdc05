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

const bases = new Map<string, bigint>();

/** The number with counter 0; every other one adds counter × 16 (the counter sits one hex digit above the end). */
function baseOf(shardCreatedMillis: number, shardIndex: number): bigint {
  const slot = `${shardCreatedMillis}/${shardIndex}`;
  let base = bases.get(slot);
  if (base === undefined) {
    const hex = '2' + Math.floor(shardCreatedMillis / 1000).toString(16).padStart(9, '0') + shardIndex.toString(16).padStart(8, '0') + '0'.repeat(16) + '2';
    base = BigInt('0x' + hex);
    if (bases.size > 100_000) bases.clear();
    bases.set(slot, base);
  }
  return base;
}

export function toSequenceNumber(shardCreatedMillis: number, shardIndex: number, counter: number): string {
  return (baseOf(shardCreatedMillis, shardIndex) + BigInt(counter) * 16n).toString(10);
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
