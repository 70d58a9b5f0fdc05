import type { GetPolicyRequest, GetPolicyResponse } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { attachmentCount, policyByArn, policyView, type Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicy.html
export async function getPolicy(iam: Iam, input: GetPolicyRequest, context: RequestContext): Promise<GetPolicyResponse> {
  await context.authorize('iam:GetPolicy', input.PolicyArn);
  const policy = await policyByArn(iam, input.PolicyArn);
  return { Policy: policyView(policy, await attachmentCount(iam, policy.arn)) };
}
