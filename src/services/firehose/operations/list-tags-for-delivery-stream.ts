import type { ListTagsForDeliveryStreamInput, ListTagsForDeliveryStreamOutput } from '../../../generated/firehose-shapes.js';
import type { RequestContext } from '../../context.js';
import { addressOf, type Firehose } from '../firehose.js';

/** Tags in the order they were first added, after ExclusiveStartTagKey, Limit a page (default 50) (aws-wire.md §3.1; moto's paging). */
export async function listTagsForDeliveryStream(firehose: Firehose, input: ListTagsForDeliveryStreamInput, context: RequestContext): Promise<ListTagsForDeliveryStreamOutput> {
  const stream = await firehose.streams.get(addressOf(input.DeliveryStreamName, context.caller));
  await context.authorize('firehose:ListTagsForDeliveryStream', stream.arn);
  const startIndex = input.ExclusiveStartTagKey === undefined ? 0 : stream.tags.findIndex((tag) => tag.Key === input.ExclusiveStartTagKey) + 1;
  const rest = stream.tags.slice(startIndex);
  const limit = input.Limit ?? 50;
  return { Tags: rest.slice(0, limit), HasMoreTags: rest.length > limit };
}
