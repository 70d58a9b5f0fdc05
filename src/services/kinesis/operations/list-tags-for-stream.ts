import type { ListTagsForStreamInput, ListTagsForStreamOutput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { maxTagsPerStream, sortedTags } from '../domain/tags.js';
import { addressOf, type Kinesis } from '../kinesis.js';

// Tags come in key order; a page starts after ExclusiveStartTagKey and holds at most
// Limit tags (1–50 in the model; with no Limit, every tag a stream can have). HasMoreTags
// is true exactly when tags remain after the page, and the next page starts after the
// last key returned (API reference, ListTagsForStream).
export async function listTagsForStream(kinesis: Kinesis, input: ListTagsForStreamInput, context: RequestContext): Promise<ListTagsForStreamOutput> {
  const stream = await kinesis.streams.get(addressOf(input, context.caller));
  await context.authorize('kinesis:ListTagsForStream', stream.arn);
  const after = input.ExclusiveStartTagKey;
  const remaining = sortedTags(stream.tags).filter((tag) => after === undefined || tag.Key > after);
  const limit = input.Limit ?? maxTagsPerStream;
  return { Tags: remaining.slice(0, limit), HasMoreTags: remaining.length > limit };
}
