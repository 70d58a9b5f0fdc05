import type { AttachUserPolicyRequest } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { attachPolicy } from '../domain/principal-policies.js';
import { userKind } from '../domain/kinds.js';
import type { Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html
export async function attachUserPolicy(iam: Iam, input: AttachUserPolicyRequest, context: RequestContext): Promise<void> {
  await attachPolicy(iam, userKind, input.UserName, input.PolicyArn, context);
}
