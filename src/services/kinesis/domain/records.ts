// How a Kinesis record is laid out in a storage log payload, and the appender that
// gives records their per-shard counters and arrival times before one atomic append.
//
// Payload grammar:
//   plain  (version 1): 0x01 | partition-key length u16 BE | partition key UTF-8 | data bytes
//   sealed (version 2): 0x02 | key-material generation id (16 bytes) | sealed record (crypto/envelope.ts)
// A sealed payload holds nothing of the partition key or data in clear.
import type { LogAppend, LogRecord, StorageEngine } from '../../../storage/engine.js';
import { storageErrorCodes } from '../../../storage/engine.js';
import { InternalError, needs } from '../../errors.js';
import { isConflict } from '../../compare-and-set.js';

export interface RecordBody {
  partitionKey: string;
  data: Buffer;
}

const plainVersion = 1;
const sealedVersion = 2;
const generationIdLength = 16;

export type StoredRecord =
  | ({ kind: 'plain' } & RecordBody)
  | { kind: 'sealed'; generationId: Buffer; sealed: Buffer };

export function encodeRecord(body: RecordBody): Buffer {
  const key = Buffer.from(body.partitionKey, 'utf8');
  const payload = Buffer.allocUnsafe(3 + key.length + body.data.length);
  payload[0] = plainVersion;
  payload.writeUInt16BE(key.length, 1);
  key.copy(payload, 3);
  body.data.copy(payload, 3 + key.length);
  return payload;
}

/** What goes before the sealed record in a sealed payload; the envelope writes both in one allocation. */
export function sealedRecordHeader(generationId: Buffer): Buffer {
  return Buffer.concat([Buffer.from([sealedVersion]), generationId]);
}

export function decodeRecord(payload: Uint8Array): StoredRecord {
  const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  if (bytes[0] === sealedVersion) {
    return { kind: 'sealed', generationId: bytes.subarray(1, 1 + generationIdLength), sealed: bytes.subarray(1 + generationIdLength) };
  }
  if (bytes[0] !== plainVersion) throw new InternalError('KINESIS_RECORD_FORMAT', `unknown record payload version ${bytes[0]}`);
  const keyLength = bytes.readUInt16BE(1);
  return {
    kind: 'plain',
    partitionKey: bytes.toString('utf8', 3, 3 + keyLength),
    data: bytes.subarray(3 + keyLength),
  };
}

interface Tail {
  /** The last counter handed out. */
  lastSeq: number;
  lastArrival: number;
  /** The last counter of the last append given to the engine: the next append's afterSeq. */
  issuedSeq: number;
}

export interface PendingRecord {
  log: string;
  /** The bytes to store; absent when the append's `seal` makes them. */
  payload?: Uint8Array;
}

export interface PlacedRecord {
  log: string;
  seq: number;
  arrival: number;
}

/** Makes the stored bytes of every record of an append once its counters are known (sealing binds them). */
export type Sealer = (placed: PlacedRecord[]) => Promise<Uint8Array[]> | Uint8Array[];

/** An append that failed before it was given to the engine (its sealing failed). */
class NotIssued extends Error {
  constructor(cause: unknown) {
    super('the append failed before it reached the engine', { cause });
  }
}

/**
 * Assigns each log's next counters in memory and hands the whole batch to the engine as
 * one atomic append that names each log's previous last counter. Appends are given to the
 * engine in the order their counters were assigned, without waiting for each other to be
 * durable, so concurrent writers pipeline into the engine's group commit.
 *
 * Sealing may take time (envelope-threads.ts seals big batches on another thread) and
 * batches may finish sealing out of order; an append then waits until every earlier append
 * to one of its logs has been given to the engine. An append that fails before reaching the
 * engine leaves a gap in the counters, which is allowed (engine.ts); the next append names
 * the last counter actually given. A failed append (or a conflict with another writer)
 * forgets the cached tails so the next call reloads them from the engine.
 */
export class Appender {
  private readonly tails = new Map<string, Promise<Tail>>();
  /** Per log, settles once the latest append to it that is still sealing has been given to the engine. */
  private readonly issuing = new Map<string, Promise<void>>();

  constructor(
    private readonly engine: StorageEngine,
    private readonly now: () => number,
    /** Told each log a durable append added to, with the records it stored there, so waiting readers wake (wakeups.ts). */
    private readonly onAppended: (log: string, records: readonly LogRecord[]) => void = () => {},
  ) {}

  async append(records: PendingRecord[], seal?: Sealer): Promise<PlacedRecord[]> {
    const logs = [...new Set(records.map((record) => record.log))];
    const tails = new Map<string, Tail>();
    for (const log of logs) tails.set(log, await this.tail(log));
    // From here to the hand-off nothing awaits, so counters are assigned in call order.
    const now = this.now();
    const placed: PlacedRecord[] = [];
    for (const record of records) {
      const tail = tails.get(record.log)!;
      tail.lastSeq += 1;
      tail.lastArrival = Math.max(tail.lastArrival, now);
      placed.push({ log: record.log, seq: tail.lastSeq, arrival: tail.lastArrival });
    }
    let appended: Promise<LogAppend[]>;
    try {
      const payloads = seal ? seal(placed) : records.map((record) => record.payload!);
      const earlier = logs.flatMap((log) => this.issuing.get(log) ?? []);
      if (earlier.length === 0 && !(payloads instanceof Promise)) {
        appended = this.issue(tails, placed, payloads);
      } else {
        appended = this.issueInTurn(logs, earlier, tails, placed, payloads);
      }
    } catch (error) {
      for (const log of logs) this.tails.delete(log);
      throw error;
    }
    let stored: LogAppend[];
    try {
      stored = await appended;
    } catch (error) {
      // Failing before the engine leaves the cached tails right: the counters it took are a gap.
      if (error instanceof NotIssued) throw error.cause;
      for (const log of logs) this.tails.delete(log);
      if (isConflict(error)) {
        throw new InternalError(storageErrorCodes.conflict, 'another writer appended to the shard', { cause: error });
      }
      throw error;
    }
    for (const append of stored) this.onAppended(append.log, append.records);
    return placed;
  }

  /** Forgets a log's cached tail (the log was dropped). */
  forget(log: string): void {
    this.tails.delete(log);
  }

  /** Gives the append to the engine now; resolves with what it stored, per log, once that is durable. */
  private issue(tails: Map<string, Tail>, placed: PlacedRecord[], payloads: Uint8Array[]): Promise<LogAppend[]> {
    needs(payloads.length === placed.length, 'KINESIS_RECORD_FORMAT', 'one payload per record');
    const byLog = new Map<string, LogAppend>();
    placed.forEach((record, index) => {
      let append = byLog.get(record.log);
      if (!append) {
        append = { log: record.log, afterSeq: tails.get(record.log)!.issuedSeq, records: [] };
        byLog.set(record.log, append);
      }
      append.records.push({ seq: record.seq, arrival: record.arrival, payload: payloads[index]! });
    });
    const appends = [...byLog.values()];
    const appended = this.engine.append(appends);
    for (const append of appends) tails.get(append.log)!.issuedSeq = append.records.at(-1)!.seq;
    return appended.then(() => appends);
  }

  /** Waits for the payloads and for every earlier append to these logs to be given to the engine, then gives this one. */
  private issueInTurn(logs: string[], earlier: Promise<void>[], tails: Map<string, Tail>, placed: PlacedRecord[], payloads: Promise<Uint8Array[]> | Uint8Array[]): Promise<LogAppend[]> {
    let handOff!: () => void;
    const issued = new Promise<void>((resolve) => (handOff = resolve));
    for (const log of logs) this.issuing.set(log, issued);
    const done = () => {
      handOff();
      for (const log of logs) if (this.issuing.get(log) === issued) this.issuing.delete(log);
    };
    return (async () => {
      let ready: Uint8Array[];
      try {
        // Earlier appends settle their turn whether or not they reached the engine.
        await Promise.all(earlier);
        ready = await payloads;
      } catch (error) {
        done();
        throw new NotIssued(error);
      }
      try {
        return this.issue(tails, placed, ready);
      } finally {
        done();
      }
    })();
  }

  private tail(log: string): Promise<Tail> {
    let tail = this.tails.get(log);
    if (!tail) {
      tail = this.engine.bounds(log).then((bounds) => ({ lastSeq: bounds.lastSeq, lastArrival: bounds.lastArrival ?? 0, issuedSeq: bounds.lastSeq }));
      tail.catch(() => this.tails.delete(log));
      this.tails.set(log, tail);
    }
    return tail;
  }
}
