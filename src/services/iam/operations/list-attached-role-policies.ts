import type { ListAttachedRolePoliciesRequest, ListAttachedRolePoliciesResponse } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { listAttachedPolicies } from '../domain/principal-policies.js';
import { roleKind } from '../domain/kinds.js';
import type { Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedRolePolicies.html
export async function listAttachedRolePolicies(iam: Iam, input: ListAttachedRolePoliciesRequest, context: RequestContext): Promise<ListAttachedRolePoliciesResponse> {
  return listAttachedPolicies(iam, roleKind, { ...input, name: input.RoleName }, context);
}
