import type { ChildShard, GetRecordsInput, GetRecordsOutput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { kinesisErrors } from '../errors.js';
import { decodeRecord } from '../domain/records.js';
import { toSequenceNumber } from '../domain/sequence-numbers.js';
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
    Records: stored.map((record) => {
      const body = decodeRecord(record.payload);
      return {
        SequenceNumber: toSequenceNumber(shard.createdAt, shard.index, record.seq),
        ApproximateArrivalTimestamp: new Date(record.arrival),
        Data: body.data,
        PartitionKey: body.partitionKey,
      };
    }),
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

export function childShards(stream: StreamDoc, parent: ShardMeta): ChildShard[] {
  return stream.shards
    .filter((shard) => shard.parentIndex === parent.index || shard.adjacentParentIndex === parent.index)
    .map((shard) => ({
      ShardId: toShardId(shard.index),
      ParentShards: [shard.parentIndex, shard.adjacentParentIndex].filter((index): index is number => index !== undefined).map(toShardId),
      HashKeyRange: { StartingHashKey: shard.hashStart, EndingHashKey: shard.hashEnd },
    }));
}
