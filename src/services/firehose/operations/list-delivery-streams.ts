import type { ListDeliveryStreamsInput, ListDeliveryStreamsOutput } from '../../../generated/firehose-shapes.js';
import type { RequestContext } from '../../context.js';
import type { Firehose } from '../firehose.js';

/** Names in alphabetical order, 10 a page by default, after ExclusiveStartDeliveryStreamName (aws-wire.md §3.1). */
export async function listDeliveryStreams(firehose: Firehose, input: ListDeliveryStreamsInput, context: RequestContext): Promise<ListDeliveryStreamsOutput> {
  const { accountId, region } = context.caller;
  await context.authorize('firehose:ListDeliveryStreams', `arn:aws:firehose:${region}:${accountId}:deliverystream/*`);
  const after = input.ExclusiveStartDeliveryStreamName;
  const names = (await firehose.streams.list(accountId, region))
    .filter((stream) => input.DeliveryStreamType === undefined || stream.type === input.DeliveryStreamType)
    .map((stream) => stream.name)
    .filter((name) => after === undefined || name > after)
    .sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
  const limit = input.Limit ?? 10;
  return { DeliveryStreamNames: names.slice(0, limit), HasMoreDeliveryStreams: names.length > limit };
}
