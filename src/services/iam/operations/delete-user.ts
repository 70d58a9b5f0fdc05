import type { DeleteUserRequest } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { iamErrors } from '../errors.js';
import type { Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html: a user that
// still has access keys, inline policies or attached policies cannot be deleted.
export async function deleteUser(iam: Iam, input: DeleteUserRequest, context: RequestContext): Promise<void> {
  const user = await iam.users.get(iam.accountId, input.UserName);
  await context.authorize('iam:DeleteUser', user.arn);
  const deleted = await iam.users.delete(iam.accountId, input.UserName, (current) => {
    if (current.accessKeys.length > 0) throw iamErrors.deleteConflict('Cannot delete entity, must delete access keys first.');
    if (Object.keys(current.inlinePolicies).length > 0) throw iamErrors.deleteConflict('Cannot delete entity, must delete policies first.');
    if (current.attachedPolicyArns.length > 0) throw iamErrors.deleteConflict('Cannot delete entity, must detach all policies first.');
  });
  for (const key of deleted.accessKeys) iam.credentialChanged(key.accessKeyId);
  iam.policiesChanged();
}
