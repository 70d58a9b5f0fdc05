import type { UpdateAssumeRolePolicyRequest } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import type { Iam } from '../iam.js';
import { validatePolicyDocument } from '../domain/policy-documents.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html
export async function updateAssumeRolePolicy(iam: Iam, input: UpdateAssumeRolePolicyRequest, context: RequestContext): Promise<void> {
  const role = await iam.roles.get(iam.accountId, input.RoleName);
  await context.authorize('iam:UpdateAssumeRolePolicy', role.arn);
  validatePolicyDocument(input.PolicyDocument, 'trust');
  await iam.roles.update(iam.accountId, input.RoleName, (doc) => {
    doc.assumeRolePolicy = input.PolicyDocument;
  });
  iam.policiesChanged();
}
