import type { ListUsersRequest, ListUsersResponse } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { pageFields, pageOf } from '../domain/paging.js';
import { userView, type Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html
export async function listUsers(iam: Iam, input: ListUsersRequest, context: RequestContext): Promise<ListUsersResponse> {
  await context.authorize('iam:ListUsers', `arn:aws:iam::${iam.accountId}:user/`);
  const prefix = input.PathPrefix ?? '/';
  const users = (await iam.users.list(iam.accountId)).filter((user) => user.path.startsWith(prefix));
  const page = pageOf(users, (user) => user.userName.toLowerCase(), input.MaxItems, input.Marker);
  // ListUsers leaves tags out (use ListUserTags), as AWS does.
  return { Users: page.items.map((user) => ({ ...userView(user), Tags: undefined })) as ListUsersResponse['Users'], ...pageFields(page) };
}
