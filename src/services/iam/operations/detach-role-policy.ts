import type { DetachRolePolicyRequest } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { detachPolicy } from '../domain/principal-policies.js';
import { roleKind } from '../domain/kinds.js';
import type { Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachRolePolicy.html
export async function detachRolePolicy(iam: Iam, input: DetachRolePolicyRequest, context: RequestContext): Promise<void> {
  await detachPolicy(iam, roleKind, input.RoleName, input.PolicyArn, context);
}
