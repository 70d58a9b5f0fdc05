import type { DeleteRoleRequest } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { iamErrors } from '../errors.js';
import type { Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html: without inline
// or attached policies. Sessions already issued run to their expiry, as AWS's do, but
// with the role gone they carry no policy.
export async function deleteRole(iam: Iam, input: DeleteRoleRequest, context: RequestContext): Promise<void> {
  const role = await iam.roles.get(iam.accountId, input.RoleName);
  await context.authorize('iam:DeleteRole', role.arn);
  await iam.roles.delete(iam.accountId, input.RoleName, (current) => {
    if (Object.keys(current.inlinePolicies).length > 0) throw iamErrors.deleteConflict('Cannot delete entity, must delete policies first.');
    if (current.attachedPolicyArns.length > 0) throw iamErrors.deleteConflict('Cannot delete entity, must detach all policies first.');
  });
  iam.policiesChanged();
}
