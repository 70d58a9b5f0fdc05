import type { DeleteAccessKeyRequest } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { iamErrors } from '../errors.js';
import type { Iam } from '../iam.js';
import { targetUserName } from './access-key-user.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteAccessKey.html
export async function deleteAccessKey(iam: Iam, input: DeleteAccessKeyRequest, context: RequestContext): Promise<void> {
  const userName = targetUserName(input.UserName, context);
  const user = await iam.users.get(iam.accountId, userName);
  await context.authorize('iam:DeleteAccessKey', user.arn);
  await iam.users.update(iam.accountId, userName, (doc) => {
    const index = doc.accessKeys.findIndex((entry) => entry.accessKeyId === input.AccessKeyId);
    if (index < 0) throw iamErrors.noSuchAccessKey(input.AccessKeyId);
    doc.accessKeys.splice(index, 1);
  });
  iam.credentialChanged(input.AccessKeyId);
  await iam.credentials.remove(input.AccessKeyId);
}
