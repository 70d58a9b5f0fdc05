// The durable engine, on LMDB through lmdb-js (https://github.com/kriszyp/lmdb-js, v3).
//
// Layout, one LMDB environment with three databases:
//   records     key [log, seq] (ordered-binary, so one log is one contiguous key range in seq
//               order), value = arrival as float64 big-endian (8 bytes) + the payload bytes,
//               stored raw (`encoding: 'binary'`), never re-encoded.
//   log-states  key log, value { lastSeq, lastArrival } (msgpack). Kept after trim, so sequence
//               numbers are never reused; removed by dropLog only.
//   meta        key string, value { value, version } (msgpack).
//
// Writes. Every write is one `childTransaction` callback. lmdb-js runs queued transaction
// callbacks on the main thread in the order they were called and commits all the callbacks
// queued in one event turn as one LMDB transaction (README, "db.transaction" and "Asynchronous
// Transaction Ordering"): that is group commit, one fsync for many appends. A child transaction
// rather than a plain `transaction` because a plain callback that throws keeps the writes it
// made before throwing (lmdb-js issue #115); a child transaction is rolled back.
// The conditions (afterSeq, meta versions) are read inside the callback, so they see every
// write queued before, including the earlier callbacks of the same batch.
//
// Durability. lmdb-js defaults to `overlappingSync` everywhere but Windows: the commit promise then
// resolves when the transaction is committed and visible, and the fsync finishes after it
// (README, "Overlapping Sync Options"). An acknowledged write must survive a crash, so every
// write also awaits `flushed`, which resolves once that commit is synced. No unsafe flags
// (noSync, noMetaSync, mapAsync, useWritemap) are set. Observed with strace on Linux: one
// awaited append costs one fdatasync; 2,000 appends issued without awaiting cost four.

import { open, type Database, type RootDatabase } from 'lmdb';
import type {
  EngineCapabilities,
  LogAppend,
  LogBounds,
  LogRecord,
  MetaEntry,
  ReadOptions,
  StorageEngine,
} from '../engine.js';
import {
  checkAppends,
  checkDeleteMeta,
  checkFirstArrival,
  checkListMeta,
  checkName,
  checkPutMeta,
  checkRead,
  checkTime,
  checkTrim,
  cloneValue,
  closedError,
  compareByteOrder,
  conflictError,
} from './checks.js';

type RecordKey = [log: string, seq: number];

interface LogState {
  lastSeq: number;
  lastArrival: number;
}

interface StoredMeta {
  value: unknown;
  version: number;
}

interface StoredRecord {
  seq: number;
  arrival: number;
}

interface OpenDatabases {
  root: RootDatabase;
  records: Database<Buffer, RecordKey>;
  logStates: Database<LogState, string>;
  meta: Database<StoredMeta, string>;
}

const arrivalBytes = 8;
// Sequence numbers are safe integers, so [log, 2 ** 53] sorts after every record of the log
// and before every record of any other log.
const endOfLog = 2 ** 53;

function encodeRecordValue(record: LogRecord): Buffer {
  const value = Buffer.allocUnsafe(arrivalBytes + record.payload.byteLength);
  value.writeDoubleBE(record.arrival, 0);
  value.set(record.payload, arrivalBytes);
  return value;
}

function decodeRecord(seq: number, value: Buffer): LogRecord {
  // lmdb-js hands out a fresh Buffer per binary value, often a slice of Node's shared pool;
  // copying into a plain Uint8Array gives the caller bytes it owns and nothing else.
  return { seq, arrival: value.readDoubleBE(0), payload: new Uint8Array(value.subarray(arrivalBytes)) };
}

export class LmdbEngine implements StorageEngine {
  readonly capabilities: EngineCapabilities = { durable: true, name: 'lmdb' };

  readonly #path: string;
  readonly #readOnly: boolean;
  #databases: OpenDatabases | undefined;
  #isClosed = false;
  /** Writes queued and not yet durable; close() waits for them. */
  readonly #pendingWrites = new Set<Promise<unknown>>();

  /**
   * `readOnly` opens an existing store for reading only, beside a server that may have it
   * open for writing: LMDB shares one environment between processes through its lock file
   * (http://www.lmdb.tech/doc/, "Caveats"), and a reader never blocks the writer.
   */
  constructor(options: { path: string; readOnly?: boolean }) {
    this.#path = options.path;
    this.#readOnly = options.readOnly ?? false;
  }

  async open(): Promise<void> {
    if (this.#isClosed) throw closedError(this.capabilities.name);
    if (this.#databases !== undefined) return;
    const root = open({ path: this.#path, ...(this.#readOnly ? { readOnly: true } : {}) });
    this.#databases = {
      root,
      records: root.openDB<Buffer, RecordKey>({ name: 'records', encoding: 'binary' }),
      logStates: root.openDB<LogState, string>({ name: 'log-states' }),
      meta: root.openDB<StoredMeta, string>({ name: 'meta' }),
    };
  }

  async close(): Promise<void> {
    const databases = this.#databases;
    this.#isClosed = true;
    this.#databases = undefined;
    if (databases === undefined) return;
    await Promise.all(this.#pendingWrites);
    await databases.root.close();
  }

  // Not `async`: pipelined appends (each naming the previous one's last seq, none awaited)
  // only succeed if each transaction is queued in the call that makes it, before any await.
  append(appends: LogAppend[]): Promise<void> {
    return this.#write((databases) => {
      checkAppends(appends);
      // Keys and values are built now, outside the write lock, from a snapshot of the input:
      // the callback runs later, and the caller may reuse its arrays and buffers meanwhile.
      const planned = appends.map((append) => ({
        log: append.log,
        afterSeq: append.afterSeq,
        firstArrival: append.records[0]?.arrival,
        last: append.records.at(-1),
        entries: append.records.map((record) => ({ key: [append.log, record.seq] as RecordKey, value: encodeRecordValue(record) })),
      }));
      return () => {
        // Precondition: every log's afterSeq and first arrival hold before anything is
        // written; a throw later still rolls the child transaction back.
        for (const append of planned) {
          const state = databases.logStates.get(append.log);
          const lastSeq = state?.lastSeq ?? 0;
          if (lastSeq !== append.afterSeq) {
            throw conflictError(`log ${append.log} ends at ${lastSeq}, not ${append.afterSeq}`);
          }
          const isLastStored = state !== undefined && databases.records.doesExist([append.log, state.lastSeq]);
          checkFirstArrival(append.log, append.firstArrival, isLastStored ? state.lastArrival : undefined);
        }
        for (const append of planned) {
          if (append.last === undefined) continue;
          for (const { key, value } of append.entries) databases.records.putSync(key, value);
          databases.logStates.putSync(append.log, { lastSeq: append.last.seq, lastArrival: append.last.arrival });
        }
      };
    });
  }

  async read(log: string, fromSeq: number, options: ReadOptions): Promise<LogRecord[]> {
    const { records } = this.#opened();
    checkRead(log, fromSeq, options);
    const result: LogRecord[] = [];
    let totalBytes = 0;
    const range = records.getRange({ start: [log, fromSeq], end: [log, endOfLog], limit: options.limit });
    for (const { key, value } of range) {
      const payloadBytes = value.byteLength - arrivalBytes;
      // Postcondition: at least one record, whatever maxBytes says (engine.ts ReadOptions).
      if (options.maxBytes !== undefined && result.length > 0 && totalBytes + payloadBytes > options.maxBytes) break;
      totalBytes += payloadBytes;
      result.push(decodeRecord(key[1], value));
    }
    return result;
  }

  async bounds(log: string): Promise<LogBounds> {
    const databases = this.#opened();
    checkName('log', log);
    const state = databases.logStates.get(log);
    const first = this.#firstRecordFrom(databases, log, 0);
    if (state === undefined || first === undefined) {
      return { firstSeq: undefined, lastSeq: state?.lastSeq ?? 0, lastArrival: undefined };
    }
    // Trim drops a prefix, so while any record is stored the last one is.
    return { firstSeq: first.seq, lastSeq: state.lastSeq, lastArrival: state.lastArrival };
  }

  // Arrivals never decrease within a log, so "the first record at or after seq x has arrival
  // >= time, or there is none" is false and then true as x grows: binary search on x with one
  // cursor seek per step, at most 53 steps, whatever the size of the log and however sparse
  // its sequence numbers. No time index to keep in step with appends and trims.
  async seekTime(log: string, time: number): Promise<number | undefined> {
    const databases = this.#opened();
    checkTime(log, time);
    const first = this.#firstRecordFrom(databases, log, 0);
    const state = databases.logStates.get(log);
    if (first === undefined || state === undefined) return undefined;
    if (first.arrival >= time) return first.seq;
    let isFalseAt = first.seq;
    let isTrueAt = state.lastSeq + 1;
    while (isTrueAt - isFalseAt > 1) {
      const middle = isFalseAt + Math.floor((isTrueAt - isFalseAt) / 2);
      const found = this.#firstRecordFrom(databases, log, middle);
      if (found === undefined || found.arrival >= time) isTrueAt = middle;
      else isFalseAt = middle;
    }
    return this.#firstRecordFrom(databases, log, isTrueAt)?.seq;
  }

  trim(log: string, beforeSeq: number): Promise<void> {
    return this.#write((databases) => {
      checkTrim(log, beforeSeq);
      return () => this.#removeRecords(databases, log, beforeSeq);
    });
  }

  dropLog(log: string): Promise<void> {
    return this.#write((databases) => {
      checkName('log', log);
      return () => {
        this.#removeRecords(databases, log, endOfLog);
        databases.logStates.removeSync(log);
      };
    });
  }

  async getMeta<T>(key: string): Promise<MetaEntry<T> | undefined> {
    const { meta } = this.#opened();
    checkName('key', key);
    // msgpack decodes a new object on every get, so the caller owns what it receives.
    const stored = meta.get(key);
    return stored === undefined ? undefined : { key, value: stored.value as T, version: stored.version };
  }

  putMeta<T>(key: string, value: T, expectedVersion: number | null): Promise<number> {
    return this.#write((databases) => {
      checkPutMeta(key, expectedVersion);
      // Copied now: the callback runs later, and the caller may change its object meanwhile.
      const copy = cloneValue(value);
      return () => {
        const currentVersion = databases.meta.get(key)?.version ?? null;
        if (currentVersion !== expectedVersion) {
          throw conflictError(`metadata ${key} is at version ${currentVersion ?? 'none'}, not ${expectedVersion ?? 'none'}`);
        }
        const version = (currentVersion ?? 0) + 1;
        databases.meta.putSync(key, { value: copy, version });
        return version;
      };
    });
  }

  deleteMeta(key: string, expectedVersion: number): Promise<void> {
    return this.#write((databases) => {
      checkDeleteMeta(key, expectedVersion);
      return () => {
        const currentVersion = databases.meta.get(key)?.version;
        if (currentVersion !== expectedVersion) {
          throw conflictError(`metadata ${key} is at version ${currentVersion ?? 'none'}, not ${expectedVersion}`);
        }
        databases.meta.removeSync(key);
      };
    });
  }

  async listMeta<T>(prefix: string, options: { after?: string; limit?: number } = {}): Promise<MetaEntry<T>[]> {
    const { meta } = this.#opened();
    checkListMeta(prefix, options);
    const { after, limit = Infinity } = options;
    // Keys are ordered-binary strings, which LMDB compares as UTF-8 bytes: the same order as
    // compareByteOrder. Starting at the greater of prefix and after skips what cannot match.
    const start = after !== undefined && compareByteOrder(after, prefix) > 0 ? after : prefix;
    const entries: MetaEntry<T>[] = [];
    for (const { key, value } of meta.getRange({ start })) {
      if (entries.length >= limit || !key.startsWith(prefix)) break;
      if (key === after) continue;
      entries.push({ key, value: value.value as T, version: value.version });
    }
    return entries;
  }

  /**
   * Queues one child transaction in this call (never after an await, see append) and returns
   * a promise that resolves with its result once the commit is flushed. `prepare` runs first,
   * synchronously, and returns the callback that runs inside the transaction.
   */
  #write<T>(prepare: (databases: OpenDatabases) => () => T): Promise<T> {
    let committed: Promise<T>;
    let root: RootDatabase;
    try {
      const databases = this.#opened();
      root = databases.root;
      committed = root.childTransaction(prepare(databases));
    } catch (error: unknown) {
      return Promise.reject(error);
    }
    const durable = committed.then(async (result) => {
      await root.flushed;
      return result;
    });
    const settled = durable.then(
      () => undefined,
      () => undefined,
    );
    this.#pendingWrites.add(settled);
    void settled.then(() => this.#pendingWrites.delete(settled));
    return durable;
  }

  /** Removes the records of log with seq < beforeSeq; runs inside a write transaction. */
  #removeRecords(databases: OpenDatabases, log: string, beforeSeq: number): void {
    // lmdb-js has no range delete: collect the keys of the range, then delete them, all in
    // the one transaction, so no cursor is open over the keys being deleted.
    const keys = Array.from(databases.records.getKeys({ start: [log, 0], end: [log, beforeSeq] }));
    for (const key of keys) databases.records.removeSync(key);
  }

  #firstRecordFrom(databases: OpenDatabases, log: string, seq: number): StoredRecord | undefined {
    for (const key of databases.records.getKeys({ start: [log, seq], end: [log, endOfLog], limit: 1 })) {
      // getBinaryFast reads into a reused buffer: no copy of the payload to learn 8 bytes.
      const value = databases.records.getBinaryFast(key)!;
      return { seq: key[1], arrival: value.readDoubleBE(0) };
    }
    return undefined;
  }

  #opened(): OpenDatabases {
    if (this.#databases === undefined) throw closedError(this.capabilities.name);
    return this.#databases;
  }
}
