// Where a read starts in a shard, for GetShardIterator (ShardIteratorType and its
// StartingSequenceNumber/Timestamp) and SubscribeToShard (StartingPosition): the counter
// after which records are next (aws-wire.md §1.6 for every rule and text).
import { kinesisErrors } from '../errors.js';
import type { Kinesis } from '../kinesis.js';
import { retentionCutoff } from './read.js';
import { parseSequenceNumber } from './sequence-numbers.js';
import { logName, toShardId, type ShardMeta, type StreamDoc } from './streams.js';

export type StartingType = 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER' | 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';

export interface StartingPosition {
  type: StartingType;
  sequenceNumber?: string;
  timestamp?: Date;
}

/** `operation` names the call in the texts that name it ("used in GetShardIterator on shard ..."). */
export async function startingPoint(kinesis: Kinesis, stream: StreamDoc, shard: ShardMeta, position: StartingPosition, operation: string): Promise<number> {
  const { type, sequenceNumber: sequence } = position;
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
      return kinesis.engine.lastSeq(log);
    case 'AT_SEQUENCE_NUMBER':
    case 'AFTER_SEQUENCE_NUMBER': {
      const decoded = parseSequenceNumber(sequence!);
      if (!decoded) {
        throw kinesisErrors.invalidArgument(
          `StartingSequenceNumber ${sequence} used in ${operation} on shard ${toShardId(shard.index)} in stream ${stream.name} under account ${stream.accountId} is invalid.`,
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
      if (position.timestamp === undefined) {
        throw kinesisErrors.invalidArgument('Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.');
      }
      const millis = position.timestamp.getTime();
      const now = kinesis.now();
      if (millis > now) {
        throw kinesisErrors.invalidArgument(
          `The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: ${millis}, currentTimestampInMillis: ${now}`,
        );
      }
      const from = Math.max(millis, retentionCutoff(kinesis, stream));
      const first = await kinesis.engine.seekTime(log, from);
      return first === undefined ? kinesis.engine.lastSeq(log) : first - 1;
    }
  }
}
