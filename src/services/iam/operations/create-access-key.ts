import type { CreateAccessKeyRequest, CreateAccessKeyResponse } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { iamErrors } from '../errors.js';
import { accessKeyId, secretAccessKey } from '../ids.js';
import { sealSecret, type Iam } from '../iam.js';
import { targetUserName } from './access-key-user.js';

/** IAM's quota: two access keys per user (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). */
export const maxAccessKeysPerUser = 2;

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html: the
// secret is answered once, here; it is stored only sealed under the root key.
export async function createAccessKey(iam: Iam, input: CreateAccessKeyRequest, context: RequestContext): Promise<CreateAccessKeyResponse> {
  const userName = targetUserName(input.UserName, context);
  const current = await iam.users.get(iam.accountId, userName);
  await context.authorize('iam:CreateAccessKey', current.arn);
  const id = accessKeyId('AKIA');
  const secret = secretAccessKey();
  const createdAt = iam.now();
  const user = await iam.users.update(iam.accountId, userName, (doc) => {
    if (doc.accessKeys.length >= maxAccessKeysPerUser) throw iamErrors.limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${maxAccessKeysPerUser}`);
    doc.accessKeys.push({ accessKeyId: id, status: 'Active', createdAt, sealedSecret: sealSecret(iam, id, secret) });
  });
  // The user's document is the authority; the index only lets a signature find the user.
  await iam.credentials.put(id, { kind: 'user', accountId: iam.accountId, userName: user.userName });
  return { AccessKey: { UserName: user.userName, AccessKeyId: id, Status: 'Active', SecretAccessKey: secret, CreateDate: new Date(createdAt) } };
}
