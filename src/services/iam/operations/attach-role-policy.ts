import type { AttachRolePolicyRequest } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { attachPolicy } from '../domain/principal-policies.js';
import { roleKind } from '../domain/kinds.js';
import type { Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html
export async function attachRolePolicy(iam: Iam, input: AttachRolePolicyRequest, context: RequestContext): Promise<void> {
  await attachPolicy(iam, roleKind, input.RoleName, input.PolicyArn, context);
}
