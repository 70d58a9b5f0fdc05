// Builds Firehose over a storage engine, the Kinesis service it reads sources from, and
// the KMS it encrypts with; starts a delivery worker for every stored delivery stream, so
// records buffered before a crash are delivered after the restart.
import type { Logger } from 'pino';
import type { StorageEngine } from '../../storage/engine.js';
import { Appender } from '../kinesis/domain/records.js';
import type { Kinesis } from '../kinesis/kinesis.js';
import { CheckpointStore } from './domain/checkpoint.js';
import { DeliveryManager } from './domain/delivery.js';
import { bufferLogName, DeliveryStreamStore } from './domain/delivery-streams.js';
import { DeliveryStreamEncryption } from './domain/encryption.js';
import type { FirehoseKeys } from './domain/key-access.js';
import { S3Store } from './domain/s3-store.js';
import { ThroughputLimiter } from './domain/throughput.js';
import { defaultLimits, type Firehose, type FirehoseLimits } from './firehose.js';

export interface FirehoseOptions {
  engine: StorageEngine;
  kinesis: Kinesis;
  keys: FirehoseKeys;
  /** Where S3 destinations' objects go: <s3Dir>/<bucket>/<key>. */
  s3Dir: string;
  transitionMs: number;
  keyCacheTtlMs: number;
  log: Logger;
  now?: () => number;
  limits?: Partial<FirehoseLimits>;
}

export interface RunningFirehose extends Firehose {
  /** Stops every delivery worker; buffered records stay in the store. */
  close(): Promise<void>;
}

export async function createFirehose(options: FirehoseOptions): Promise<RunningFirehose> {
  const now = options.now ?? Date.now;
  const engine = options.engine;
  const checkpoints = new CheckpointStore(engine);
  const appender = new Appender(engine, now);
  const encryption = new DeliveryStreamEncryption(engine, options.keys, options.keyCacheTtlMs, now);
  let firehose: RunningFirehose | undefined;
  const delivery = new DeliveryManager(() => firehose!);
  // A finished deletion takes the buffer, the checkpoint and the key material with it.
  const streams = new DeliveryStreamStore(engine, now, async (stream) => {
    delivery.forget(stream.uuid);
    appender.forget(bufferLogName(stream));
    await engine.dropLog(bufferLogName(stream));
    await checkpoints.delete(stream.uuid);
    await encryption.forget(stream);
  });
  firehose = {
    engine,
    streams,
    checkpoints,
    appender,
    encryption,
    envelopes: options.kinesis.envelopes,
    keys: options.keys,
    kinesis: options.kinesis,
    s3: new S3Store(options.s3Dir),
    delivery,
    throughput: new ThroughputLimiter(now),
    now,
    transitionMs: options.transitionMs,
    limits: { ...defaultLimits, ...options.limits },
    log: options.log,
    close: () => delivery.close(),
  };
  await delivery.start();
  return firehose;
}
