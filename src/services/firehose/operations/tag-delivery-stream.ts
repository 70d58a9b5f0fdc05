import type { TagDeliveryStreamInput, TagDeliveryStreamOutput } from '../../../generated/firehose-shapes.js';
import type { RequestContext } from '../../context.js';
import { firehoseErrors } from '../errors.js';
import { addressOf, type Firehose } from '../firehose.js';

/** Adds or overwrites tags; at most 50 per delivery stream in all (LimitExceededException, text [INF]). */
export async function tagDeliveryStream(firehose: Firehose, input: TagDeliveryStreamInput, context: RequestContext): Promise<TagDeliveryStreamOutput> {
  const address = addressOf(input.DeliveryStreamName, context.caller);
  const stream = await firehose.streams.get(address);
  await context.authorize('firehose:TagDeliveryStream', stream.arn);
  await firehose.streams.update(address, (current) => {
    const tags = new Map(current.tags.map((tag) => [tag.Key, tag.Value]));
    for (const tag of input.Tags) tags.set(tag.Key, tag.Value ?? '');
    if (tags.size > firehose.limits.tagsPerStream) {
      throw firehoseErrors.limitExceeded(`A delivery stream may have at most ${firehose.limits.tagsPerStream} tags; ${current.name} would have ${tags.size}.`);
    }
    current.tags = [...tags].map(([Key, Value]) => ({ Key, Value }));
  });
  return {};
}
