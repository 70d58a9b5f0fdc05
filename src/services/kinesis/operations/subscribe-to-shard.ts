import type { SubscribeToShardInput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import type { EventProducer } from '../../event-stream.js';
import { consumerNotActive, loadConsumer } from '../domain/consumers.js';
import { subscriptionProducer } from '../domain/shard-subscription.js';
import { startingPoint } from '../domain/starting-point.js';
import { kinesisErrors } from '../errors.js';
import { findShard, type Kinesis } from '../kinesis.js';
import { refOf } from '../domain/streams.js';

/**
 * Everything that can be refused is refused here, before the response starts, as an
 * ordinary JSON or CBOR error (aws-wire.md §1.9): an unknown or inactive consumer, an
 * unknown shard, a bad starting position, a subscription already held. The stream
 * itself is produced by shard-subscription.ts once the response has begun. StreamId is
 * accepted and ignored, as everywhere (aws-wire.md §5.1 item 1).
 */
export async function subscribeToShard(kinesis: Kinesis, input: SubscribeToShardInput, context: RequestContext): Promise<{ EventStream: EventProducer }> {
  const { stream, consumer } = await loadConsumer(kinesis, { ConsumerARN: input.ConsumerARN }, context.caller);
  await context.authorize('kinesis:SubscribeToShard', consumer.arn);
  if (stream.status === 'DELETING') throw kinesisErrors.streamNotFound(refOf(stream));
  if (consumer.status !== 'ACTIVE') throw consumerNotActive(stream, consumer);
  const shard = findShard(stream, input.ShardId);
  const start = input.StartingPosition;
  const afterCounter = await startingPoint(kinesis, stream, shard, { type: start.Type, sequenceNumber: start.SequenceNumber, timestamp: start.Timestamp }, 'SubscribeToShard');
  const claim = kinesis.subscriptions.claim(consumer.arn, shard.index);
  return {
    EventStream: subscriptionProducer(kinesis, { stream, shard, consumerName: consumer.name, consumerArn: consumer.arn, afterCounter, caller: context.caller, claim }),
  };
}
