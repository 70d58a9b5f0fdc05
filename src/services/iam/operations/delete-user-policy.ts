import type { DeleteUserPolicyRequest } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { deleteInlinePolicy } from '../domain/principal-policies.js';
import { userKind } from '../domain/kinds.js';
import type { Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUserPolicy.html
export async function deleteUserPolicy(iam: Iam, input: DeleteUserPolicyRequest, context: RequestContext): Promise<void> {
  await deleteInlinePolicy(iam, userKind, input.UserName, input.PolicyName, context);
}
