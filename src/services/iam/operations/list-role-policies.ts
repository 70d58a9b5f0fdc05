import type { ListRolePoliciesRequest, ListRolePoliciesResponse } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { listInlinePolicies } from '../domain/principal-policies.js';
import { roleKind } from '../domain/kinds.js';
import type { Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRolePolicies.html
export async function listRolePolicies(iam: Iam, input: ListRolePoliciesRequest, context: RequestContext): Promise<ListRolePoliciesResponse> {
  return listInlinePolicies(iam, roleKind, input.RoleName, input.MaxItems, input.Marker, context);
}
