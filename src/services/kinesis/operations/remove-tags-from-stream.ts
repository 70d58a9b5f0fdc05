import type { RemoveTagsFromStreamInput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { removeTags } from '../domain/tag-targets.js';
import { addressOf, type Kinesis } from '../kinesis.js';

export async function removeTagsFromStream(kinesis: Kinesis, input: RemoveTagsFromStreamInput, context: RequestContext): Promise<void> {
  const address = addressOf(input, context.caller);
  const stream = await kinesis.streams.get(address);
  await context.authorize('kinesis:RemoveTagsFromStream', stream.arn);
  await removeTags(kinesis, { kind: 'stream', stream: address }, input.TagKeys);
}
