import type { DeletePolicyVersionRequest } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { iamErrors } from '../errors.js';
import { policyByArn, type Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicyVersion.html: never the default version.
export async function deletePolicyVersion(iam: Iam, input: DeletePolicyVersionRequest, context: RequestContext): Promise<void> {
  await context.authorize('iam:DeletePolicyVersion', input.PolicyArn);
  const policy = await policyByArn(iam, input.PolicyArn);
  await iam.policies.update(iam.accountId, policy.policyName, (doc) => {
    const index = doc.versions.findIndex((version) => version.versionId === input.VersionId);
    if (index < 0) throw iamErrors.noSuchPolicyVersion(doc.arn, input.VersionId);
    if (doc.defaultVersionId === input.VersionId) throw iamErrors.deleteConflict('Cannot delete the default version of a policy.');
    doc.versions.splice(index, 1);
  });
  iam.policiesChanged();
}
