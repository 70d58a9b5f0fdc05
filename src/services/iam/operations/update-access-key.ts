import type { UpdateAccessKeyRequest } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { validationException } from '../../errors.js';
import { iamErrors } from '../errors.js';
import type { Iam } from '../iam.js';
import { targetUserName } from './access-key-user.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccessKey.html: Active or
// Inactive; an inactive key signs nothing from the next request on.
export async function updateAccessKey(iam: Iam, input: UpdateAccessKeyRequest, context: RequestContext): Promise<void> {
  const userName = targetUserName(input.UserName, context);
  const user = await iam.users.get(iam.accountId, userName);
  await context.authorize('iam:UpdateAccessKey', user.arn);
  const status = input.Status;
  // The model's status enum also names Expired, which only IAM itself sets [INF: AWS's wording].
  if (status === 'Expired') throw validationException([`Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`]);
  await iam.users.update(iam.accountId, userName, (doc) => {
    const key = doc.accessKeys.find((entry) => entry.accessKeyId === input.AccessKeyId);
    if (!key) throw iamErrors.noSuchAccessKey(input.AccessKeyId);
    key.status = status;
  });
  iam.credentialChanged(input.AccessKeyId);
}
