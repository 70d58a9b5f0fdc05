import type { ListUserPoliciesRequest, ListUserPoliciesResponse } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { listInlinePolicies } from '../domain/principal-policies.js';
import { userKind } from '../domain/kinds.js';
import type { Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUserPolicies.html
export async function listUserPolicies(iam: Iam, input: ListUserPoliciesRequest, context: RequestContext): Promise<ListUserPoliciesResponse> {
  return listInlinePolicies(iam, userKind, input.UserName, input.MaxItems, input.Marker, context);
}
