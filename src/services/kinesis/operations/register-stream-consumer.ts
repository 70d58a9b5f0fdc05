import type { RegisterStreamConsumerInput, RegisterStreamConsumerOutput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { kinesisErrors } from '../errors.js';
import { consumerArnOf, consumerExists, creationSeconds, toConsumer } from '../domain/consumers.js';
import { refOf, type ConsumerMeta } from '../domain/streams.js';
import { mergeTags } from '../domain/tags.js';
import { addressOf, transitionEnd, type Kinesis } from '../kinesis.js';

// "Only 5 consumers can be created simultaneously ... Registering a 6th consumer while
// there are 5 in a CREATING status results in a LimitExceededException" (API reference,
// RegisterStreamConsumer). Counted per stream, where one compare-and-set can enforce it.
const maxCreatingConsumers = 5;

/**
 * Registers a consumer CREATING, ACTIVE once the transition ends. Its ARN ends in its
 * creation time in epoch seconds, which is also its ConsumerCreationTimestamp (as in the
 * AWS CLI's example answer). A duplicate name is refused before the limits are counted:
 * the KCL treats ResourceInUseException as "already registered" (aws-wire.md §1.1).
 */
export async function registerStreamConsumer(kinesis: Kinesis, input: RegisterStreamConsumerInput, context: RequestContext): Promise<RegisterStreamConsumerOutput> {
  const address = addressOf({ StreamARN: input.StreamARN }, context.caller);
  const name = input.ConsumerName;
  const existing = await kinesis.streams.get(address);
  await context.authorize('kinesis:RegisterStreamConsumer', existing.arn);
  const createdAt = creationSeconds(kinesis.now()) * 1000;
  let tags: Record<string, string> | undefined;
  if (input.Tags !== undefined) {
    // Tagging at registration also needs kinesis:TagResource on the new consumer (API reference).
    await context.authorize('kinesis:TagResource', consumerArnOf(existing, name, createdAt));
    tags = mergeTags({}, input.Tags, `consumer ${name} under stream ${address.name} and account ${address.accountId}`, 'consumer');
  }

  let registered: ConsumerMeta | undefined;
  await kinesis.streams.update(address, (stream) => {
    if (stream.status !== 'ACTIVE' && stream.status !== 'UPDATING') throw kinesisErrors.streamNotActive(refOf(stream), stream.status);
    if (stream.consumers.some((consumer) => consumer.name === name)) throw consumerExists(stream, name);
    // [INF] texts: no source records AWS's wording of either limit.
    if (stream.consumers.length >= kinesis.limits.consumersPerStream) {
      throw kinesisErrors.limitExceeded(
        `Stream ${stream.name} under account ${stream.accountId} already has ${stream.consumers.length} registered consumers, the maximum of ${kinesis.limits.consumersPerStream}.`,
      );
    }
    if (stream.consumers.filter((consumer) => consumer.status === 'CREATING').length >= maxCreatingConsumers) {
      throw kinesisErrors.limitExceeded(
        `Stream ${stream.name} under account ${stream.accountId} already has ${maxCreatingConsumers} consumers in CREATING status; retry once one of them is ACTIVE.`,
      );
    }
    registered = {
      name,
      arn: consumerArnOf(stream, name, createdAt),
      createdAt,
      status: 'CREATING',
      statusUntil: transitionEnd(kinesis),
      ...(tags !== undefined ? { tags } : {}),
    };
    stream.consumers.push(registered);
  });
  return { Consumer: toConsumer(registered!) };
}
