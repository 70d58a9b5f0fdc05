import type { ListTagsForResourceInput, ListTagsForResourceOutput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { readTags } from '../domain/tag-targets.js';
import { existingTargetArn, resourceTargetOf } from '../domain/resource-targets.js';
import { sortedTags } from '../domain/tags.js';
import type { Kinesis } from '../kinesis.js';

// Every tag of the stream or consumer, in key order; the output has no paging members.
export async function listTagsForResource(kinesis: Kinesis, input: ListTagsForResourceInput, context: RequestContext): Promise<ListTagsForResourceOutput> {
  const target = resourceTargetOf(input.ResourceARN);
  await context.authorize('kinesis:ListTagsForResource', await existingTargetArn(kinesis, target));
  return { Tags: sortedTags(await readTags(kinesis, target)) };
}
