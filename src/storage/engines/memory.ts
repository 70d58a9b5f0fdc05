// The in-memory engine: the reference for the invariants in ../engine.ts, and the engine for
// tests and throwaway servers. Nothing survives the process, so capabilities.durable is false.
//
// Every method does its work synchronously before its promise settles, so calls take effect
// in the order they are made, as they do in the LMDB engine's queue of transactions.
// Payloads are copied with `new Uint8Array(bytes)`, never `slice()`: Buffer's slice is a view
// (Node.js buffer docs, buf.slice), and a copy is what keeps stored bytes out of callers' reach.

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

// A log is three parallel arrays (sequence numbers and arrival times stay unboxed numbers,
// and both are sorted, so reads and time searches are binary searches). Trimming moves
// `head` forward and compacts only once most of the arrays is dead, so trim is amortized O(1).
interface MemoryLog {
  seqs: number[];
  arrivals: number[];
  payloads: Uint8Array[];
  head: number;
  lastSeq: number;
  lastArrival: number | undefined;
}

interface MemoryMeta {
  value: unknown;
  version: number;
}

const compactionThreshold = 1024;

/** The first index in [from, to) whose value is >= target (to if none is). */
function lowerBound(values: number[], from: number, to: number, target: number): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

function compact(log: MemoryLog): void {
  if (log.head < compactionThreshold || log.head * 2 < log.seqs.length) return;
  log.seqs.splice(0, log.head);
  log.arrivals.splice(0, log.head);
  log.payloads.splice(0, log.head);
  log.head = 0;
}

export class MemoryEngine implements StorageEngine {
  readonly capabilities: EngineCapabilities = { durable: false, name: 'memory' };

  #state: 'created' | 'open' | 'closed' = 'created';
  readonly #logs = new Map<string, MemoryLog>();
  readonly #meta = new Map<string, MemoryMeta>();
  /** The keys of #meta in ascending byte order, for listMeta. */
  readonly #sortedKeys: string[] = [];

  async open(): Promise<void> {
    if (this.#state === 'closed') throw closedError(this.capabilities.name);
    this.#state = 'open';
  }

  async close(): Promise<void> {
    this.#state = 'closed';
    this.#logs.clear();
    this.#meta.clear();
    this.#sortedKeys.length = 0;
  }

  async append(appends: LogAppend[]): Promise<void> {
    this.#checkOpen();
    checkAppends(appends);
    // Precondition: every log's afterSeq and first arrival hold before anything is written,
    // so a failure on any log leaves every log as it was.
    for (const append of appends) {
      const log = this.#logs.get(append.log);
      const lastSeq = log?.lastSeq ?? 0;
      if (lastSeq !== append.afterSeq) {
        throw conflictError(`log ${append.log} ends at ${lastSeq}, not ${append.afterSeq}`);
      }
      const isLastStored = log !== undefined && log.head < log.seqs.length;
      checkFirstArrival(append.log, append.records[0]?.arrival, isLastStored ? log.lastArrival : undefined);
    }
    for (const append of appends) {
      const last = append.records.at(-1);
      if (last === undefined) continue;
      let log = this.#logs.get(append.log);
      if (log === undefined) {
        log = { seqs: [], arrivals: [], payloads: [], head: 0, lastSeq: 0, lastArrival: undefined };
        this.#logs.set(append.log, log);
      }
      for (const record of append.records) {
        log.seqs.push(record.seq);
        log.arrivals.push(record.arrival);
        log.payloads.push(new Uint8Array(record.payload));
      }
      log.lastSeq = last.seq;
      log.lastArrival = last.arrival;
    }
  }

  async read(logName: string, fromSeq: number, options: ReadOptions): Promise<LogRecord[]> {
    this.#checkOpen();
    checkRead(logName, fromSeq, options);
    const log = this.#logs.get(logName);
    if (log === undefined) return [];
    const records: LogRecord[] = [];
    let totalBytes = 0;
    const end = log.seqs.length;
    for (let index = lowerBound(log.seqs, log.head, end, fromSeq); index < end && records.length < options.limit; index++) {
      const payload = log.payloads[index]!;
      // Postcondition: at least one record, whatever maxBytes says (engine.ts ReadOptions).
      if (options.maxBytes !== undefined && records.length > 0 && totalBytes + payload.byteLength > options.maxBytes) break;
      totalBytes += payload.byteLength;
      records.push({ seq: log.seqs[index]!, arrival: log.arrivals[index]!, payload: new Uint8Array(payload) });
    }
    return records;
  }

  async bounds(logName: string): Promise<LogBounds> {
    this.#checkOpen();
    checkName('log', logName);
    const log = this.#logs.get(logName);
    if (log === undefined || log.head === log.seqs.length) {
      return { firstSeq: undefined, lastSeq: log?.lastSeq ?? 0, lastArrival: undefined };
    }
    // Trim drops a prefix, so while any record is stored the last one is.
    return { firstSeq: log.seqs[log.head], lastSeq: log.lastSeq, lastArrival: log.lastArrival };
  }

  async lastSeq(logName: string): Promise<number> {
    this.#checkOpen();
    checkName('log', logName);
    return this.#logs.get(logName)?.lastSeq ?? 0;
  }

  async seekTime(logName: string, time: number): Promise<number | undefined> {
    this.#checkOpen();
    checkTime(logName, time);
    const log = this.#logs.get(logName);
    if (log === undefined) return undefined;
    return log.seqs[lowerBound(log.arrivals, log.head, log.arrivals.length, time)];
  }

  async trim(logName: string, beforeSeq: number): Promise<void> {
    this.#checkOpen();
    checkTrim(logName, beforeSeq);
    const log = this.#logs.get(logName);
    if (log === undefined) return;
    log.head = lowerBound(log.seqs, log.head, log.seqs.length, beforeSeq);
    compact(log);
  }

  async dropLog(logName: string): Promise<void> {
    this.#checkOpen();
    checkName('log', logName);
    this.#logs.delete(logName);
  }

  async getMeta<T>(key: string): Promise<MetaEntry<T> | undefined> {
    this.#checkOpen();
    checkName('key', key);
    const stored = this.#meta.get(key);
    if (stored === undefined) return undefined;
    return { key, value: cloneValue(stored.value) as T, version: stored.version };
  }

  async putMeta<T>(key: string, value: T, expectedVersion: number | null): Promise<number> {
    this.#checkOpen();
    checkPutMeta(key, expectedVersion);
    const stored = this.#meta.get(key);
    const currentVersion = stored?.version ?? null;
    if (currentVersion !== expectedVersion) {
      throw conflictError(`metadata ${key} is at version ${currentVersion ?? 'none'}, not ${expectedVersion ?? 'none'}`);
    }
    const version = (currentVersion ?? 0) + 1;
    this.#meta.set(key, { value: cloneValue(value), version });
    if (stored === undefined) this.#sortedKeys.splice(this.#keyIndex(key), 0, key);
    return version;
  }

  async deleteMeta(key: string, expectedVersion: number): Promise<void> {
    this.#checkOpen();
    checkDeleteMeta(key, expectedVersion);
    const currentVersion = this.#meta.get(key)?.version;
    if (currentVersion !== expectedVersion) {
      throw conflictError(`metadata ${key} is at version ${currentVersion ?? 'none'}, not ${expectedVersion}`);
    }
    this.#meta.delete(key);
    this.#sortedKeys.splice(this.#keyIndex(key), 1);
  }

  async listMeta<T>(prefix: string, options: { after?: string; limit?: number } = {}): Promise<MetaEntry<T>[]> {
    this.#checkOpen();
    checkListMeta(prefix, options);
    const { after, limit = Infinity } = options;
    const start = after !== undefined && compareByteOrder(after, prefix) > 0 ? after : prefix;
    const entries: MetaEntry<T>[] = [];
    for (let index = this.#keyIndex(start); index < this.#sortedKeys.length && entries.length < limit; index++) {
      const key = this.#sortedKeys[index]!;
      if (!key.startsWith(prefix)) break;
      if (key === after) continue;
      const stored = this.#meta.get(key)!;
      entries.push({ key, value: cloneValue(stored.value) as T, version: stored.version });
    }
    return entries;
  }

  /** The index of the first sorted key >= key in byte order. */
  #keyIndex(key: string): number {
    let low = 0;
    let high = this.#sortedKeys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareByteOrder(this.#sortedKeys[middle]!, key) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  #checkOpen(): void {
    if (this.#state !== 'open') throw closedError(this.capabilities.name);
  }
}
