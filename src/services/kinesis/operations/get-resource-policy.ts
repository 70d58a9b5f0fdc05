import type { GetResourcePolicyInput, GetResourcePolicyOutput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { readResourcePolicy } from '../domain/resource-policies.js';
import { existingTargetArn, resourceTargetOf } from '../domain/resource-targets.js';
import type { Kinesis } from '../kinesis.js';

/** The stream's or consumer's resource-based policy as given, or "{}" when it has none. */
export async function getResourcePolicy(kinesis: Kinesis, input: GetResourcePolicyInput, context: RequestContext): Promise<GetResourcePolicyOutput> {
  const target = resourceTargetOf(input.ResourceARN);
  await context.authorize('kinesis:GetResourcePolicy', await existingTargetArn(kinesis, target));
  return { Policy: await readResourcePolicy(kinesis, target) };
}
