import type { GetShardIteratorInput, GetShardIteratorOutput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { kinesisErrors } from '../errors.js';
import { parseSequenceNumber } from '../domain/sequence-numbers.js';
import { logName, toShardId, type ShardMeta, type StreamDoc } from '../domain/streams.js';
import { retentionCutoff } from '../domain/read.js';
import { ensureWritable } from '../domain/write.js';
import { addressOf, findShard, type Kinesis } from '../kinesis.js';

export async function getShardIterator(kinesis: Kinesis, input: GetShardIteratorInput, context: RequestContext): Promise<GetShardIteratorOutput> {
  const stream = await kinesis.streams.get(addressOf(input, context.caller));
  await context.authorize('kinesis:GetShardIterator', stream.arn);
  ensureWritable(stream);
  const shard = findShard(stream, input.ShardId);
  const afterCounter = await startingPoint(kinesis, stream, shard, input);
  return {
    ShardIterator: kinesis.iterators.encode({
      streamUuid: stream.uuid,
      streamName: stream.name,
      accountId: stream.accountId,
      region: stream.region,
      shardIndex: shard.index,
      afterCounter,
      issuedAt: kinesis.now(),
    }),
  };
}

/** The counter after which the iterator starts (aws-wire.md §1.6 for every rule and text). */
async function startingPoint(kinesis: Kinesis, stream: StreamDoc, shard: ShardMeta, input: GetShardIteratorInput): Promise<number> {
  const type = input.ShardIteratorType;
  const sequence = input.StartingSequenceNumber;
  const bySequence = type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER';
  if (bySequence !== (sequence !== undefined)) {
    throw kinesisErrors.invalidArgument(
      'Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. ' +
        `Request specified ${type} and ${sequence === undefined ? 'no StartingSequenceNumber' : 'also a StartingSequenceNumber'}.`,
    );
  }
  const log = logName(stream, shard);
  switch (type) {
    case 'TRIM_HORIZON':
      return 0;
    case 'LATEST':
      return (await kinesis.engine.bounds(log)).lastSeq;
    case 'AT_SEQUENCE_NUMBER':
    case 'AFTER_SEQUENCE_NUMBER': {
      const decoded = parseSequenceNumber(sequence!);
      if (!decoded) {
        throw kinesisErrors.invalidArgument(
          `StartingSequenceNumber ${sequence} used in GetShardIterator on shard ${toShardId(shard.index)} in stream ${stream.name} under account ${stream.accountId} is invalid.`,
        );
      }
      if (decoded.shardIndex !== shard.index) {
        throw kinesisErrors.invalidArgument(
          `Invalid StartingSequenceNumber. It encodes ${toShardId(decoded.shardIndex)}, while it was used in a call to a shard with ${toShardId(shard.index)}`,
        );
      }
      return type === 'AT_SEQUENCE_NUMBER' ? Math.max(decoded.counter - 1, 0) : decoded.counter;
    }
    case 'AT_TIMESTAMP': {
      if (input.Timestamp === undefined) {
        throw kinesisErrors.invalidArgument('Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.');
      }
      const millis = input.Timestamp.getTime();
      const now = kinesis.now();
      if (millis > now) {
        throw kinesisErrors.invalidArgument(
          `The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: ${millis}, currentTimestampInMillis: ${now}`,
        );
      }
      const from = Math.max(millis, retentionCutoff(kinesis, stream));
      const first = await kinesis.engine.seekTime(log, from);
      return first === undefined ? (await kinesis.engine.bounds(log)).lastSeq : first - 1;
    }
  }
}
