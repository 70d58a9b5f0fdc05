import type { ListAccessKeysRequest, ListAccessKeysResponse } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { pageFields, pageOf } from '../domain/paging.js';
import type { Iam } from '../iam.js';
import { targetUserName } from './access-key-user.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAccessKeys.html: ids and status, never secrets.
export async function listAccessKeys(iam: Iam, input: ListAccessKeysRequest, context: RequestContext): Promise<ListAccessKeysResponse> {
  const user = await iam.users.get(iam.accountId, targetUserName(input.UserName, context));
  await context.authorize('iam:ListAccessKeys', user.arn);
  const page = pageOf(user.accessKeys, (key) => key.accessKeyId, input.MaxItems, input.Marker);
  return {
    AccessKeyMetadata: page.items.map((key) => ({ UserName: user.userName, AccessKeyId: key.accessKeyId, Status: key.status, CreateDate: new Date(key.createdAt) })),
    ...pageFields(page),
  };
}
