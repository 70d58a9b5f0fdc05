import type { SetDefaultPolicyVersionRequest } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { iamErrors } from '../errors.js';
import { policyByArn, type Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html
export async function setDefaultPolicyVersion(iam: Iam, input: SetDefaultPolicyVersionRequest, context: RequestContext): Promise<void> {
  await context.authorize('iam:SetDefaultPolicyVersion', input.PolicyArn);
  const policy = await policyByArn(iam, input.PolicyArn);
  await iam.policies.update(iam.accountId, policy.policyName, (doc) => {
    if (!doc.versions.some((version) => version.versionId === input.VersionId)) throw iamErrors.noSuchPolicyVersion(doc.arn, input.VersionId);
    doc.defaultVersionId = input.VersionId;
    doc.updatedAt = iam.now();
  });
  iam.policiesChanged();
}
