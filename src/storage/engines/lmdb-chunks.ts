// The value format of the LMDB engine's chunks: every record that one append wrote to one log,
// as one LMDB value (lmdb.ts says why).
//
// Grammar, every number big-endian:
//   chunk   = format count entry{count} payload{count}
//   format  = u8, 1              the version of this grammar; anything else is refused
//   count   = u32, >= 1          the number of records
//   entry   = seq arrival end    20 bytes, so entry i starts at byte 5 + 20 * i
//   seq     = float64            the record's sequence number: strictly increasing within a
//                                chunk, not necessarily consecutive. A float64 holds every
//                                safe integer exactly (ECMA-262, Number.MAX_SAFE_INTEGER).
//   arrival = float64            epoch milliseconds, never decreasing within a chunk
//   end     = u32                offset just past the record's payload, counted from the first
//                                payload byte; the last end is the total payload size
//   payload = the record's bytes, in entry order, back to back
//
// The fixed-width table before the payloads lets a reader binary-search a chunk by seq (where a
// read starts, where a trim splits) or by arrival (seekTime), and find any record's payload at
// once, without walking the payloads before it.

import type { LogRecord } from '../engine.js';
import { corruptError, invalidError } from './checks.js';

/** A chunk's LMDB key: [log, first record's seq, first record's arrival] (lmdb.ts says why). */
export type ChunkKey = [log: string, firstSeq: number, firstArrival: number];

export function chunkKey(log: string, first: LogRecord): ChunkKey {
  return [log, first.seq, first.arrival];
}

const chunkFormat = 1;
const headerBytes = 5;
const entryBytes = 20;
const maxPayloadBytes = 0xffff_ffff;

/** Encodes records already checked by checkAppends (increasing seqs, non-decreasing arrivals); copies their payloads. */
export function encodeChunk(records: readonly LogRecord[]): Buffer {
  let payloadBytes = 0;
  for (const record of records) payloadBytes += record.payload.byteLength;
  if (records.length === 0) throw invalidError('a chunk holds at least one record');
  if (payloadBytes > maxPayloadBytes) throw invalidError(`one append's records of one log must total at most ${maxPayloadBytes} bytes`);
  const payloadsStart = headerBytes + entryBytes * records.length;
  const chunk = Buffer.allocUnsafe(payloadsStart + payloadBytes);
  chunk.writeUInt8(chunkFormat, 0);
  chunk.writeUInt32BE(records.length, 1);
  let entry = headerBytes;
  let payloadEnd = payloadsStart;
  for (const record of records) {
    chunk.set(record.payload, payloadEnd);
    payloadEnd += record.payload.byteLength;
    chunk.writeDoubleBE(record.seq, entry);
    chunk.writeDoubleBE(record.arrival, entry + 8);
    chunk.writeUInt32BE(payloadEnd - payloadsStart, entry + 16);
    entry += entryBytes;
  }
  return chunk;
}

/**
 * A decoded view of one chunk, reading its bytes in place. Given a buffer that lmdb-js reuses
 * (getBinaryFast), it is valid only until the next lmdb-js read; `record` copies a payload out.
 */
export class Chunk {
  readonly count: number;
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #payloadsStart: number;

  constructor(value: Uint8Array) {
    // `length`, not `byteLength`: lmdb-js's reused buffer sets its own `length` to the size of
    // the value it last read, and its byteLength stays the size of the whole buffer.
    const length = value.length;
    // A plain Uint8Array over the same bytes, so that slice() copies (Buffer's slice is a view).
    this.#bytes = new Uint8Array(value.buffer, value.byteOffset, length);
    this.#view = new DataView(value.buffer, value.byteOffset, length);
    if (length < headerBytes || this.#view.getUint8(0) !== chunkFormat) {
      throw corruptError(`a chunk must start with format byte ${chunkFormat}`);
    }
    this.count = this.#view.getUint32(1);
    this.#payloadsStart = headerBytes + entryBytes * this.count;
    if (this.count === 0 || this.#payloadsStart > length || this.#payloadsStart + this.#end(this.count - 1) !== length) {
      throw corruptError(`a chunk of ${length} bytes cannot hold the ${this.count} records its header counts`);
    }
  }

  seq(index: number): number {
    return this.#view.getFloat64(headerBytes + entryBytes * index);
  }

  arrival(index: number): number {
    return this.#view.getFloat64(headerBytes + entryBytes * index + 8);
  }

  payloadLength(index: number): number {
    return this.#end(index) - this.#start(index);
  }

  /** The record at index, its payload copied into bytes the caller owns. */
  record(index: number): LogRecord {
    const start = this.#start(index);
    const end = this.#end(index);
    if (end < start || this.#payloadsStart + end > this.#bytes.length) throw corruptError(`record ${index} of a chunk is outside it`);
    const payload = this.#bytes.slice(this.#payloadsStart + start, this.#payloadsStart + end);
    return { seq: this.seq(index), arrival: this.arrival(index), payload };
  }

  /** The records from index `from` to the end, copied. */
  records(from: number): LogRecord[] {
    const records: LogRecord[] = [];
    for (let index = from; index < this.count; index++) records.push(this.record(index));
    return records;
  }

  /** The index of the first record whose seq >= seq, or count if there is none. */
  indexOfSeq(seq: number): number {
    return this.#firstIndex((index) => this.seq(index) >= seq);
  }

  /** The index of the first record whose arrival >= time, or count if there is none. */
  indexOfArrival(time: number): number {
    return this.#firstIndex((index) => this.arrival(index) >= time);
  }

  /** Binary search for the first index where `isReached` holds; it must be false, then true. */
  #firstIndex(isReached: (index: number) => boolean): number {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (isReached(middle)) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  #start(index: number): number {
    return index === 0 ? 0 : this.#end(index - 1);
  }

  #end(index: number): number {
    return this.#view.getUint32(headerBytes + entryBytes * index + 16);
  }
}
