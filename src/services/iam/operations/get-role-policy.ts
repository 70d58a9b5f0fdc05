import type { GetRolePolicyRequest, GetRolePolicyResponse } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { getInlinePolicy } from '../domain/principal-policies.js';
import { roleKind } from '../domain/kinds.js';
import type { Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html
export async function getRolePolicy(iam: Iam, input: GetRolePolicyRequest, context: RequestContext): Promise<GetRolePolicyResponse> {
  const { entityName, ...policy } = await getInlinePolicy(iam, roleKind, input.RoleName, input.PolicyName, context);
  return { RoleName: entityName, ...policy };
}
