import type { DeletePolicyRequest } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { iamErrors } from '../errors.js';
import { attachmentCount, policyByArn, type Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicy.html: detached
// from every user and role, and without versions besides the default, first.
export async function deletePolicy(iam: Iam, input: DeletePolicyRequest, context: RequestContext): Promise<void> {
  await context.authorize('iam:DeletePolicy', input.PolicyArn);
  const policy = await policyByArn(iam, input.PolicyArn);
  if ((await attachmentCount(iam, policy.arn)) > 0) throw iamErrors.deleteConflict('Cannot delete a policy attached to entities.');
  await iam.policies.delete(iam.accountId, policy.policyName, (doc) => {
    if (doc.versions.length > 1) {
      throw iamErrors.deleteConflict('This policy has more than one version. Before you delete a policy, you must delete the policy\'s versions. The default version is deleted with the policy.');
    }
  });
  iam.policiesChanged();
}
