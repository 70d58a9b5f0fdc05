// What Firehose operations share: their dependencies and the rules every delivery-stream
// operation applies the same way (aws-wire.md §3.2).
import type { Logger } from 'pino';
import type { StorageEngine } from '../../storage/engine.js';
import type { Caller } from '../context.js';
import type { Appender } from '../kinesis/domain/records.js';
import type { Kinesis } from '../kinesis/kinesis.js';
import { firehoseErrors } from './errors.js';
import type { CheckpointStore } from './domain/checkpoint.js';
import type { DeliveryManager } from './domain/delivery.js';
import type { DeliveryStreamAddress, DeliveryStreamDoc, DeliveryStreamStore } from './domain/delivery-streams.js';
import type { DeliveryStreamEncryption } from './domain/encryption.js';
import type { EnvelopeThreads } from '../../crypto/envelope-threads.js';
import type { FirehoseKeys } from './domain/key-access.js';
import type { S3Store } from './domain/s3-store.js';
import type { ThroughputLimiter } from './domain/throughput.js';

export interface FirehoseLimits {
  /** Delivery streams per account and region (the model's documented quota). */
  streamsPerRegion: number;
  /** Delivery streams one CMK may protect (aws-wire.md §3.4 rule 4). */
  streamsPerKey: number;
  /** Start and Stop calls together per delivery stream per 24 hours (rule 5). */
  encryptionChangesPerDay: number;
  tagsPerStream: number;
}

export const defaultLimits: FirehoseLimits = { streamsPerRegion: 5000, streamsPerKey: 500, encryptionChangesPerDay: 25, tagsPerStream: 50 };

export interface Firehose {
  engine: StorageEngine;
  streams: DeliveryStreamStore;
  checkpoints: CheckpointStore;
  appender: Appender;
  encryption: DeliveryStreamEncryption;
  /** Seals and opens big batches of records on worker threads (crypto/envelope-threads.ts). */
  envelopes: EnvelopeThreads;
  keys: FirehoseKeys;
  kinesis: Kinesis;
  s3: S3Store;
  delivery: DeliveryManager;
  throughput: ThroughputLimiter;
  now: () => number;
  transitionMs: number;
  limits: FirehoseLimits;
  log: Logger;
}

export function addressOf(name: string, caller: Caller): DeliveryStreamAddress {
  return { name, accountId: caller.accountId, region: caller.region };
}

/** Configuration changes and puts need an ACTIVE delivery stream; AWS's text is unrecorded [INF]. */
export function ensureActive(stream: DeliveryStreamDoc): void {
  if (stream.status !== 'ACTIVE') {
    throw firehoseErrors.resourceInUse(`Firehose ${stream.name} under account ${stream.accountId} is not ACTIVE, instead in state ${stream.status}.`);
  }
}

export function ensureDirectPut(stream: DeliveryStreamDoc): void {
  if (stream.type !== 'DirectPut') throw firehoseErrors.notDirectPut();
}

/** When a transition that starts now ends. */
export function transitionEnd(firehose: Firehose): number {
  return firehose.now() + firehose.transitionMs;
}
