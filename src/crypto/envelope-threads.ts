// Sealing and opening batches of records on worker threads, off the event loop.
//
// Per record, sealing costs an HKDF expand and an AES-256-GCM seal, 15–20 µs through
// Node's crypto bindings, nearly all of it per-call overhead that no batching API removes
// (bench/micro/crypto). On the main thread that is over half of an encrypted PutRecords'
// CPU; a worker thread takes it on another core while the event loop parses, stores and
// answers other requests. Both sides run envelope.ts's sealRecords/openRecords, so the
// stored format is the same whichever thread sealed a record.
//
// Small batches (a single PutRecord, a short GetRecords) are sealed inline: the round trip
// to a worker (tens of microseconds) would cost a lone record more latency than its crypto.
// With one core there are no workers and everything is inline.
//
// Messages carry the records packed into one transferred ArrayBuffer each way, so a batch
// crosses the thread boundary without a copy per record.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { InternalError } from '../internal-error.js';
import { openRecords, sealRecords, RecordOpenError, type OpenItem, type RecordContent, type SealItem } from './envelope.js';
import { pack, unpack, type EnvelopeReply, type EnvelopeRequest, type OpenRequest, type SealRequest } from './envelope-messages.js';

/** Batches smaller than this are sealed or opened on the calling thread. */
export const offloadThreshold = 32;

/** A sealed record as stored: the generation of key material it names, its place and its sealed bytes. */
export interface GenerationSealed {
  generationId: Buffer;
  shardIndex: number;
  seq: number;
  sealed: Uint8Array;
}

// ---- the pool

interface Pending {
  resolve(reply: EnvelopeReply): void;
  reject(error: Error): void;
}

class EnvelopeWorker {
  readonly pending = new Map<number, Pending>();
  private readonly worker: Worker;

  constructor(onGone: (worker: EnvelopeWorker) => void) {
    // A small young generation: a worker's garbage is short-lived (a batch's buffers), and
    // V8's default sizes it like a main thread's, which cost the server 50 MiB of resident
    // memory more for no speed (npm run bench:memory: 217 MiB own memory after a million
    // records with the default, 168 MiB with 8 MiB, in the same time).
    this.worker = new Worker(new URL('./envelope-worker.js', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    // An idle worker does not keep the process alive; one with work in hand does.
    this.worker.unref();
    this.worker.on('message', (reply: EnvelopeReply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      pending.resolve(reply);
    });
    const fail = (error: Error) => {
      onGone(this);
      for (const pending of this.pending.values()) pending.reject(new InternalError('CRYPTO_WORKER', 'an envelope worker thread stopped', { cause: error }));
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
  }

  async terminate(): Promise<void> {
    // Held until it has exited: an idle worker is unref'd, and its exit must still be awaited.
    this.worker.ref();
    await this.worker.terminate();
  }

  send(request: EnvelopeRequest, transfer: ArrayBuffer[]): Promise<EnvelopeReply> {
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(request.id, { resolve, reject });
      this.worker.postMessage(request, transfer);
    });
  }
}

export class EnvelopeThreads {
  private readonly workers: EnvelopeWorker[] = [];
  private nextId = 1;

  /** `threads` 0 seals and opens everything inline. */
  constructor(private threads: number) {}

  /** Stops the workers; whatever comes after is sealed and opened inline. */
  async close(): Promise<void> {
    this.threads = 0;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  /**
   * Seals each record for its place in `streamArn`; gives prefix | sealed record per item,
   * in order. Not `async`: a small batch is sealed before this returns, so a lone record's
   * append goes to the engine in the same turn (records.ts, Appender).
   */
  seal(material: Uint8Array, prefix: Uint8Array, streamArn: string, items: SealItem[]): Buffer[] | Promise<Buffer[]> {
    const inline = (part: SealItem[]) => sealRecords(material, prefix, streamArn, part);
    if (this.threads === 0 || items.length < offloadThreshold) return inline(items);
    return this.spread(items, inline, (part) => this.sealOnWorker(material, prefix, streamArn, part));
  }

  /**
   * open() for records that name the generation of key material they were sealed under:
   * each generation's material is fetched once, in order of first appearance, before any
   * record is opened, so a failure to get one (a KMS error) fails the batch first.
   * Not `async`, as seal() is not: when every material is at hand (`materialOf` answers
   * at once) a small batch is opened before this returns, so a subscriber's event for a
   * record just put is written in the same turn, before the put's answer, as it is for a
   * plain stream (shard-subscription.ts).
   */
  openByGeneration(
    streamArn: string,
    records: GenerationSealed[],
    materialOf: (generationId: Buffer) => Uint8Array | Promise<Uint8Array>,
  ): RecordContent[] | Promise<RecordContent[]> {
    if (records.length === 0) return [];
    const indexes = new Map<string, number>();
    const generations: Buffer[] = [];
    const items: OpenItem[] = records.map((record) => {
      const id = record.generationId.toString('hex');
      let material = indexes.get(id);
      if (material === undefined) {
        material = generations.push(record.generationId) - 1;
        indexes.set(id, material);
      }
      return { shardIndex: record.shardIndex, seq: record.seq, material, sealed: record.sealed };
    });
    const materials: Uint8Array[] = [];
    for (const [index, generationId] of generations.entries()) {
      const material = materialOf(generationId);
      if (material instanceof Promise) {
        // From the first material that must be waited for, the rest are fetched one after another.
        return (async () => {
          materials.push(await material);
          for (const rest of generations.slice(index + 1)) materials.push(await materialOf(rest));
          return this.open(materials, streamArn, items);
        })();
      }
      materials.push(material);
    }
    return this.open(materials, streamArn, items);
  }

  /**
   * Opens each sealed record at its place; RecordOpenError names the first that does not
   * open. A small batch is opened inline before this returns (throwing at once), a big one
   * on the threads (rejecting).
   */
  open(materials: Uint8Array[], streamArn: string, items: OpenItem[]): RecordContent[] | Promise<RecordContent[]> {
    const inline = (part: OpenItem[], offset: number) => openRecords(materials, streamArn, part, offset);
    if (this.threads === 0 || items.length < offloadThreshold) return inline(items, 0);
    return this.spread(items, inline, (part, offset) => this.openOnWorker(materials, streamArn, part, offset));
  }

  /**
   * Gives a big batch to the least busy worker. When no worker has work in hand, the server
   * is likely waiting on this one batch (a lone GetRecords of 10,000 records), so the batch
   * is split between every worker and the calling thread, which does its share meanwhile.
   */
  private async spread<T, R>(items: T[], inline: (part: T[], offset: number) => R[], onWorker: (part: T[], offset: number) => Promise<R[]>): Promise<R[]> {
    const isIdle = this.workers.every((worker) => worker.pending.size === 0);
    const shares = isIdle ? Math.min(this.threads + 1, Math.floor(items.length / offloadThreshold)) : 1;
    if (shares <= 1) return onWorker(items, 0);
    const size = Math.ceil(items.length / shares);
    const others: Promise<R[]>[] = [];
    for (let start = size; start < items.length; start += size) others.push(onWorker(items.slice(start, start + size), start));
    const fromWorkers = Promise.all(others);
    // Observed now, so a worker's failure is not unhandled while this thread does its share.
    fromWorkers.catch(() => {});
    const own = inline(items.slice(0, size), 0);
    return own.concat(...(await fromWorkers));
  }

  private async sealOnWorker(material: Uint8Array, prefix: Uint8Array, streamArn: string, items: SealItem[]): Promise<Buffer[]> {
    const data = pack(items.map((item) => item.content.data));
    // Keys copied into their own small arrays: a Buffer may be a view of a shared pool, and
    // postMessage clones a view's whole ArrayBuffer.
    const request: SealRequest = {
      id: this.nextId++,
      kind: 'seal',
      material: Uint8Array.from(material),
      prefix: Uint8Array.from(prefix),
      streamArn,
      shardIndexes: Int32Array.from(items, (item) => item.shardIndex),
      seqs: Float64Array.from(items, (item) => item.seq),
      partitionKeys: items.map((item) => item.content.partitionKey),
      data: data.bytes,
      dataEnds: data.ends,
    };
    const reply = await this.worker().send(request, [data.bytes]);
    if (reply.kind === 'failed') throw new InternalError('CRYPTO_WORKER', reply.message);
    if (reply.kind !== 'sealed') throw new InternalError('CRYPTO_WORKER', `unexpected ${reply.kind} reply to a seal`);
    return unpack(reply.bytes, reply.ends);
  }

  private async openOnWorker(materials: Uint8Array[], streamArn: string, items: OpenItem[], offset: number): Promise<RecordContent[]> {
    const sealed = pack(items.map((item) => item.sealed));
    const request: OpenRequest = {
      id: this.nextId++,
      kind: 'open',
      materials: materials.map((material) => Uint8Array.from(material)),
      streamArn,
      shardIndexes: Int32Array.from(items, (item) => item.shardIndex),
      seqs: Float64Array.from(items, (item) => item.seq),
      materialIndexes: Uint32Array.from(items, (item) => item.material),
      sealed: sealed.bytes,
      sealedEnds: sealed.ends,
    };
    const reply = await this.worker().send(request, [sealed.bytes]);
    if (reply.kind === 'failed') {
      if (reply.index < 0) throw new InternalError('CRYPTO_WORKER', reply.message);
      throw new RecordOpenError(offset + reply.index, `record ${offset + reply.index} of the batch does not open: ${reply.message}`);
    }
    if (reply.kind !== 'opened') throw new InternalError('CRYPTO_WORKER', `unexpected ${reply.kind} reply to an open`);
    const data = unpack(reply.bytes, reply.ends);
    return data.map((bytes, index) => ({ partitionKey: reply.partitionKeys[index]!, data: bytes }));
  }

  /** The worker with the fewest batches in hand, starting one while there are fewer than `threads`. */
  private worker(): EnvelopeWorker {
    let chosen = this.workers[0];
    for (const worker of this.workers) if (worker.pending.size < chosen!.pending.size) chosen = worker;
    if (!chosen || (chosen.pending.size > 0 && this.workers.length < this.threads)) {
      chosen = new EnvelopeWorker((gone) => {
        const index = this.workers.indexOf(gone);
        if (index >= 0) this.workers.splice(index, 1);
      });
      this.workers.push(chosen);
    }
    return chosen;
  }
}

/** One thread fewer than the cores, so the event loop keeps one; none on a single core; at most four. */
export function defaultEnvelopeThreads(): number {
  return Math.min(4, Math.max(0, availableParallelism() - 1));
}

/** The pool services use when none is given them (in-process tests): stateless, so they may share it. */
export const sharedEnvelopeThreads = new EnvelopeThreads(defaultEnvelopeThreads());
