import type { PutResourcePolicyInput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { putResourcePolicy as put } from '../domain/resource-policies.js';
import { existingTargetArn, resourceTargetOf } from '../domain/resource-targets.js';
import type { Kinesis } from '../kinesis.js';

/** Attaches a resource-based policy to a stream or consumer, replacing any it had (domain/resource-policies.ts). */
export async function putResourcePolicy(kinesis: Kinesis, input: PutResourcePolicyInput, context: RequestContext): Promise<void> {
  const target = resourceTargetOf(input.ResourceARN);
  await context.authorize('kinesis:PutResourcePolicy', await existingTargetArn(kinesis, target));
  await put(kinesis, target, input.Policy);
}
