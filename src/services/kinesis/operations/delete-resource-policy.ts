import type { DeleteResourcePolicyInput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { deleteResourcePolicy as remove } from '../domain/resource-policies.js';
import { existingTargetArn, resourceTargetOf } from '../domain/resource-targets.js';
import type { Kinesis } from '../kinesis.js';

/** Removes the stream's or consumer's resource-based policy; one that has none is left as it is. */
export async function deleteResourcePolicy(kinesis: Kinesis, input: DeleteResourcePolicyInput, context: RequestContext): Promise<void> {
  const target = resourceTargetOf(input.ResourceARN);
  await context.authorize('kinesis:DeleteResourcePolicy', await existingTargetArn(kinesis, target));
  await remove(kinesis, target);
}
