// The audit trail on the storage engine: one append-only log of event records (JSON
// bytes), the engine's log primitive because it already guarantees what a trail needs
// (engine.ts): appends are atomic and durable before they are acknowledged, sequence
// numbers strictly increase and are never reused, and arrivals never decrease so the log
// can be searched by time.
//
// Appends from concurrent requests go through one queue: a single writer takes whatever
// has queued, numbers it after the log's last sequence number and appends it in one
// engine call (one fsync for many records), so no record is lost to a sequence conflict
// and the trail's order is the order the records were queued. A record's promise
// resolves only once its append is durable; the dispatcher answers the call after that.
//
// Retention: CloudTrail's event history keeps 90 days of management events
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/view-cloudtrail-events.html).
// The trail keeps the same and drops older records lazily, at most once an hour, after
// an append. Export the trail (`sealstream audit export`) to keep it longer.
import type { Logger } from 'pino';
import type { LogRecord, StorageEngine } from '../../../storage/engine.js';
import type { EventRecord } from './event-record.js';

export const trailLogName = 'cloudtrail/management-events';
export const eventHistoryRetentionMs = 90 * 24 * 60 * 60 * 1000;
const purgeIntervalMs = 60 * 60 * 1000;
const maxRecordsPerAppend = 500;
const readChunk = 200;

export interface StoredEvent {
  seq: number;
  record: EventRecord;
}

interface Pending {
  payload: Uint8Array;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class TrailLog {
  readonly #engine: StorageEngine;
  readonly #now: () => number;
  readonly #log: Logger | undefined;
  readonly #queue: Pending[] = [];
  /** The running writer, if any; it clears this itself in the same turn as it finds the queue empty. */
  #writer: Promise<void> | undefined;
  /** The log's end as this writer knows it; undefined until read from the engine (again after a failed append). */
  #end: { lastSeq: number; lastArrival: number } | undefined;
  #lastPurge = 0;

  constructor(options: { engine: StorageEngine; now?: () => number; log?: Logger }) {
    this.#engine = options.engine;
    this.#now = options.now ?? Date.now;
    this.#log = options.log;
  }

  /** Resolves once the record is durable. */
  append(record: EventRecord): Promise<void> {
    const payload = Buffer.from(JSON.stringify(record), 'utf8');
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ payload, resolve, reject });
      this.#writer ??= this.#drain();
    });
  }

  /** Waits for every queued record to be written. */
  async flush(): Promise<void> {
    while (this.#writer) await this.#writer;
  }

  /** Records with seq < beforeSeq (all when undefined) and seq >= fromSeq, newest first. */
  async *newestFirst(options: { beforeSeq?: number; fromSeq?: number } = {}): AsyncGenerator<StoredEvent> {
    const bounds = await this.#engine.bounds(trailLogName);
    if (bounds.firstSeq === undefined) return;
    const lowest = Math.max(bounds.firstSeq, options.fromSeq ?? 0);
    let upper = Math.min(options.beforeSeq ?? Infinity, bounds.lastSeq + 1);
    while (upper > lowest) {
      const from = Math.max(lowest, upper - readChunk);
      const records = (await this.#engine.read(trailLogName, from, { limit: upper - from })).filter((stored) => stored.seq < upper);
      for (let index = records.length - 1; index >= 0; index--) yield decode(records[index]!);
      upper = from;
    }
  }

  /** Records with seq >= fromSeq, oldest first. */
  async *oldestFirst(fromSeq = 0): AsyncGenerator<StoredEvent> {
    let next = fromSeq;
    for (;;) {
      const records = await this.#engine.read(trailLogName, next, { limit: readChunk });
      if (records.length === 0) return;
      for (const stored of records) yield decode(stored);
      next = records.at(-1)!.seq + 1;
    }
  }

  /** The first record that arrived at or after `time`: every record of an event at or after `time` is there or later. */
  async seqArrivedFrom(time: number): Promise<number | undefined> {
    return this.#engine.seekTime(trailLogName, time);
  }

  async #drain(): Promise<void> {
    for (;;) {
      while (this.#queue.length > 0) await this.#write(this.#queue.splice(0, maxRecordsPerAppend));
      await this.#purgeIfDue();
      // No await between this check and clearing #writer: an append either sees the queue
      // taken care of here or starts a new writer.
      if (this.#queue.length === 0) {
        this.#writer = undefined;
        return;
      }
    }
  }

  async #write(batch: Pending[]): Promise<void> {
    try {
      this.#end ??= await this.#readEnd();
      const end = this.#end;
      // Arrivals must never decrease within a log, whatever the clock does.
      const arrival = Math.max(end.lastArrival, this.#now());
      const records: LogRecord[] = batch.map((pending, index) => ({ seq: end.lastSeq + 1 + index, arrival, payload: pending.payload }));
      await this.#engine.append([{ log: trailLogName, afterSeq: end.lastSeq, records }]);
      this.#end = { lastSeq: end.lastSeq + records.length, lastArrival: arrival };
      for (const pending of batch) pending.resolve();
    } catch (error) {
      // Nothing of the batch was written (appends are atomic); read the log's end afresh next time.
      this.#end = undefined;
      for (const pending of batch) pending.reject(error);
    }
  }

  async #readEnd(): Promise<{ lastSeq: number; lastArrival: number }> {
    const bounds = await this.#engine.bounds(trailLogName);
    return { lastSeq: bounds.lastSeq, lastArrival: bounds.lastArrival ?? 0 };
  }

  async #purgeIfDue(): Promise<void> {
    const now = this.#now();
    if (now - this.#lastPurge < purgeIntervalMs) return;
    this.#lastPurge = now;
    try {
      const bounds = await this.#engine.bounds(trailLogName);
      if (bounds.firstSeq === undefined) return;
      const keepFrom = (await this.#engine.seekTime(trailLogName, now - eventHistoryRetentionMs)) ?? bounds.lastSeq + 1;
      if (keepFrom > bounds.firstSeq) await this.#engine.trim(trailLogName, keepFrom);
    } catch (error) {
      this.#log?.error({ err: error }, 'audit trail retention purge failed');
    }
  }
}

function decode(stored: LogRecord): StoredEvent {
  return { seq: stored.seq, record: JSON.parse(Buffer.from(stored.payload).toString('utf8')) as EventRecord };
}
