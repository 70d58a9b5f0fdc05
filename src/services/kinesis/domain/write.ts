// What PutRecord and PutRecords share: routing a record to the open shard whose hash
// range holds its hash key, the size rules, and the one atomic append.
import { kinesisErrors } from '../errors.js';
import type { Kinesis } from '../kinesis.js';
import { hashOfPartitionKey, parseHashKey } from './hash-keys.js';
import type { Caller } from '../../context.js';
import { validationException } from '../../errors.js';
import { encodeRecord, sealedRecordHeader } from './records.js';
import { toSequenceNumber } from './sequence-numbers.js';
import { isOpen, logName, refOf, toShardId, type ShardMeta, type StreamDoc } from './streams.js';

export interface WriteEntry {
  Data: Buffer;
  PartitionKey: string;
  ExplicitHashKey?: string;
}

export interface WrittenRecord {
  ShardId: string;
  SequenceNumber: string;
}

export function routeRecord(stream: StreamDoc, entry: WriteEntry): ShardMeta {
  let hash: bigint;
  if (entry.ExplicitHashKey !== undefined) {
    const parsed = parseHashKey(entry.ExplicitHashKey);
    if (parsed === undefined) {
      throw kinesisErrors.invalidArgument(
        `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${entry.ExplicitHashKey}`,
      );
    }
    hash = parsed;
  } else {
    hash = hashOfPartitionKey(entry.PartitionKey);
  }
  const shard = openRangesOf(stream).find((range) => range.start <= hash && hash <= range.end)?.shard;
  if (!shard) throw new Error(`no open shard of ${stream.name} covers hash ${hash}`);
  return shard;
}

// The open shards' ranges as BigInts, computed once per loaded stream document rather than once per record.
const openRanges = new WeakMap<StreamDoc, Array<{ start: bigint; end: bigint; shard: ShardMeta }>>();

function openRangesOf(stream: StreamDoc): Array<{ start: bigint; end: bigint; shard: ShardMeta }> {
  let ranges = openRanges.get(stream);
  if (!ranges) {
    ranges = stream.shards.filter(isOpen).map((shard) => ({ start: BigInt(shard.hashStart), end: BigInt(shard.hashEnd), shard }));
    openRanges.set(stream, ranges);
  }
  return ranges;
}

/** The per-stream record size limit (1 MiB unless MaxRecordSizeInKiB says more), worded as the front end words it. */
export function recordSizeErrors(stream: StreamDoc, entries: WriteEntry[], pathOf: (index: number) => string): string[] {
  const limit = stream.maxRecordSizeKiB * 1024;
  const errors: string[] = [];
  entries.forEach((entry, index) => {
    const length = entry.Data.length;
    if (length > limit) {
      errors.push(`Value 'java.nio.HeapByteBuffer[pos=0 lim=${length} cap=${length}]' at '${pathOf(index)}' failed to satisfy constraint: Member must have length less than or equal to ${limit}`);
    }
  });
  return errors;
}

export function throwValidation(errors: string[]): void {
  if (errors.length > 0) throw validationException(errors);
}

/** Ensures the stream takes reads and writes: ACTIVE or UPDATING (a CREATING stream is not found yet, aws-wire.md §1.5). */
export function ensureWritable(stream: StreamDoc): void {
  if (stream.status === 'CREATING') throw kinesisErrors.streamNotFound(refOf(stream));
}

export interface WriteResult {
  records: WrittenRecord[];
  /** Whether the records were sealed: the answer's EncryptionType is KMS exactly then (aws-wire.md §2.8). */
  isEncrypted: boolean;
}

/**
 * Appends the records in one atomic, durable append. On an encrypted stream each record is
 * sealed with a key derived for it alone, bound to the stream, shard and sequence number
 * the appender gives it (crypto/envelope.ts).
 */
export async function writeRecords(kinesis: Kinesis, stream: StreamDoc, entries: WriteEntry[], caller: Caller): Promise<WriteResult> {
  const shards = entries.map((entry) => routeRecord(stream, entry));
  const isEncrypted = stream.encryptionType === 'KMS';
  const material = isEncrypted ? await kinesis.encryption.forWrite(stream, caller) : undefined;
  const header = material ? sealedRecordHeader(material.generationId) : undefined;
  const contents = entries.map((entry) => ({ partitionKey: entry.PartitionKey, data: entry.Data }));
  const placed = await kinesis.appender.append(
    contents.map((content, index) => ({ log: logName(stream, shards[index]!), payload: material ? undefined : encodeRecord(content) })),
    material
      ? (places) => kinesis.envelopes.seal(material.material, header!, stream.arn, places.map((place, index) => ({ shardIndex: shards[index]!.index, seq: place.seq, content: contents[index]! })))
      : undefined,
  );
  const records = placed.map((record, index) => {
    const shard = shards[index]!;
    return { ShardId: toShardId(shard.index), SequenceNumber: toSequenceNumber(shard.createdAt, shard.index, record.seq) };
  });
  return { records, isEncrypted };
}
