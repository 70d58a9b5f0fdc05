// Builds the Kinesis service over a storage engine: the iterator secret (kept in the
// store so iterators survive a restart), the appender, and the background work that
// makes records older than the retention period disappear from storage.
import type { StorageEngine } from '../../storage/engine.js';
import type { KmsPort } from '../kms/port.js';
import { Appender } from './domain/records.js';
import { StreamEncryption } from './domain/encryption.js';
import { IteratorCodec } from './domain/iterators.js';
import { SubscriptionRegistry, defaultSubscriptionLimits, type SubscriptionLimits } from './domain/subscriptions.js';
import { Wakeups } from './domain/wakeups.js';
import { StreamStore, logName } from './domain/streams.js';
import { retentionCutoff } from './domain/read.js';
import { defaultLimits, type Kinesis, type KinesisLimits } from './kinesis.js';
import { allowAll, type Authorizer } from '../context.js';
import { loadSecret } from '../page-tokens.js';
import { PolicyEpoch } from '../policy-epoch.js';
import { sharedEnvelopeThreads, type EnvelopeThreads } from '../../crypto/envelope-threads.js';

const secretKey = 'kinesis/iterator-secret';

export interface KinesisOptions {
  engine: StorageEngine;
  /** Checks each put's and get's permission to use the stream's CMK (kms:GenerateDataKey, kms:Decrypt); open mode allows all. */
  authorizer?: Authorizer;
  transitionMs: number;
  kms: KmsPort;
  keyCacheTtlMs: number;
  now?: () => number;
  limits?: Partial<KinesisLimits>;
  /** Tests shorten these; servers keep AWS's. */
  subscriptionLimits?: Partial<SubscriptionLimits>;
  /** Where big batches are sealed and opened; the process's shared pool unless a test says otherwise. */
  envelopes?: EnvelopeThreads;
  /** Moved by every stored change of a stream document, which is where resource policies live (domain/resource-policies.ts). */
  policyEpoch?: PolicyEpoch;
}

export async function createKinesis(options: KinesisOptions): Promise<Kinesis> {
  const now = options.now ?? Date.now;
  const secret = await loadSecret(options.engine, secretKey);
  const wakeups = new Wakeups();
  const subscriptionLimits = { ...defaultSubscriptionLimits, ...options.subscriptionLimits };
  const appender = new Appender(options.engine, now, (log, records) => wakeups.ring(log, records));
  const encryption = new StreamEncryption(options.engine, options.kms, options.keyCacheTtlMs, now, options.authorizer ?? allowAll);
  const policyEpoch = options.policyEpoch ?? new PolicyEpoch();
  const streams = new StreamStore(
    options.engine,
    now,
    (stream) => {
      for (const shard of stream.shards) appender.forget(logName(stream, shard));
      // The stream's encrypted key material goes with its records. A failure here leaves only
      // encrypted data keys of a stream that no longer exists; the next purge cannot retry it,
      // so it is not worth failing the deletion for.
      encryption.forget(stream).catch(() => {});
    },
    (stream) => {
      wakeups.ring(stream.uuid);
      // A stream's or consumer's resource policy, or the stream itself, may have changed:
      // decisions cached under the old document are not used again.
      policyEpoch.bump();
    },
  );
  return {
    engine: options.engine,
    streams,
    appender,
    iterators: new IteratorCodec(secret),
    encryption,
    envelopes: options.envelopes ?? sharedEnvelopeThreads,
    now,
    transitionMs: options.transitionMs,
    limits: { ...defaultLimits, ...options.limits },
    wakeups,
    subscriptions: new SubscriptionRegistry(now, subscriptionLimits.takeoverAfterMs),
    subscriptionLimits,
  };
}

/** Drops records older than each stream's retention period; reads already skip them. */
export async function trimExpiredRecords(kinesis: Kinesis): Promise<void> {
  for (const stream of await kinesis.streams.all()) {
    const cutoff = retentionCutoff(kinesis, stream);
    for (const shard of stream.shards) {
      const log = logName(stream, shard);
      const first = await kinesis.engine.seekTime(log, cutoff);
      const bounds = await kinesis.engine.bounds(log);
      const before = first ?? bounds.lastSeq + 1;
      if (bounds.firstSeq !== undefined && bounds.firstSeq < before) await kinesis.engine.trim(log, before);
    }
  }
}
