// What GetShardIterator, GetRecords and SubscribeToShard share: the retention floor below
// which records are gone even before the trimmer has dropped them, iterator validation,
// and reading one bounded batch of a shard with its records opened (decrypted).
import type { ChildShard, Record as KinesisRecord } from '../../../generated/kinesis-shapes.js';
import { RecordOpenError, type RecordContent } from '../../../crypto/envelope.js';
import { InternalError } from '../../../internal-error.js';
import type { LogRecord } from '../../../storage/engine.js';
import type { Caller } from '../../context.js';
import { kinesisErrors } from '../errors.js';
import type { Kinesis } from '../kinesis.js';
import { iteratorLifetimeMs, type IteratorPosition } from './iterators.js';
import { decodeRecord } from './records.js';
import { toSequenceNumber } from './sequence-numbers.js';
import { isOpen, logName, refOf, toShardId, type ShardMeta, type StreamDoc } from './streams.js';

export function retentionCutoff(kinesis: Kinesis, stream: StreamDoc): number {
  return kinesis.now() - stream.retentionHours * 3_600_000;
}

/** The first counter that may still be read: records older than the retention period have disappeared. */
export async function firstReadableCounter(kinesis: Kinesis, stream: StreamDoc, shard: ShardMeta): Promise<number> {
  const log = logName(stream, shard);
  const first = await kinesis.engine.seekTime(log, retentionCutoff(kinesis, stream));
  if (first !== undefined) return first;
  return (await kinesis.engine.lastSeq(log)) + 1;
}

/** The stream and shard an iterator points into, or the error AWS gives for it. */
export async function resolveIterator(kinesis: Kinesis, text: string): Promise<{ position: IteratorPosition; stream: StreamDoc; shard: ShardMeta }> {
  const position = kinesis.iterators.decode(text);
  if (!position) throw kinesisErrors.invalidIterator();
  const now = kinesis.now();
  if (now - position.issuedAt > iteratorLifetimeMs) throw kinesisErrors.expiredIterator(position.issuedAt, now);
  const address = { name: position.streamName, accountId: position.accountId, region: position.region };
  const stream = await kinesis.streams.find(address);
  const shard = stream?.uuid === position.streamUuid ? stream.shards.find((candidate) => candidate.index === position.shardIndex) : undefined;
  if (!stream || !shard) throw kinesisErrors.shardNotFound(refOf(address), toShardId(position.shardIndex));
  return { position, stream, shard };
}

export interface ShardBatch {
  records: KinesisRecord[];
  /** The counter of the last record returned, or where the read stands when none was. */
  afterCounter: number;
  /** 0 when the batch reaches the shard's end, else how long ago its last record arrived. */
  millisBehindLatest: number;
  /** The batch reaches the last record stored when it was read. */
  isAtEnd: boolean;
  /** Set only when a closed shard has been read to its end: what to read next (aws-wire.md §1.4). */
  childShards?: ChildShard[];
}

/** Up to `limit` records (and `maxBytes` of payload, at least one record) after `afterCounter`. */
export async function readBatch(
  kinesis: Kinesis,
  stream: StreamDoc,
  shard: ShardMeta,
  afterCounter: number,
  options: { limit: number; maxBytes: number },
  caller: Caller,
): Promise<ShardBatch> {
  const log = logName(stream, shard);
  let stored = await kinesis.engine.read(log, afterCounter + 1, options);
  // Arrivals never decrease within a log, so when the first record read is within the
  // retention period every later one is too, and the floor (a binary search of the log)
  // need not be sought: the common case of a reader near the tip.
  if (stored.length > 0 && stored[0]!.arrival < retentionCutoff(kinesis, stream)) {
    stored = await kinesis.engine.read(log, Math.max(afterCounter + 1, await firstReadableCounter(kinesis, stream, shard)), options);
  }
  const lastSeq = await kinesis.engine.lastSeq(log);
  const last = stored.length > 0 ? stored[stored.length - 1]! : undefined;
  // Nothing read: nothing readable is stored after afterCounter, so whatever lies up to the
  // last counter is gone (trimmed, or past retention) and the read stands there.
  const reached = last ? last.seq : Math.max(afterCounter, lastSeq);
  const isAtEnd = reached >= lastSeq;
  const batch: ShardBatch = {
    records: await openRecords(kinesis, stream, shard, stored, caller),
    afterCounter: reached,
    // Short of the end, something was read (an empty read stands at the end).
    millisBehindLatest: isAtEnd ? 0 : Math.max(0, kinesis.now() - last!.arrival),
    isAtEnd,
  };
  // A closed shard read to its end names its children instead of a next position (the KCL
  // accepts exactly that combination). Records appended between the read of endCounter
  // and the close land after it, so the end is the larger of the two.
  if (!isOpen(shard) && reached >= Math.max(shard.endCounter ?? 0, lastSeq)) batch.childShards = childShards(stream, shard);
  return batch;
}

/**
 * The batch of records just appended at the shard's end, handed over by the appender
 * (wakeups.ts) rather than read back from storage: opened the same way, and at the end.
 * Given at once when they open at once (plain, or key material at hand), so the event
 * carrying them is written in the turn they were stored, before the put's answer.
 */
export function appendedBatch(kinesis: Kinesis, stream: StreamDoc, shard: ShardMeta, afterCounter: number, appended: LogRecord[], caller: Caller): ShardBatch | Promise<ShardBatch> {
  const batchOf = (records: KinesisRecord[]): ShardBatch => ({ records, afterCounter: appended.at(-1)?.seq ?? afterCounter, millisBehindLatest: 0, isAtEnd: true });
  const records = openRecords(kinesis, stream, shard, appended, caller);
  return records instanceof Promise ? records.then(batchOf) : batchOf(records);
}

/**
 * Turns stored records into the answer's records, opening sealed ones. The material of
 * every generation the batch names is fetched first; a KMS failure for any of them fails
 * the whole batch, as GetRecords has no per-record failure (aws-wire.md §2.5).
 */
function openRecords(kinesis: Kinesis, stream: StreamDoc, shard: ShardMeta, stored: LogRecord[], caller: Caller): KinesisRecord[] | Promise<KinesisRecord[]> {
  const recordsOf = (opened: Array<RecordContent & { isSealed: boolean }>): KinesisRecord[] =>
    opened.map((record, index) => {
      const { seq, arrival } = stored[index]!;
      return {
        SequenceNumber: toSequenceNumber(shard.createdAt, shard.index, seq),
        ApproximateArrivalTimestamp: new Date(arrival),
        Data: record.data,
        PartitionKey: record.partitionKey,
        ...(record.isSealed ? { EncryptionType: 'KMS' as const } : {}),
      };
    });
  const opened = openStoredRecords(kinesis, stream, shard, stored, caller);
  return opened instanceof Promise ? opened.then(recordsOf) : recordsOf(opened);
}

/**
 * A shard's stored records as partition key and data, sealed ones opened (on the envelope
 * threads when the batch is big). Material is fetched once per generation, as the caller.
 * At once, not as a promise, when nothing needs waiting for (EnvelopeThreads.openByGeneration).
 */
export function openStoredRecords(kinesis: Kinesis, stream: StreamDoc, shard: ShardMeta, stored: LogRecord[], caller: Caller): Array<RecordContent & { isSealed: boolean }> | Promise<Array<RecordContent & { isSealed: boolean }>> {
  const decoded = stored.map((record) => decodeRecord(record.payload));
  const sealed = decoded.flatMap((record, index) => (record.kind === 'sealed' ? [{ generationId: record.generationId, shardIndex: shard.index, seq: stored[index]!.seq, sealed: record.sealed }] : []));
  const notOpened = (error: unknown): never => {
    if (!(error instanceof RecordOpenError)) throw error;
    throw new InternalError('KINESIS_RECORD_INTEGRITY', `record ${sealed[error.index]?.seq} of ${logName(stream, shard)} does not open`, { cause: error });
  };
  const merged = (opened: RecordContent[]) => {
    let next = 0;
    return decoded.map((record) => (record.kind === 'plain' ? { partitionKey: record.partitionKey, data: record.data, isSealed: false } : { ...opened[next++]!, isSealed: true }));
  };
  let opened: RecordContent[] | Promise<RecordContent[]>;
  try {
    opened = kinesis.envelopes.openByGeneration(stream.arn, sealed, (generationId) => kinesis.encryption.forRead(stream, generationId, caller));
  } catch (error) {
    return notOpened(error);
  }
  return opened instanceof Promise ? opened.then(merged, notOpened) : merged(opened);
}

export function childShards(stream: StreamDoc, parent: ShardMeta): ChildShard[] {
  return stream.shards
    .filter((shard) => shard.parentIndex === parent.index || shard.adjacentParentIndex === parent.index)
    .map((shard) => ({
      ShardId: toShardId(shard.index),
      ParentShards: [shard.parentIndex, shard.adjacentParentIndex].filter((index): index is number => index !== undefined).map(toShardId),
      HashKeyRange: { StartingHashKey: shard.hashStart, EndingHashKey: shard.hashEnd },
    }));
}
