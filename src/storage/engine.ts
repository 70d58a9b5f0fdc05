// The one storage interface every engine implements, specified by its invariants.
// The conformance suite (test/conformance/storage-engine.ts) proves them for each engine.
//
// Two kinds of data:
//
// 1. Logs: append-only sequences of opaque records, one per shard (or per delivery-stream
//    buffer), named by a string id such as "<stream uuid>/<shard index>".
//    - Sequence numbers are positive integers chosen by the writer, strictly increasing
//      within a log. An append names the log's current last sequence number (`afterSeq`,
//      0 for a log never written); if that is not the log's last sequence number the whole
//      call fails with STORAGE_CONFLICT and nothing is written (optimistic concurrency: a
//      replicated log such as NATS JetStream checks the same with an expected-last-sequence
//      header, so no engine needs all shards in one process).
//    - One `append` call is atomic across all the logs it names: all of its records are
//      stored or none are, and the promise resolves only once the write is durable
//      (an acknowledged record survives kill -9 for a durable engine).
//    - Arrival times are chosen by the writer and never decrease within a log, so a log
//      can be searched by time.
//    - `trim` drops records below a sequence number; the log still remembers its last
//      sequence number, so sequence numbers are never reused.
//    - Records are returned exactly as appended (bytes, seq, arrival), in sequence order.
//
// 2. Metadata: JSON documents under string keys with a version for compare-and-set.
//    - `putMeta(key, value, expected)`: `expected` null means "must not exist"; a number
//      means "must currently have this version". Otherwise STORAGE_CONFLICT, nothing written.
//    - Versions start at 1 and increase by one on every successful put.
//    - `listMeta(prefix)` returns keys in ascending byte order.
//
// Engines validate nothing about Kinesis; they store what they are given.

export interface LogRecord {
  seq: number;
  /** Arrival time, epoch milliseconds. */
  arrival: number;
  payload: Uint8Array;
}

export interface LogAppend {
  log: string;
  /** The log's last sequence number before this append (0 if never written). */
  afterSeq: number;
  records: LogRecord[];
}

export interface LogBounds {
  /** Sequence number of the oldest record still stored, or undefined if none is. */
  firstSeq: number | undefined;
  /** The highest sequence number ever appended (0 if none). Survives trim. */
  lastSeq: number;
  /** Arrival time of the record with lastSeq, if it is still stored. */
  lastArrival: number | undefined;
}

export interface ReadOptions {
  /** At most this many records. */
  limit: number;
  /** Stop before the total payload size would exceed this, but always return at least one record. */
  maxBytes?: number;
}

export interface MetaEntry<T = unknown> {
  key: string;
  value: T;
  version: number;
}

export interface EngineCapabilities {
  /** Acknowledged writes survive a crash of the process. */
  durable: boolean;
  /** Name shown in logs and /health. */
  name: string;
}

export interface StorageEngine {
  readonly capabilities: EngineCapabilities;

  open(): Promise<void>;
  /** Finishes pending writes and releases files; the engine cannot be used afterwards. */
  close(): Promise<void>;

  append(appends: LogAppend[]): Promise<void>;
  /** Records with seq >= fromSeq, ascending. */
  read(log: string, fromSeq: number, options: ReadOptions): Promise<LogRecord[]>;
  bounds(log: string): Promise<LogBounds>;
  /**
   * bounds(log).lastSeq, without finding the first stored record: what a reader at the tip
   * asks on every read (GetRecords, SubscribeToShard).
   */
  lastSeq(log: string): Promise<number>;
  /** Sequence number of the first stored record whose arrival >= time, or undefined if none. */
  seekTime(log: string, time: number): Promise<number | undefined>;
  /** Drops every record with seq < beforeSeq. */
  trim(log: string, beforeSeq: number): Promise<void>;
  /** Drops the log and everything in it; its sequence numbers may be reused afterwards. */
  dropLog(log: string): Promise<void>;

  getMeta<T>(key: string): Promise<MetaEntry<T> | undefined>;
  /** Returns the new version. */
  putMeta<T>(key: string, value: T, expectedVersion: number | null): Promise<number>;
  deleteMeta(key: string, expectedVersion: number): Promise<void>;
  listMeta<T>(prefix: string, options?: { after?: string; limit?: number }): Promise<MetaEntry<T>[]>;
}

export const storageErrorCodes = {
  conflict: 'STORAGE_CONFLICT',
  closed: 'STORAGE_CLOSED',
  invalid: 'STORAGE_INVALID_ARGUMENT',
  /** Stored bytes that do not decode: damage, or a format this version does not know. */
  corrupt: 'STORAGE_CORRUPT',
  /** A store in an older layout that only an engine open for writing can upgrade. */
  needsMigration: 'STORAGE_NEEDS_MIGRATION',
} as const;
