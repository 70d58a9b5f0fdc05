import type { PutRolePolicyRequest } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { putInlinePolicy } from '../domain/principal-policies.js';
import { roleKind } from '../domain/kinds.js';
import type { Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html
export async function putRolePolicy(iam: Iam, input: PutRolePolicyRequest, context: RequestContext): Promise<void> {
  await putInlinePolicy(iam, roleKind, input.RoleName, input.PolicyName, input.PolicyDocument, context);
}
