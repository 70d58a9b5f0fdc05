import type { PutUserPolicyRequest } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { putInlinePolicy } from '../domain/principal-policies.js';
import { userKind } from '../domain/kinds.js';
import type { Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html
export async function putUserPolicy(iam: Iam, input: PutUserPolicyRequest, context: RequestContext): Promise<void> {
  await putInlinePolicy(iam, userKind, input.UserName, input.PolicyName, input.PolicyDocument, context);
}
