import type { GetUserPolicyRequest, GetUserPolicyResponse } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { getInlinePolicy } from '../domain/principal-policies.js';
import { userKind } from '../domain/kinds.js';
import type { Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUserPolicy.html
export async function getUserPolicy(iam: Iam, input: GetUserPolicyRequest, context: RequestContext): Promise<GetUserPolicyResponse> {
  const { entityName, ...policy } = await getInlinePolicy(iam, userKind, input.UserName, input.PolicyName, context);
  return { UserName: entityName, ...policy };
}
