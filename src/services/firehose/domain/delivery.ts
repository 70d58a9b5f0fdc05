// The delivery loop: one worker per delivery stream, in this process. A worker runs one
// step at a time, never two at once, and only when something may have changed: a put
// (which also says how many bytes it added), the end of a buffer interval, the end of an
// SSE transition, a 1-second poll of a Kinesis source (Firehose reads each shard about
// once a second), or a retry after a failure. A step:
//   1. delivers the batch left in flight by a crash, if any (checkpoint.ts);
//   2. reads what is pending, up to the size hint, and flushes it when the buffer is full
//      (SizeInMBs) or the oldest record has waited IntervalInSeconds (0: at once);
//   3. writes the batch as in flight, delivers it, then moves the checkpoint past it and
//      drops the delivered records from the delivery stream's own buffer;
//   4. retires KMS grants no longer needed once the records sealed before the key change
//      are delivered.
// Closing aborts waits and in-flight HTTP attempts and waits for the step to stop; a batch
// cut short stays in flight and is delivered after the next start. No timer outlives close.
import { randomUUID } from 'node:crypto';
import { AwsError, InternalError } from '../../errors.js';
import type { Caller } from '../../context.js';
import type { Firehose } from '../firehose.js';
import { directPutSource, kinesisSources, type SourceLog } from './buffer.js';
import type { Batch, Checkpoint } from './checkpoint.js';
import { deliverToHttpEndpoint, deliverToS3, type DeliverableRecord } from './deliver-batch.js';
import type { DeliveryStreamAddress, DeliveryStreamDoc } from './delivery-streams.js';
import { bufferingOf } from './destinations.js';

const kinesisPollMs = 1000;
// A stored record is at most 1,000 KiB of data (Kinesis 1 MiB) plus its envelope: reading this far past the size hint finds the record that crosses it.
const maxRecordBytes = 1_100_000;
const firstFailureRetryMs = 1000;
const maxFailureRetryMs = 60_000;

export class DeliveryWorker {
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private running: Promise<void> | undefined;
  private again = false;
  private pendingBytes = 0;
  private failures = 0;
  private closed = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly firehose: Firehose,
    readonly uuid: string,
    private readonly address: DeliveryStreamAddress,
  ) {}

  /** A put appended `bytes`; the buffer flushes once the size hint is reached or its interval ends. */
  notifyPut(bytes: number, intervalMs: number, sizeBytes: number): void {
    this.pendingBytes += bytes;
    if (this.pendingBytes >= sizeBytes) this.kick();
    else this.wakeAt(this.firehose.now() + intervalMs);
  }

  /** Runs a step at `time` (or earlier if one is due sooner). */
  wakeAt(time: number): void {
    if (this.closed || time >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = time;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.kick();
    }, Math.max(0, time - this.firehose.now()));
  }

  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.abort.abort(new InternalError('FIREHOSE_CLOSED', 'the server is closing'));
    await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.step();
        this.failures = 0;
      } catch (error) {
        if (this.closed) return;
        this.failures += 1;
        const retryMs = Math.min(firstFailureRetryMs * 2 ** (this.failures - 1), maxFailureRetryMs);
        this.firehose.log.error({ err: error, deliveryStream: this.address.name, retryMs }, 'delivery failed; the batch stays buffered and is retried');
        this.wakeAt(this.firehose.now() + retryMs);
        return;
      }
    } while (this.again && !this.closed);
  }

  /** Delivers until nothing is due, then arranges the next wake-up. */
  private async step(): Promise<void> {
    for (;;) {
      if (this.closed) return;
      const stream = await this.firehose.streams.find(this.address);
      if (!stream || stream.uuid !== this.uuid) return this.firehose.delivery.forget(this.uuid);
      if (stream.status === 'CREATING') return this.wakeAt(stream.statusUntil);
      if (stream.status !== 'ACTIVE') return;
      if (stream.encryption.until !== undefined) this.wakeAt(stream.encryption.until);
      const sources = await this.sourcesOf(stream);
      const { checkpoint, version } = await this.firehose.checkpoints.load(stream.uuid);
      if (checkpoint.inFlight) {
        await this.deliver(stream, sources, checkpoint, version, checkpoint.inFlight);
        continue;
      }
      const buffering = bufferingOf(stream.destination);
      const maxRecords = stream.destination.kind === 'HttpEndpoint' ? 10_000 : 1_000_000;
      const pending = await this.peek(sources, checkpoint, buffering.sizeBytes, maxRecords);
      await this.retireGrants(stream, pending.oldestArrival);
      this.pendingBytes = pending.bytes;
      if (pending.count === 0) {
        if (stream.type === 'KinesisStreamAsSource') this.wakeAt(this.firehose.now() + kinesisPollMs);
        return;
      }
      const isFull = pending.isFull;
      const dueAt = pending.oldestArrival + buffering.intervalMs;
      if (!isFull && this.firehose.now() < dueAt) {
        this.wakeAt(stream.type === 'KinesisStreamAsSource' ? Math.min(dueAt, this.firehose.now() + kinesisPollMs) : dueAt);
        return;
      }
      const batch: Batch = { id: randomUUID(), ranges: pending.ranges, firstArrival: pending.oldestArrival, versionId: stream.versionId, attempts: 0 };
      const next: Checkpoint = { positions: checkpoint.positions, inFlight: batch };
      const savedVersion = await this.firehose.checkpoints.save(stream.uuid, next, version);
      await this.deliver(stream, sources, next, savedVersion, batch);
    }
  }

  private async sourcesOf(stream: DeliveryStreamDoc): Promise<SourceLog[]> {
    if (stream.type === 'DirectPut') return [directPutSource(stream, this.firehose.encryption, this.firehose.envelopes)];
    const source = stream.source!;
    const match = /^arn:[^:]+:kinesis:([^:]+):(\d{12}):stream\/(.+)$/.exec(source.streamArn)!;
    const kinesisStream = await this.firehose.kinesis.streams.find({ region: match[1]!, accountId: match[2]!, name: match[3]! });
    if (!kinesisStream || kinesisStream.status === 'CREATING') return [];
    const caller: Caller = { accountId: kinesisStream.accountId, region: kinesisStream.region, principalArn: source.roleArn, principalType: 'AssumedRole', roleArn: source.roleArn, accessKeyId: 'firehose-service', sourceIp: '127.0.0.1' };
    return kinesisSources(this.firehose.kinesis, stream, kinesisStream, caller);
  }

  private positionOf(source: SourceLog, checkpoint: Checkpoint): number {
    return checkpoint.positions[source.log] ?? source.startAfter;
  }

  /**
   * What is pending, up to the limits of one batch: records are taken until the size hint
   * is reached (the record that reaches it included, as an S3 object may be a little over
   * SizeInMBs) or the record count is; `isFull` then says a flush is due now.
   */
  private async peek(sources: SourceLog[], checkpoint: Checkpoint, sizeBytes: number, maxRecords: number) {
    const ranges: Batch['ranges'] = [];
    let bytes = 0;
    let count = 0;
    let oldestArrival = Infinity;
    for (const source of sources) {
      if (bytes >= sizeBytes || count >= maxRecords) break;
      const records = await this.firehose.engine.read(source.log, this.positionOf(source, checkpoint) + 1, { limit: maxRecords - count, maxBytes: sizeBytes - bytes + maxRecordBytes });
      let last: number | undefined;
      for (const record of records) {
        if (bytes >= sizeBytes) break;
        bytes += record.payload.byteLength;
        oldestArrival = Math.min(oldestArrival, record.arrival);
        count += 1;
        last = record.seq;
      }
      if (last !== undefined) ranges.push({ log: source.log, fromSeq: records[0]!.seq, toSeq: last });
    }
    return { ranges, bytes, count, oldestArrival, isFull: bytes >= sizeBytes || count >= maxRecords };
  }

  /** Delivers a batch written as in flight, then moves the checkpoint past it. */
  private async deliver(stream: DeliveryStreamDoc, sources: SourceLog[], checkpoint: Checkpoint, version: number | null, batch: Batch): Promise<void> {
    const records: DeliverableRecord[] = [];
    for (const range of batch.ranges) {
      const source = sources.find((candidate) => candidate.log === range.log);
      // A source shard whose stream is gone: its records cannot be read any more.
      if (!source) continue;
      const stored = (await this.firehose.engine.read(range.log, range.fromSeq, { limit: range.toSeq - range.fromSeq + 1 })).filter((record) => record.seq <= range.toSeq);
      const opened = await source.open(stored);
      stored.forEach((record, index) => records.push({ data: opened[index]!, arrival: record.arrival, seq: record.seq }));
    }
    let currentVersion = version;
    const context = {
      s3: this.firehose.s3,
      log: this.firehose.log,
      signal: this.abort.signal,
      now: this.firehose.now,
      recordAttempt: async (attempted: Batch) => {
        currentVersion = await this.firehose.checkpoints.save(stream.uuid, { ...checkpoint, inFlight: attempted }, currentVersion);
      },
    };
    if (records.length > 0) {
      const destination = stream.destination;
      if (destination.kind === 'HttpEndpoint') await deliverToHttpEndpoint(context, stream, destination.config, batch, records);
      else await deliverToS3(context, stream, destination.config, batch, records);
    }
    const positions = { ...checkpoint.positions };
    for (const range of batch.ranges) positions[range.log] = Math.max(positions[range.log] ?? 0, range.toSeq);
    await this.firehose.checkpoints.save(stream.uuid, { positions }, currentVersion);
    for (const range of batch.ranges) {
      if (sources.find((source) => source.log === range.log)?.isOwned) await this.firehose.engine.trim(range.log, range.toSeq + 1);
    }
    this.pendingBytes = 0;
  }

  /** Retires each grant queued for retirement once no record that arrived before its key change is still buffered. */
  private async retireGrants(stream: DeliveryStreamDoc, oldestPendingArrival: number): Promise<void> {
    const due = stream.encryption.grantsToRetire.filter((grant) => oldestPendingArrival >= grant.after);
    for (const grant of due) {
      try {
        await this.firehose.keys.retireGrant({ accountId: stream.accountId, region: stream.region, principalArn: `arn:aws:iam::${stream.accountId}:root`, principalType: 'Account', accessKeyId: 'firehose-service', sourceIp: '127.0.0.1' }, grant);
      } catch (error) {
        // A grant already gone (revoked by the customer, or its key deleted) needs nothing more.
        const isGone = error instanceof AwsError && (error.code === 'InvalidGrantIdException' || error.code === 'NotFoundException');
        if (!isGone) throw error;
      }
      await this.firehose.streams.update(this.address, (current) => {
        current.encryption.grantsToRetire = current.encryption.grantsToRetire.filter((queued) => queued.grantId !== grant.grantId);
      });
    }
  }
}

export class DeliveryManager {
  private readonly workers = new Map<string, DeliveryWorker>();
  private isClosed = false;

  constructor(private readonly firehose: () => Firehose) {}

  /** Starts a worker for every delivery stream in the store (after a restart: delivers what was buffered). */
  async start(): Promise<void> {
    for (const stream of await this.firehose().streams.all()) this.worker(stream).kick();
  }

  worker(stream: Pick<DeliveryStreamDoc, 'uuid' | 'name' | 'accountId' | 'region'>): DeliveryWorker {
    let worker = this.workers.get(stream.uuid);
    if (!worker) {
      worker = new DeliveryWorker(this.firehose(), stream.uuid, { name: stream.name, accountId: stream.accountId, region: stream.region });
      // After close a worker never runs: the records wait in the store for the next start.
      if (this.isClosed) void worker.close();
      else this.workers.set(stream.uuid, worker);
    }
    return worker;
  }

  forget(uuid: string): void {
    const worker = this.workers.get(uuid);
    this.workers.delete(uuid);
    void worker?.close();
  }

  async close(): Promise<void> {
    this.isClosed = true;
    await Promise.all([...this.workers.values()].map((worker) => worker.close()));
    this.workers.clear();
  }
}
