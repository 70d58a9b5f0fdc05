import type { DetachUserPolicyRequest } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { detachPolicy } from '../domain/principal-policies.js';
import { userKind } from '../domain/kinds.js';
import type { Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachUserPolicy.html
export async function detachUserPolicy(iam: Iam, input: DetachUserPolicyRequest, context: RequestContext): Promise<void> {
  await detachPolicy(iam, userKind, input.UserName, input.PolicyArn, context);
}
