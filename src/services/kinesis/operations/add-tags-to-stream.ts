import type { AddTagsToStreamInput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { addTags } from '../domain/tag-targets.js';
import { addressOf, type Kinesis } from '../kinesis.js';

// Adds or overwrites tags, 50 at most per stream; AWS checks the stream exists before it
// looks at the tags' characters (kinesalite test/addTagsToStream.js).
export async function addTagsToStream(kinesis: Kinesis, input: AddTagsToStreamInput, context: RequestContext): Promise<void> {
  const address = addressOf(input, context.caller);
  const stream = await kinesis.streams.get(address);
  await context.authorize('kinesis:AddTagsToStream', stream.arn);
  await addTags(kinesis, { kind: 'stream', stream: address }, input.Tags);
}
