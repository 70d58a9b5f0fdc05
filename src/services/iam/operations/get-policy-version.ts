import type { GetPolicyVersionRequest, GetPolicyVersionResponse } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { iamErrors } from '../errors.js';
import { encodePolicyDocument, policyByArn, type Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html: the document URL-encoded.
export async function getPolicyVersion(iam: Iam, input: GetPolicyVersionRequest, context: RequestContext): Promise<GetPolicyVersionResponse> {
  await context.authorize('iam:GetPolicyVersion', input.PolicyArn);
  const policy = await policyByArn(iam, input.PolicyArn);
  const version = policy.versions.find((entry) => entry.versionId === input.VersionId);
  if (!version) throw iamErrors.noSuchPolicyVersion(policy.arn, input.VersionId);
  return {
    PolicyVersion: {
      Document: encodePolicyDocument(version.document),
      VersionId: version.versionId,
      IsDefaultVersion: version.versionId === policy.defaultVersionId,
      CreateDate: new Date(version.createdAt),
    },
  };
}
