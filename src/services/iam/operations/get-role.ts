import type { GetRoleRequest, GetRoleResponse } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { roleView, type Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html: the trust policy URL-encoded.
export async function getRole(iam: Iam, input: GetRoleRequest, context: RequestContext): Promise<GetRoleResponse> {
  const role = await iam.roles.get(iam.accountId, input.RoleName);
  await context.authorize('iam:GetRole', role.arn);
  return { Role: roleView(role) };
}
