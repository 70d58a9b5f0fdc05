import type { TagResourceInput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { addTags } from '../domain/tag-targets.js';
import { existingTargetArn, resourceTargetOf } from '../domain/resource-targets.js';
import type { Kinesis } from '../kinesis.js';

// The ARN form of AddTagsToStream: ResourceARN names a stream or a consumer.
export async function tagResource(kinesis: Kinesis, input: TagResourceInput, context: RequestContext): Promise<void> {
  const target = resourceTargetOf(input.ResourceARN);
  await context.authorize('kinesis:TagResource', await existingTargetArn(kinesis, target));
  await addTags(kinesis, target, input.Tags);
}
