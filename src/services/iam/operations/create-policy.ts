import type { CreatePolicyRequest, CreatePolicyResponse } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import type { PolicyDoc } from '../domain/entities.js';
import { uniqueId } from '../ids.js';
import { policyArn, policyView, type Iam } from '../iam.js';
import { validatePolicyDocument } from '../domain/policy-documents.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html: version v1, the default.
export async function createPolicy(iam: Iam, input: CreatePolicyRequest, context: RequestContext): Promise<CreatePolicyResponse> {
  const path = input.Path ?? '/';
  const arn = policyArn(iam.accountId, path, input.PolicyName);
  await context.authorize('iam:CreatePolicy', arn);
  validatePolicyDocument(input.PolicyDocument, 'managed');
  const now = iam.now();
  const policy: PolicyDoc = {
    policyName: input.PolicyName,
    policyId: uniqueId('ANPA'),
    arn,
    path,
    ...(input.Description !== undefined ? { description: input.Description } : {}),
    createdAt: now,
    updatedAt: now,
    defaultVersionId: 'v1',
    versions: [{ versionId: 'v1', document: input.PolicyDocument, createdAt: now }],
    nextVersion: 2,
    tags: input.Tags ?? [],
  };
  await iam.policies.create(iam.accountId, policy);
  // CreatePolicy's answer leaves out Description (as AWS's does); GetPolicy has it.
  const { Description: _description, ...view } = policyView(policy, 0);
  return { Policy: view };
}
