import type { ListAttachedUserPoliciesRequest, ListAttachedUserPoliciesResponse } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { listAttachedPolicies } from '../domain/principal-policies.js';
import { userKind } from '../domain/kinds.js';
import type { Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedUserPolicies.html
export async function listAttachedUserPolicies(iam: Iam, input: ListAttachedUserPoliciesRequest, context: RequestContext): Promise<ListAttachedUserPoliciesResponse> {
  return listAttachedPolicies(iam, userKind, { ...input, name: input.UserName }, context);
}
