// The durable engine, on LMDB through lmdb-js (https://github.com/kriszyp/lmdb-js, v3).
//
// Layout, one LMDB environment with three databases:
//   chunks      key [log, seq of the chunk's first record, arrival of that record]
//               (ordered-binary, so one log is one contiguous key range in seq order; seqs are
//               unique within a log, so the arrival never decides the order), value = a chunk:
//               every record one append wrote to that log, in the format of lmdb-chunks.ts,
//               stored raw (`encoding: 'binary'`), never re-encoded. Chunks never overlap.
//   log-states  key log, value { lastSeq, lastArrival } (msgpack). Kept after trim, so sequence
//               numbers are never reused; removed by dropLog only.
//   meta        key string, value { value, version } (msgpack).
// Both msgpack databases write plain maps (`useRecords: false`). msgpackr's default, records
// without shared structures, puts each record's definition inline in every value, and
// decoding one compiles a reader for it on every get: about 2 KiB of garbage per stream
// document read, on every PutRecord. Values stored as records still decode.
// Stores written before chunks hold a fourth, `records`, with one entry per record; open()
// moves them into chunks (lmdb-migration.ts).
//
// Why chunks. One LMDB entry per record cost, for a 500-record PutRecords, 500 lmdb-js puts
// (each its own write instruction, key encoding and value copy: lmdb-js's writeInstructions
// alone was 13% of the server's CPU in a profile) and, to read them back, 500 cursor steps.
// One entry per append and log costs one of each, whatever the number of records. Trim keeps
// its meaning: whole chunks below beforeSeq go, and a chunk that straddles it is rewritten
// under the key of its first kept record. The first arrival is in the key because seekTime's
// binary search needs only that, and a key costs nothing more to read once the cursor is on
// it, where a value is copied whole by lmdb-js (its getBinaryFast copies out of the map for
// any value under 16 MiB): reading it from the value cost a chunk's copy at every step.
//
// Writes: group commit on the event loop. Every write is a callback queued in the call that
// makes it; at the end of the event turn (setImmediate) one synchronous LMDB transaction runs
// every queued callback, each in its own child transaction, in the order they were queued,
// and commits them together: one fsync for all the writes of a turn. A child transaction
// because a callback that throws must leave nothing behind (it is rolled back; the others
// still commit). The conditions (afterSeq, meta versions) are read inside the callback, so
// they see every write queued before, including the earlier callbacks of the same commit.
//
// Why not lmdb-js's asynchronous transactions, which batch the same way on its write thread:
// each of those commits crosses between the event loop and that thread several times (run
// the callbacks, commit, then a separate flush with overlappingSync), and under load those
// hand-offs, not the disk, made the latency: one awaited 1 KiB append took p50 0.6 ms and p99
// 2.5 ms on an idle 2-core machine, against p50 0.35 ms and p99 0.6 ms committed
// synchronously here. That decides a put's acknowledgement and SubscribeToShard's
// put-to-event time (issue 7). The cost is that the commit's page writes and fsync run on
// the event loop: about 0.2 ms for a small commit on that machine.
//
// Durability. transactionSync with lmdb-js's default flags commits with a synchronous flush:
// observed with strace on Linux, each commit ends with an fdatasync of the data file on the
// calling thread before transactionSync returns. No unsafe flags (noSync, noMetaSync,
// mapAsync, useWritemap) are set. A write's promise resolves only after that.

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
import { Chunk, chunkKey, encodeChunk, type ChunkKey } from './lmdb-chunks.js';
import { migrateRecordsToChunks, openUnmigratedRecords, unmigratedError } from './lmdb-migration.js';

interface LogState {
  lastSeq: number;
  lastArrival: number;
}

interface QueuedWrite {
  run: () => unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface StoredMeta {
  value: unknown;
  version: number;
}

interface OpenDatabases {
  root: RootDatabase;
  chunks: Database<Buffer, ChunkKey>;
  logStates: Database<LogState, string>;
  meta: Database<StoredMeta, string>;
}

// Sequence numbers are safe integers and arrivals finite, so [log, 2 ** 53, -Infinity] sorts
// after every chunk of the log and before every chunk of any other log, and [log, seq,
// -Infinity] and [log, seq, Infinity] sort just before and just after a chunk starting at seq.
const endOfLog = 2 ** 53;

/** msgpackr's option, passed through by lmdb-js (its README, "Serialization options") though its types omit it. */
const msgpackMaps = { useRecords: false };

function boundBefore(log: string, seq: number): ChunkKey {
  return [log, seq, -Infinity];
}

/**
 * The address space the data file is mapped into at first; lmdb-js grows the map past it
 * when the file does. Its default starts at 128 KiB and remaps as the file grows: a server
 * that had taken 700,000 1 KiB records had the file mapped in a dozen ranges, and after a
 * million it held 84–96 MiB of mapped pages (RssFile) against 69–71 MiB with one map
 * (`npm run bench:memory`; a bare lmdb-js script: 24 MiB of the file resident against 10).
 * It is address space only: without a writable map LMDB neither allocates nor extends the
 * file for it.
 */
const initialMapBytes = 16 * 1024 ** 3;

export class LmdbEngine implements StorageEngine {
  readonly capabilities: EngineCapabilities = { durable: true, name: 'lmdb' };

  readonly #path: string;
  readonly #readOnly: boolean;
  #databases: OpenDatabases | undefined;
  #isClosed = false;
  /** Writes queued for the next commit, in call order. */
  #queued: QueuedWrite[] = [];

  /**
   * `readOnly` opens an existing store for reading only, beside a server that may have it
   * open for writing: LMDB shares one environment between processes through its lock file
   * (http://www.lmdb.tech/doc/, "Caveats"), and a reader never blocks the writer. It refuses
   * a store still in the layout from before chunks, which it may not migrate (lmdb-migration.ts).
   */
  constructor(options: { path: string; readOnly?: boolean }) {
    this.#path = options.path;
    this.#readOnly = options.readOnly ?? false;
  }

  async open(): Promise<void> {
    if (this.#isClosed) throw closedError(this.capabilities.name);
    if (this.#databases !== undefined) return;
    const root = open({ path: this.#path, mapSize: initialMapBytes, ...(this.#readOnly ? { readOnly: true } : {}) });
    try {
      const unmigrated = openUnmigratedRecords(root);
      // Open for writing, openDB creates what is missing; read-only, it returns undefined.
      const chunks: Database<Buffer, ChunkKey> | undefined = root.openDB({ name: 'chunks', encoding: 'binary' });
      if (chunks === undefined || (this.#readOnly && unmigrated !== undefined)) throw unmigratedError(this.#path);
      this.#databases = {
        root,
        chunks,
        logStates: root.openDB<LogState, string>({ name: 'log-states', ...msgpackMaps }),
        meta: root.openDB<StoredMeta, string>({ name: 'meta', ...msgpackMaps }),
      };
      if (unmigrated !== undefined) await this.#write((databases) => () => migrateRecordsToChunks(unmigrated, databases.chunks));
    } catch (error: unknown) {
      this.#databases = undefined;
      await root.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const databases = this.#databases;
    this.#isClosed = true;
    this.#databases = undefined;
    if (databases === undefined) return;
    // Writes already accepted are committed before the store closes.
    this.#commit(databases);
    await databases.root.close();
  }

  // Not `async`: pipelined appends (each naming the previous one's last seq, none awaited)
  // only succeed if each transaction is queued in the call that makes it, before any await.
  append(appends: LogAppend[]): Promise<void> {
    return this.#write((databases) => {
      checkAppends(appends);
      // Chunks are encoded now, outside the write lock, from a snapshot of the input: the
      // callback runs later, and the caller may reuse its arrays and buffers meanwhile.
      const planned = appends.map(({ log, afterSeq, records }) => {
        const first = records[0];
        const last = records.at(-1);
        const written = first === undefined || last === undefined ? undefined : { key: chunkKey(log, first), last, chunk: encodeChunk(records) };
        return { log, afterSeq, firstArrival: first?.arrival, written };
      });
      return () => {
        // Precondition: every log's afterSeq and first arrival hold before anything is
        // written; a throw later still rolls the child transaction back.
        for (const append of planned) {
          const state = databases.logStates.get(append.log);
          const lastSeq = state?.lastSeq ?? 0;
          if (lastSeq !== append.afterSeq) {
            throw conflictError(`log ${append.log} ends at ${lastSeq}, not ${append.afterSeq}`);
          }
          // An arrival earlier than the log's last one is refused only while that last record
          // is stored. Trim drops a prefix, so it is stored while any record of the log is, and
          // a cursor seek tells; it is made only for an earlier arrival, as a later one (every
          // append in order) passes either way. The seek was about half of a lone append's time
          // in its transaction (CPU profile).
          const isEarlier = state !== undefined && append.firstArrival !== undefined && append.firstArrival < state.lastArrival;
          const isLastStored = isEarlier && findChunk(databases.chunks, append.log, 0, 'at-or-after') !== undefined;
          checkFirstArrival(append.log, append.firstArrival, isLastStored ? state.lastArrival : undefined);
        }
        for (const { log, written } of planned) {
          if (written === undefined) continue;
          databases.chunks.putSync(written.key, written.chunk);
          databases.logStates.putSync(log, { lastSeq: written.last.seq, lastArrival: written.last.arrival });
        }
      };
    });
  }

  async read(log: string, fromSeq: number, options: ReadOptions): Promise<LogRecord[]> {
    const { chunks, logStates } = this.#opened();
    checkRead(log, fromSeq, options);
    // Nothing at or after fromSeq is answered from the log's state, without copying its last
    // chunk: consumers polling the tip of a shard ask for exactly that, again and again.
    const state = logStates.get(log);
    if (state === undefined || fromSeq > state.lastSeq) return [];
    const result: LogRecord[] = [];
    let totalBytes = 0;
    // The chunk holding fromSeq, if any, is the last one starting at or before it.
    const start = findChunk(chunks, log, fromSeq, 'at-or-before') ?? boundBefore(log, fromSeq);
    for (const key of chunks.getKeys({ start, end: boundBefore(log, endOfLog) })) {
      const chunk = chunkAt(chunks, key);
      for (let index = chunk.indexOfSeq(fromSeq); index < chunk.count; index++) {
        if (result.length >= options.limit) return result;
        const payloadBytes = chunk.payloadLength(index);
        // Postcondition: at least one record, whatever maxBytes says (engine.ts ReadOptions).
        if (options.maxBytes !== undefined && result.length > 0 && totalBytes + payloadBytes > options.maxBytes) return result;
        totalBytes += payloadBytes;
        result.push(chunk.record(index));
      }
    }
    return result;
  }

  async bounds(log: string): Promise<LogBounds> {
    const databases = this.#opened();
    checkName('log', log);
    const state = databases.logStates.get(log);
    // A chunk's key names its first record, and trim rekeys the chunk it splits.
    const first = findChunk(databases.chunks, log, 0, 'at-or-after');
    if (state === undefined || first === undefined) {
      return { firstSeq: undefined, lastSeq: state?.lastSeq ?? 0, lastArrival: undefined };
    }
    // Trim drops a prefix, so while any record is stored the last one is.
    return { firstSeq: first[1], lastSeq: state.lastSeq, lastArrival: state.lastArrival };
  }

  async lastSeq(log: string): Promise<number> {
    const { logStates } = this.#opened();
    checkName('log', log);
    return logStates.get(log)?.lastSeq ?? 0;
  }

  // Arrivals never decrease within a log, so "the first chunk starting at or after seq x
  // starts at an arrival >= time, or there is none" is false and then true as x grows: binary
  // search on x with one cursor seek per step (the first arrival is in the key), at most 53
  // steps whatever the size of the log and however sparse its sequence numbers, then a binary
  // search inside the one chunk where the answer can start. No time index to keep in step with
  // appends and trims.
  async seekTime(log: string, time: number): Promise<number | undefined> {
    const { chunks, logStates } = this.#opened();
    checkTime(log, time);
    const first = findChunk(chunks, log, 0, 'at-or-after');
    const state = logStates.get(log);
    // While any record is stored the last one is (trim drops a prefix), and it arrived last.
    if (first === undefined || state === undefined || state.lastArrival < time) return undefined;
    if (first[2] >= time) return first[1];
    // Invariant: isFalse is a chunk whose first arrival is before time.
    let isFalse = first;
    let isTrueAt = state.lastSeq + 1;
    while (isTrueAt - isFalse[1] > 1) {
      const middle = isFalse[1] + Math.floor((isTrueAt - isFalse[1]) / 2);
      const found = findChunk(chunks, log, middle, 'at-or-after');
      if (found === undefined || found[2] >= time) isTrueAt = middle;
      else isFalse = found;
    }
    // The answer is in that chunk, or else it is the first record of the next one.
    const chunk = chunkAt(chunks, isFalse);
    const index = chunk.indexOfArrival(time);
    return index < chunk.count ? chunk.seq(index) : findChunk(chunks, log, isTrueAt, 'at-or-after')?.[1];
  }

  trim(log: string, beforeSeq: number): Promise<void> {
    return this.#write((databases) => {
      checkTrim(log, beforeSeq);
      return () => removeRecords(databases.chunks, log, beforeSeq);
    });
  }

  dropLog(log: string): Promise<void> {
    return this.#write((databases) => {
      checkName('log', log);
      return () => {
        removeRecords(databases.chunks, log, endOfLog);
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
   * Queues the write in this call (never after an await, see append) and returns a promise
   * that resolves with its result once the commit that runs it is durable. `prepare` runs
   * first, synchronously, and returns the callback that runs inside the transaction.
   */
  #write<T>(prepare: (databases: OpenDatabases) => () => T): Promise<T> {
    let databases: OpenDatabases;
    let run: () => T;
    try {
      databases = this.#opened();
      run = prepare(databases);
    } catch (error: unknown) {
      return Promise.reject(error);
    }
    return new Promise<T>((resolve, reject) => {
      this.#queued.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (this.#queued.length === 1) setImmediate(() => this.#commit(databases));
    });
  }

  /** Runs every queued write in one synchronous transaction and settles each with its own outcome. */
  #commit(databases: OpenDatabases): void {
    const writes = this.#queued;
    if (writes.length === 0) return;
    this.#queued = [];
    const outcomes: Array<{ isFailed: false; value: unknown } | { isFailed: true; error: unknown }> = [];
    try {
      databases.root.transactionSync(() => {
        for (const write of writes) {
          try {
            outcomes.push({ isFailed: false, value: databases.root.childTransaction(write.run) });
          } catch (error: unknown) {
            outcomes.push({ isFailed: true, error });
          }
        }
      });
    } catch (error: unknown) {
      // The commit itself failed (a full disk, a closed environment): nothing of it is stored.
      for (const write of writes) write.reject(error);
      return;
    }
    writes.forEach((write, index) => {
      const outcome = outcomes[index]!;
      if (outcome.isFailed) write.reject(outcome.error);
      else write.resolve(outcome.value);
    });
  }

  #opened(): OpenDatabases {
    if (this.#databases === undefined) throw closedError(this.capabilities.name);
    return this.#databases;
  }
}

/** The key of the log's first chunk starting at or after seq, or of its last chunk starting at or before it. */
function findChunk(chunks: Database<Buffer, ChunkKey>, log: string, seq: number, direction: 'at-or-after' | 'at-or-before'): ChunkKey | undefined {
  const range = direction === 'at-or-after'
    ? { start: boundBefore(log, seq), end: boundBefore(log, endOfLog) }
    : { start: [log, seq, Infinity] satisfies ChunkKey, end: boundBefore(log, 0), reverse: true };
  for (const key of chunks.getKeys({ ...range, limit: 1 })) return key;
  return undefined;
}

/**
 * The chunk stored under key. getBinaryFast copies the value into a buffer lmdb-js reuses, so
 * no buffer is allocated per chunk; the chunk reads that buffer in place, is valid only until
 * the next lmdb-js read, and copies out the payloads it is asked for.
 */
function chunkAt(chunks: Database<Buffer, ChunkKey>, key: ChunkKey): Chunk {
  return new Chunk(chunks.getBinaryFast(key)!);
}

/** Removes the records of log with seq < beforeSeq; runs inside a write transaction. */
function removeRecords(chunks: Database<Buffer, ChunkKey>, log: string, beforeSeq: number): void {
  // lmdb-js has no range delete: collect the keys of the range, then delete them, all in the
  // one transaction, so no cursor is open over the keys being deleted. Chunks do not overlap,
  // so only the last chunk starting below beforeSeq can hold records to keep.
  const keys = Array.from(chunks.getKeys({ start: boundBefore(log, 0), end: boundBefore(log, beforeSeq) }));
  const straddling = keys.at(-1);
  if (straddling === undefined) return;
  const chunk = chunkAt(chunks, straddling);
  const kept = chunk.records(chunk.indexOfSeq(beforeSeq));
  for (const key of keys) chunks.removeSync(key);
  if (kept.length > 0) chunks.putSync(chunkKey(log, kept[0]!), encodeChunk(kept));
}
