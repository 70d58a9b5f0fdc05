// Delivering one batch to its destination (aws-wire.md §3.6–3.8):
// - S3: the records concatenated with no delimiter, GZIP-compressed when configured, as one
//   object named as Firehose names it;
// - HTTP endpoint: POSTed in Firehose's request format, retried with exponential backoff
//   (1 s, doubling, ±15 % jitter, at most 2 min apart) until RetryOptions.DurationInSeconds
//   has passed since the first attempt, then written to the S3 backup bucket as JSON lines
//   (FailedDataOnly and AllData); AllData also copies every batch to the backup bucket.
import { randomInt } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Logger } from 'pino';
import type { ExtendedS3DestinationConfiguration, HttpEndpointDestinationConfiguration, S3DestinationConfiguration } from '../../../generated/firehose-shapes.js';
import type { Batch } from './checkpoint.js';
import type { DeliveryStreamDoc } from './delivery-streams.js';
import { defaultRetrySeconds } from './destinations.js';
import { postBatch } from './http-endpoint.js';
import { dataObjectKey, failedObjectKey } from './object-names.js';
import { bucketOf, type S3Store } from './s3-store.js';

export interface DeliverableRecord {
  data: Buffer;
  arrival: number;
  seq: number;
}

export interface DeliveryContext {
  s3: S3Store;
  log: Logger;
  signal: AbortSignal;
  now: () => number;
  /** Persists the batch's attempt count (and first attempt time) before each retry wait. */
  recordAttempt(batch: Batch): Promise<void>;
}

const firstRetryMs = 1000;
const maxRetryMs = 120_000;

function objectBody(config: S3DestinationConfiguration, records: Buffer[]): Buffer {
  const body = Buffer.concat(records);
  return config.CompressionFormat === 'GZIP' ? gzipSync(body) : body;
}

function naming(stream: DeliveryStreamDoc, batch: Batch) {
  return { streamName: stream.name, versionId: batch.versionId, firstArrival: batch.firstArrival, uuid: batch.id };
}

export async function deliverToS3(context: DeliveryContext, stream: DeliveryStreamDoc, config: ExtendedS3DestinationConfiguration, batch: Batch, records: DeliverableRecord[]): Promise<void> {
  const key = dataObjectKey(config, naming(stream, batch));
  await context.s3.putObject(bucketOf(config.BucketARN), key, objectBody(config, records.map((record) => record.data)));
}

/** Resolves after `ms`, or rejects at once when the server closes. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function withJitter(ms: number): number {
  return Math.round(ms * (0.85 + randomInt(0, 301) / 1000));
}

export async function deliverToHttpEndpoint(context: DeliveryContext, stream: DeliveryStreamDoc, config: HttpEndpointDestinationConfiguration, batch: Batch, records: DeliverableRecord[]): Promise<void> {
  const backup = config.S3Configuration;
  if (config.S3BackupMode === 'AllData') {
    await context.s3.putObject(bucketOf(backup.BucketARN), dataObjectKey(backup, naming(stream, batch)), objectBody(backup, records.map((record) => record.data)));
  }
  const durationMs = (config.RetryOptions?.DurationInSeconds ?? defaultRetrySeconds) * 1000;
  if (batch.startedAt === undefined) batch.startedAt = context.now();
  let delay = firstRetryMs * 2 ** Math.min(Math.max(batch.attempts - 1, 0), 7);
  for (;;) {
    const outcome = await postBatch(config, stream.arn, batch.id, records.map((record) => record.data), context.signal);
    batch.attempts += 1;
    if (outcome.isSuccess) return;
    if (outcome.isPermanent) {
      // 413: AWS neither retries nor backs the batch up (aws-wire.md §3.8); say so loudly.
      context.log.error({ deliveryStream: stream.arn, requestId: batch.id, records: records.length, error: outcome.errorMessage }, 'HTTP endpoint refused the batch as too large; it is dropped, as AWS drops it');
      return;
    }
    const wait = withJitter(Math.min(delay, maxRetryMs));
    if (context.now() + wait > batch.startedAt + durationMs) {
      context.log.warn({ deliveryStream: stream.arn, requestId: batch.id, attempts: batch.attempts, error: outcome.errorMessage }, 'HTTP endpoint delivery failed for the retry duration; backing the batch up to S3');
      await backUpFailed(context, stream, backup, batch, records, outcome.errorCode ?? 'HttpEndpoint.DestinationException', outcome.errorMessage ?? '');
      return;
    }
    await context.recordAttempt(batch);
    await sleep(wait, context.signal);
    delay *= 2;
  }
}

/** The JSON-lines document AWS writes for records an HTTP endpoint did not take [DG basic-deliver]. */
async function backUpFailed(context: DeliveryContext, stream: DeliveryStreamDoc, backup: S3DestinationConfiguration, batch: Batch, records: DeliverableRecord[], errorCode: string, errorMessage: string): Promise<void> {
  const endedAt = context.now();
  const lines = records.map((record) =>
    Buffer.from(
      JSON.stringify({
        attemptsMade: batch.attempts,
        arrivalTimestamp: record.arrival,
        errorCode,
        errorMessage,
        attemptEndingTimestamp: endedAt,
        rawData: record.data.toString('base64'),
        subsequenceNumber: 0,
        dataId: `${record.seq}.0`,
      }) + '\n',
      'utf8',
    ),
  );
  await context.s3.putObject(bucketOf(backup.BucketARN), failedObjectKey(backup, naming(stream, batch)), objectBody(backup, lines));
}
