// Stores written before chunks (lmdb.ts) kept one LMDB entry per record, in a database named
// `records`:
//   records     key [log, seq] (ordered-binary), value = arrival as float64 big-endian (8 bytes)
//               + the payload bytes, stored raw (`encoding: 'binary'`).
// An engine open for writing moves every such record into chunks when it opens, in one write
// transaction that also empties `records`: a crash leaves the store all old or all new, and a
// reader in another process (sealstream audit export) sees one layout or the other, never a
// mix. The log-states and meta databases did not change.
//
// A read-only engine cannot migrate (it may not write, and a server may be writing the same
// store), so it refuses a store that still has records to move, or that has no chunks database
// yet, with STORAGE_NEEDS_MIGRATION; opening the store once for writing (starting the server
// on it) migrates it. Reading both layouts instead would put a second path under every read
// for a state that ends the first time the server starts.

import type { Database, RootDatabase } from 'lmdb';
import { InternalError } from '../../internal-error.js';
import { storageErrorCodes, type LogRecord } from '../engine.js';
import { chunkKey, encodeChunk, type ChunkKey } from './lmdb-chunks.js';

export type RecordKey = [log: string, seq: number];

const arrivalBytes = 8;
// Consecutive records of one log become one chunk of at most as many records as one
// PutRecords call carries (the AWS Kinesis API reference, PutRecords: "up to 500 records"), and
// a chunk holds at most about 1 MiB of payload, so a migrated log reads like one written since.
const maxChunkRecords = 500;
const maxChunkPayloadBytes = 1 << 20;

export function unmigratedError(path: string): InternalError {
  return new InternalError(
    storageErrorCodes.needsMigration,
    `the store in ${path} was written by an earlier version of Sealstream: start the server on it once to upgrade it, then retry`,
  );
}

/** The `records` database if it still holds any record, else undefined; never creates it. */
export function openUnmigratedRecords(root: RootDatabase): Database<Buffer, RecordKey> | undefined {
  // `create: false` is honoured by lmdb-js (open.js: the MDB_CREATE flag is set unless it is
  // false) but missing from its types; without it every new store would get an empty `records`.
  const options = { name: 'records', encoding: 'binary' as const, create: false };
  const records: Database<Buffer, RecordKey> | undefined = root.openDB(options);
  if (records === undefined) return undefined;
  for (const _key of records.getKeys({ limit: 1 })) return records;
  return undefined;
}

/** Moves every record into chunks and empties `records`; runs inside a write transaction. */
export function migrateRecordsToChunks(records: Database<Buffer, RecordKey>, chunks: Database<Buffer, ChunkKey>): void {
  let log = '';
  let pending: LogRecord[] = [];
  let pendingBytes = 0;
  const flush = () => {
    if (pending.length > 0) chunks.putSync(chunkKey(log, pending[0]!), encodeChunk(pending));
    pending = [];
    pendingBytes = 0;
  };
  // Keys sort by log, then seq: one log's records come one after the other, in order. getRange
  // hands out a fresh Buffer per binary value, so the pending records may keep views of it.
  for (const { key, value } of records.getRange()) {
    const [recordLog, seq] = key;
    if (recordLog !== log || pending.length >= maxChunkRecords || pendingBytes >= maxChunkPayloadBytes) {
      flush();
      log = recordLog;
    }
    const payload = value.subarray(arrivalBytes);
    pending.push({ seq, arrival: value.readDoubleBE(0), payload });
    pendingBytes += payload.byteLength;
  }
  flush();
  // Inside a transaction, clearSync runs in it (lmdb-js runs a nested transactionSync in the
  // current transaction), so it commits or rolls back with the chunks written above.
  records.clearSync();
}
