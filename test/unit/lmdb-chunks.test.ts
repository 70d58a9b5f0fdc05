// The LMDB engine's chunk format (src/storage/engines/lmdb-chunks.ts) against golden bytes,
// corrupted ones included.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { storageErrorCodes, type LogRecord } from '../../src/storage/engine.js';
import { Chunk, encodeChunk } from '../../src/storage/engines/lmdb-chunks.js';

const utf8 = new TextEncoder();

// Two records with sparse sequence numbers: seq 1, arrival 1000, payload "ab"; seq 7,
// arrival 1000.5, payload "c".
const goldenRecords: LogRecord[] = [
  { seq: 1, arrival: 1000, payload: utf8.encode('ab') },
  { seq: 7, arrival: 1000.5, payload: utf8.encode('c') },
];
const golden = Buffer.from(
  [
    '01', '00000002', // format 1, 2 records
    '3ff0000000000000', '408f400000000000', '00000002', // seq 1, arrival 1000, payload ends at 2
    '401c000000000000', '408f440000000000', '00000003', // seq 7, arrival 1000.5, payload ends at 3
    '616263', // "ab" then "c"
  ].join(''),
  'hex',
);

function isCorrupt(error: unknown): boolean {
  return (error as { code?: string }).code === storageErrorCodes.corrupt;
}

function altered(change: (bytes: Buffer) => void): Buffer {
  const copy = Buffer.from(golden);
  change(copy);
  return copy;
}

describe('lmdb chunk format', () => {
  it('encodes records to the golden bytes', () => {
    assert.deepEqual(encodeChunk(goldenRecords), golden);
  });

  it('decodes the golden bytes to the records, payloads as plain Uint8Arrays of their own', () => {
    const chunk = new Chunk(golden);
    assert.equal(chunk.count, 2);
    assert.deepEqual(chunk.records(0), goldenRecords);
    assert.deepEqual(chunk.records(1), goldenRecords.slice(1));
    assert.deepEqual([chunk.payloadLength(0), chunk.payloadLength(1)], [2, 1]);
    const payload = chunk.record(0).payload;
    assert.equal(Object.getPrototypeOf(payload), Uint8Array.prototype);
    assert.equal(payload.buffer.byteLength, 2, 'the payload does not share the chunk\'s memory');
  });

  it('a decoded record keeps its bytes when the chunk\'s buffer is overwritten', () => {
    const bytes = Buffer.from(golden);
    const record = new Chunk(bytes).record(0);
    bytes.fill(0);
    assert.deepEqual(record, goldenRecords[0]);
  });

  it('decodes a value that fills only the start of a larger reused buffer, as lmdb-js getBinaryFast returns', () => {
    // lmdb-js sets the reused buffer's own `length` to the value's size; byteLength stays the buffer's.
    const reused = Buffer.alloc(golden.length + 64, 0xee);
    golden.copy(reused);
    Object.defineProperty(reused, 'length', { value: golden.length });
    assert.deepEqual(new Chunk(reused).records(0), goldenRecords);
  });

  it('round trip holds for empty payloads, one record and the largest safe sequence number', () => {
    const records: LogRecord[] = [{ seq: Number.MAX_SAFE_INTEGER, arrival: -1.5, payload: new Uint8Array() }];
    assert.deepEqual(new Chunk(encodeChunk(records)).records(0), records);
  });

  it('finds the first record at or after a seq, and at or after an arrival, by binary search', () => {
    const seqs = [2, 3, 5, 8, 13, 21];
    const arrivals = [10, 10, 20, 20, 20, 30];
    const chunk = new Chunk(encodeChunk(seqs.map((seq, index) => ({ seq, arrival: arrivals[index]!, payload: new Uint8Array() }))));
    const bySeq: Array<[number, number]> = [[0, 0], [2, 0], [4, 2], [5, 2], [20, 5], [21, 5], [22, 6]];
    for (const [seq, index] of bySeq) assert.equal(chunk.indexOfSeq(seq), index, `seq ${seq}`);
    const byArrival: Array<[number, number]> = [[-Infinity, 0], [10, 0], [11, 2], [20, 2], [21, 5], [30, 5], [31, 6]];
    for (const [time, index] of byArrival) assert.equal(chunk.indexOfArrival(time), index, `time ${time}`);
  });

  it('encoding no records is refused', () => {
    assert.throws(() => encodeChunk([]), (error: unknown) => (error as { code?: string }).code === storageErrorCodes.invalid);
  });

  it('corrupted bytes fail with STORAGE_CORRUPT, not wrong records', () => {
    const corrupted: Array<[string, Buffer]> = [
      ['empty', Buffer.alloc(0)],
      ['a header cut short', golden.subarray(0, 3)],
      ['an unknown format', altered((bytes) => (bytes[0] = 2))],
      ['no records', altered((bytes) => bytes.writeUInt32BE(0, 1))],
      ['more records than the bytes hold', altered((bytes) => bytes.writeUInt32BE(3, 1))],
      ['fewer records than the bytes hold', altered((bytes) => bytes.writeUInt32BE(1, 1))],
      ['the last payload cut short', golden.subarray(0, golden.length - 1)],
      ['a byte too many', Buffer.concat([golden, Buffer.from([0])])],
    ];
    for (const [what, bytes] of corrupted) assert.throws(() => new Chunk(bytes), isCorrupt, what);
    const endsBeforeStart = new Chunk(altered((bytes) => bytes.writeUInt32BE(4, 5 + 16)));
    assert.throws(() => endsBeforeStart.record(1), isCorrupt, 'a payload that ends before it starts');
    const endsAfterChunk = new Chunk(altered((bytes) => bytes.writeUInt32BE(9, 5 + 16)));
    assert.throws(() => endsAfterChunk.record(0), isCorrupt, 'a payload that ends past the chunk');
  });
});
