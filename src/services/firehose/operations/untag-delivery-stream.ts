import type { UntagDeliveryStreamInput, UntagDeliveryStreamOutput } from '../../../generated/firehose-shapes.js';
import type { RequestContext } from '../../context.js';
import { addressOf, type Firehose } from '../firehose.js';

/** Removes the named tags; keys the stream does not have are ignored (moto records boto3's behaviour so). */
export async function untagDeliveryStream(firehose: Firehose, input: UntagDeliveryStreamInput, context: RequestContext): Promise<UntagDeliveryStreamOutput> {
  const address = addressOf(input.DeliveryStreamName, context.caller);
  const stream = await firehose.streams.get(address);
  await context.authorize('firehose:UntagDeliveryStream', stream.arn);
  const removed = new Set(input.TagKeys);
  await firehose.streams.update(address, (current) => {
    current.tags = current.tags.filter((tag) => !removed.has(tag.Key));
  });
  return {};
}
