import type { CreatePolicyVersionRequest, CreatePolicyVersionResponse } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { iamErrors } from '../errors.js';
import { policyByArn, type Iam } from '../iam.js';
import { validatePolicyDocument } from '../domain/policy-documents.js';

/** IAM's quota: five versions of one managed policy. */
export const maxPolicyVersions = 5;

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
export async function createPolicyVersion(iam: Iam, input: CreatePolicyVersionRequest, context: RequestContext): Promise<CreatePolicyVersionResponse> {
  await context.authorize('iam:CreatePolicyVersion', input.PolicyArn);
  const policy = await policyByArn(iam, input.PolicyArn);
  validatePolicyDocument(input.PolicyDocument, 'managed');
  const now = iam.now();
  let versionId = '';
  const updated = await iam.policies.update(iam.accountId, policy.policyName, (doc) => {
    if (doc.versions.length >= maxPolicyVersions) {
      throw iamErrors.limitExceeded(`A managed policy can have up to ${maxPolicyVersions} versions. Before you create a new version, you must delete an existing version.`);
    }
    versionId = `v${doc.nextVersion}`;
    doc.nextVersion += 1;
    doc.versions.push({ versionId, document: input.PolicyDocument, createdAt: now });
    doc.updatedAt = now;
    if (input.SetAsDefault) doc.defaultVersionId = versionId;
  });
  iam.policiesChanged();
  return { PolicyVersion: { VersionId: versionId, IsDefaultVersion: updated.defaultVersionId === versionId, CreateDate: new Date(now) } };
}
