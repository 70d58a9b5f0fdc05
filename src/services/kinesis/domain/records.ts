// How a Kinesis record is laid out in a storage log payload, and the appender that
// gives records their per-shard counters and arrival times before one atomic append.
//
// Payload grammar:
//   plain  (version 1): 0x01 | partition-key length u16 BE | partition key UTF-8 | data bytes
//   sealed (version 2): 0x02 | key-material generation id (16 bytes) | sealed record (crypto/envelope.ts)
// A sealed payload holds nothing of the partition key or data in clear.
import type { LogAppend, StorageEngine } from '../../../storage/engine.js';
import { storageErrorCodes } from '../../../storage/engine.js';
import { InternalError } from '../../errors.js';
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
  lastSeq: number;
  lastArrival: number;
}

export interface PendingRecord {
  log: string;
  /** The bytes to store, or a function that makes them once the record's counter is known (sealing binds it). */
  payload: Uint8Array | ((seq: number) => Uint8Array);
}

export interface PlacedRecord {
  log: string;
  seq: number;
  arrival: number;
}

/**
 * Assigns each log's next counters in memory and hands the whole batch to the engine as
 * one atomic append that names each log's previous last counter. Appends are issued in
 * call order without waiting for each other, so concurrent writers pipeline into the
 * engine's group commit. A failed append (or a conflict with another writer) forgets the
 * cached tails so the next call reloads them from the engine.
 */
export class Appender {
  private readonly tails = new Map<string, Promise<Tail>>();

  constructor(
    private readonly engine: StorageEngine,
    private readonly now: () => number,
    /** Told each log a durable append added to, so waiting readers wake (wakeups.ts). */
    private readonly onAppended: (log: string) => void = () => {},
  ) {}

  async append(records: PendingRecord[]): Promise<PlacedRecord[]> {
    const logs = [...new Set(records.map((record) => record.log))];
    const tails = new Map<string, Tail>();
    for (const log of logs) tails.set(log, await this.tail(log));
    // From here to engine.append nothing awaits, so counters are handed out in call order.
    const now = this.now();
    const byLog = new Map<string, LogAppend>();
    const placed: PlacedRecord[] = [];
    let appended: Promise<void>;
    try {
      for (const record of records) {
        const tail = tails.get(record.log)!;
        let append = byLog.get(record.log);
        if (!append) {
          append = { log: record.log, afterSeq: tail.lastSeq, records: [] };
          byLog.set(record.log, append);
        }
        tail.lastSeq += 1;
        tail.lastArrival = Math.max(tail.lastArrival, now);
        const payload = typeof record.payload === 'function' ? record.payload(tail.lastSeq) : record.payload;
        append.records.push({ seq: tail.lastSeq, arrival: tail.lastArrival, payload });
        placed.push({ log: record.log, seq: tail.lastSeq, arrival: tail.lastArrival });
      }
      appended = this.engine.append([...byLog.values()]);
    } catch (error) {
      for (const log of logs) this.tails.delete(log);
      throw error;
    }
    try {
      await appended;
    } catch (error) {
      for (const log of logs) this.tails.delete(log);
      if (isConflict(error)) {
        throw new InternalError(storageErrorCodes.conflict, 'another writer appended to the shard', { cause: error });
      }
      throw error;
    }
    for (const log of logs) this.onAppended(log);
    return placed;
  }

  /** Forgets a log's cached tail (the log was dropped). */
  forget(log: string): void {
    this.tails.delete(log);
  }

  private tail(log: string): Promise<Tail> {
    let tail = this.tails.get(log);
    if (!tail) {
      tail = this.engine.bounds(log).then((bounds) => ({ lastSeq: bounds.lastSeq, lastArrival: bounds.lastArrival ?? 0 }));
      tail.catch(() => this.tails.delete(log));
      this.tails.set(log, tail);
    }
    return tail;
  }
}
