import type { GetShardIteratorInput, GetShardIteratorOutput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { startingPoint } from '../domain/starting-point.js';
import { ensureWritable } from '../domain/write.js';
import { addressOf, findShard, type Kinesis } from '../kinesis.js';

export async function getShardIterator(kinesis: Kinesis, input: GetShardIteratorInput, context: RequestContext): Promise<GetShardIteratorOutput> {
  const stream = await kinesis.streams.get(addressOf(input, context.caller));
  await context.authorize('kinesis:GetShardIterator', stream.arn);
  ensureWritable(stream);
  const shard = findShard(stream, input.ShardId);
  const afterCounter = await startingPoint(
    kinesis,
    stream,
    shard,
    { type: input.ShardIteratorType, sequenceNumber: input.StartingSequenceNumber, timestamp: input.Timestamp },
    'GetShardIterator',
  );
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
