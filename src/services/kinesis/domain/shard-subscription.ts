// The life of one SubscribeToShard once its response has started (aws-wire.md §1.9):
//
//   loop: look at the stream (deleted? consumer gone? shard closed?), read one bounded
//         batch after the last delivered record, and send it as a SubscribeToShardEvent
//         when it has records, ends a closed shard, or an event is due (heartbeat);
//         then, when caught up, sleep until an append or a stream change rings
//         (wakeups.ts) or the next heartbeat is due. Once caught up, the records the
//         appender hands over with its rings are sent as they are, without a look at the
//         stream or a read, for as long as they follow on and nothing else rang.
//
// Every event carries ContinuationSequenceNumber (the last delivered record, or where the
// subscription stands) while the shard is open; the last event of a closed shard carries
// ChildShards and no ContinuationSequenceNumber, and ends the subscription (the only
// combinations the KCL accepts, aws-wire.md §5.1 item 5). Records are read only when the
// previous event has been taken by the transport, so a slow subscriber holds back reads
// instead of filling memory: it falls behind, and MillisBehindLatest says by how much.
// Failures (KMS refusing to decrypt, the stream deleted) throw: the protocol sends them
// as exception events.
import type { ChildShard, Record as KinesisRecord } from '../../../generated/kinesis-shapes.js';
import type { Caller } from '../../context.js';
import type { EventProducer } from '../../event-stream.js';
import { kinesisErrors } from '../errors.js';
import type { Kinesis } from '../kinesis.js';
import { consumerNotFound } from './consumers.js';
import { appendedBatch, readBatch, type ShardBatch } from './read.js';
import { toSequenceNumber } from './sequence-numbers.js';
import { logName, refOf, shardOf, type ShardMeta, type StreamDoc } from './streams.js';
import type { SubscriptionClaim } from './subscriptions.js';
import type { Watch } from './wakeups.js';

/** AWS sends up to 10,000 records per event (aws-wire.md §1.9). */
const maxRecordsPerEvent = 10_000;
/**
 * About what AWS delivers per second and subscription; one record may exceed it (it is
 * sent alone), and even a 10 MiB record stays under the 16 MiB event payload botocore
 * accepts once base64 makes it 4/3 larger.
 */
const maxBytesPerEvent = 2 * 1024 * 1024;

export interface Subscription {
  stream: StreamDoc;
  shard: ShardMeta;
  consumerName: string;
  consumerArn: string;
  /** Records with a counter above this are next. */
  afterCounter: number;
  caller: Caller;
  claim: SubscriptionClaim;
}

interface SubscribeToShardEvent {
  Records: KinesisRecord[];
  ContinuationSequenceNumber?: string;
  MillisBehindLatest: number;
  ChildShards?: ChildShard[];
}

export function subscriptionProducer(kinesis: Kinesis, subscription: Subscription): EventProducer {
  return async (send, signal) => {
    const { claim } = subscription;
    const lifetime = new AbortController();
    const lifetimeTimer = setTimeout(() => lifetime.abort(), kinesis.subscriptionLimits.lifetimeMs);
    const stop = AbortSignal.any([signal, claim.takenOver, lifetime.signal]);
    const watch = kinesis.wakeups.watch([logName(subscription.stream, subscription.shard), subscription.stream.uuid], { records: maxRecordsPerEvent, bytes: maxBytesPerEvent });
    try {
      await deliver(kinesis, subscription, send, stop, watch);
      if (claim.takenOver.aborted && !signal.aborted) {
        // [INF] text: no source records what the superseded connection receives.
        throw kinesisErrors.resourceInUse('Another subscription for this consumer and shard took over this one.');
      }
    } finally {
      clearTimeout(lifetimeTimer);
      watch.close();
      claim.release();
    }
  };
}

async function deliver(
  kinesis: Kinesis,
  subscription: Subscription,
  send: (event: Record<string, unknown>) => Promise<void>,
  stop: AbortSignal,
  watch: Watch,
): Promise<void> {
  const { heartbeatMs } = kinesis.subscriptionLimits;
  let afterCounter = subscription.afterCounter;
  // The first event goes out at once, records or not: the client learns where it stands.
  let lastSentAt = -Infinity;
  // The stream and shard as the last look at storage found them, while it had read to the
  // shard's end; undefined when the next round must look again.
  let atEnd: { stream: StreamDoc; shard: ShardMeta } | undefined;
  while (!stop.aborted) {
    // Records handed over since a look that reached the end are all there is to send when
    // they follow on from it; a heartbeat round looks anyway, to notice a deleted stream.
    const following = watch.take(afterCounter);
    let shard: ShardMeta;
    let batch: ShardBatch;
    if (atEnd && following && performance.now() - lastSentAt < heartbeatMs) {
      shard = atEnd.shard;
      batch = await appendedBatch(kinesis, atEnd.stream, shard, afterCounter, following, subscription.caller);
    } else {
      const looked = await current(kinesis, subscription);
      shard = looked.shard;
      batch = await readBatch(kinesis, looked.stream, shard, afterCounter, { limit: maxRecordsPerEvent, maxBytes: maxBytesPerEvent }, subscription.caller);
      atEnd = batch.isAtEnd && !batch.childShards ? looked : undefined;
    }
    if (stop.aborted) return;
    const isDue = performance.now() - lastSentAt >= heartbeatMs;
    if (batch.records.length > 0 || batch.childShards || isDue) {
      const event: SubscribeToShardEvent = {
        Records: batch.records,
        MillisBehindLatest: batch.millisBehindLatest,
        ...(batch.childShards
          ? { ChildShards: batch.childShards }
          : { ContinuationSequenceNumber: toSequenceNumber(shard.createdAt, shard.index, batch.afterCounter) }),
      };
      await untilAborted(send({ SubscribeToShardEvent: event }), stop);
      lastSentAt = performance.now();
      afterCounter = batch.afterCounter;
      if (batch.childShards) return;
      // More may be waiting behind a batch its limits cut short: read again before sleeping.
      // One that reached the end needs no second look, since anything appended since rang
      // the watch, which was taken before the read.
      if (!batch.isAtEnd) continue;
    }
    await watch.wait(lastSentAt + heartbeatMs - performance.now(), stop);
  }
}

/** The stream as it is now, or the error that ends the subscription: stream deleted (or re-created), consumer deregistered. */
async function current(kinesis: Kinesis, subscription: Subscription): Promise<{ stream: StreamDoc; shard: ShardMeta }> {
  const stream = await kinesis.streams.find(subscription.stream);
  if (!stream || stream.uuid !== subscription.stream.uuid || stream.status === 'DELETING') {
    throw kinesisErrors.streamNotFound(refOf(subscription.stream));
  }
  const consumer = stream.consumers.find((candidate) => candidate.arn === subscription.consumerArn);
  if (!consumer || consumer.status === 'DELETING') throw consumerNotFound(stream, subscription.consumerName, subscription.consumerArn);
  // Shards stay in the stream's document for its whole life, closed or not.
  return { stream, shard: shardOf(stream, subscription.shard.index)! };
}

/** Settles with `promise`, or at once when `signal` aborts (a send blocked behind a client that stopped reading). */
function untilAborted(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const aborted = () => resolve();
    signal.addEventListener('abort', aborted, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', aborted));
  });
}
