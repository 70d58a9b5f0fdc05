import type { ListRolesRequest, ListRolesResponse } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { pageFields, pageOf } from '../domain/paging.js';
import { roleView, type Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html: without tags.
export async function listRoles(iam: Iam, input: ListRolesRequest, context: RequestContext): Promise<ListRolesResponse> {
  await context.authorize('iam:ListRoles', `arn:aws:iam::${iam.accountId}:role/`);
  const roles = (await iam.roles.list(iam.accountId)).filter((role) => role.path.startsWith(input.PathPrefix ?? '/'));
  const page = pageOf(roles, (role) => role.roleName.toLowerCase(), input.MaxItems, input.Marker);
  return { Roles: page.items.map((role) => roleView(role, false)), ...pageFields(page) };
}
