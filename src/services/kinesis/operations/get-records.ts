import type { ChildShard, GetRecordsInput, GetRecordsOutput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { kinesisErrors } from '../errors.js';
import { openRecord } from '../../../crypto/envelope.js';
import { InternalError } from '../../../internal-error.js';
import type { Caller } from '../../context.js';
import type { Record as KinesisRecord } from '../../../generated/kinesis-shapes.js';
import { decodeRecord } from '../domain/records.js';
import { toSequenceNumber } from '../domain/sequence-numbers.js';
import type { LogRecord } from '../../../storage/engine.js';
import { isOpen, logName, toShardId, type ShardMeta, type StreamDoc } from '../domain/streams.js';
import { firstReadableCounter, resolveIterator } from '../domain/read.js';
import { addressOf, type Kinesis } from '../kinesis.js';

// At most 10 MiB per call (aws-wire.md §1.7).
const maxBytesPerCall = 10 * 1024 * 1024;

export async function getRecords(kinesis: Kinesis, input: GetRecordsInput, context: RequestContext): Promise<GetRecordsOutput> {
  const { position, stream, shard } = await resolveIterator(kinesis, input.ShardIterator);
  if (input.StreamARN !== undefined && addressOf({ StreamARN: input.StreamARN }, context.caller).name !== stream.name) {
    throw kinesisErrors.invalidArgument(`StreamARN ${input.StreamARN} does not match the stream of the ShardIterator.`);
  }
  await context.authorize('kinesis:GetRecords', stream.arn);
  const log = logName(stream, shard);
  const from = Math.max(position.afterCounter + 1, await firstReadableCounter(kinesis, stream, shard));
  const stored = await kinesis.engine.read(log, from, { limit: input.Limit ?? 10_000, maxBytes: maxBytesPerCall });
  const bounds = await kinesis.engine.bounds(log);
  const last = stored.length > 0 ? stored[stored.length - 1]! : undefined;
  const afterCounter = last ? last.seq : Math.max(position.afterCounter, from - 1);
  const now = kinesis.now();

  const output: GetRecordsOutput = {
    Records: await openRecords(kinesis, stream, shard, stored, context.caller),
    // 0 when caught up, else how far the last returned record is behind now.
    MillisBehindLatest: afterCounter >= bounds.lastSeq || !last ? 0 : Math.max(0, now - last.arrival),
  };
  // A closed shard read to its end has no next iterator, and names its children instead
  // (the KCL accepts exactly that combination, aws-wire.md §1.4).
  if (!isOpen(shard) && afterCounter >= Math.max(shard.endCounter ?? 0, bounds.lastSeq)) {
    output.ChildShards = childShards(stream, shard);
  } else {
    output.NextShardIterator = kinesis.iterators.encode({ ...position, afterCounter, issuedAt: now });
  }
  return output;
}

/**
 * Turns stored records into the answer's records, opening sealed ones. The material of
 * every generation the batch names is fetched first; a KMS failure for any of them fails
 * the whole call, as GetRecords has no per-record failure (aws-wire.md §2.5).
 */
async function openRecords(kinesis: Kinesis, stream: StreamDoc, shard: ShardMeta, stored: LogRecord[], caller: Caller): Promise<KinesisRecord[]> {
  const decoded = stored.map((record) => decodeRecord(record.payload));
  const materials = new Map<string, Buffer>();
  for (const record of decoded) {
    if (record.kind !== 'sealed') continue;
    const id = record.generationId.toString('hex');
    if (!materials.has(id)) materials.set(id, await kinesis.encryption.forRead(stream, record.generationId, caller));
  }
  return decoded.map((record, index) => {
    const { seq, arrival } = stored[index]!;
    const common = { SequenceNumber: toSequenceNumber(shard.createdAt, shard.index, seq), ApproximateArrivalTimestamp: new Date(arrival) };
    if (record.kind === 'plain') return { ...common, Data: record.data, PartitionKey: record.partitionKey };
    try {
      const opened = openRecord(materials.get(record.generationId.toString('hex'))!, { streamArn: stream.arn, shardIndex: shard.index, seq }, record.sealed);
      return { ...common, Data: opened.data, PartitionKey: opened.partitionKey, EncryptionType: 'KMS' as const };
    } catch (error) {
      throw new InternalError('KINESIS_RECORD_INTEGRITY', `record ${seq} of ${logName(stream, shard)} does not open`, { cause: error });
    }
  });
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
