// Random bytes for salts and IVs, taken from a pool filled by the system CSPRNG. Each
// small randomBytes() call costs a few microseconds; a record needs 28 bytes, so the pool
// keeps that off the per-record path. A new pool is allocated for each refill, so bytes
// already handed out are never overwritten.
import { randomFillSync } from 'node:crypto';

const poolSize = 64 * 1024;
let pool = Buffer.alloc(0);
let offset = 0;

export function takeRandom(length: number): Buffer {
  if (length > poolSize) return randomFillSync(Buffer.allocUnsafe(length));
  if (offset + length > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(poolSize));
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + length);
  offset += length;
  return bytes;
}
