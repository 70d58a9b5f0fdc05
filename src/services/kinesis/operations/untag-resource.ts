import type { UntagResourceInput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { removeTags } from '../domain/tag-targets.js';
import { existingTargetArn, resourceTargetOf } from '../domain/resource-targets.js';
import type { Kinesis } from '../kinesis.js';

// The ARN form of RemoveTagsFromStream: ResourceARN names a stream or a consumer.
export async function untagResource(kinesis: Kinesis, input: UntagResourceInput, context: RequestContext): Promise<void> {
  const target = resourceTargetOf(input.ResourceARN);
  await context.authorize('kinesis:UntagResource', await existingTargetArn(kinesis, target));
  await removeTags(kinesis, target, input.TagKeys);
}
