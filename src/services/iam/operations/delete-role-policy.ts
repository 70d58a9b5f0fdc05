import type { DeleteRolePolicyRequest } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { deleteInlinePolicy } from '../domain/principal-policies.js';
import { roleKind } from '../domain/kinds.js';
import type { Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePolicy.html
export async function deleteRolePolicy(iam: Iam, input: DeleteRolePolicyRequest, context: RequestContext): Promise<void> {
  await deleteInlinePolicy(iam, roleKind, input.RoleName, input.PolicyName, context);
}
