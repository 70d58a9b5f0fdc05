import type { GetCallerIdentityResponse } from '../../../generated/sts-shapes.js';
import type { RequestContext } from '../../context.js';
import type { Iam } from '../../iam/iam.js';

// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html: needs
// no permission ("No permissions are required to perform this operation"), so it asks none.
export async function getCallerIdentity(_iam: Iam, _input: unknown, context: RequestContext): Promise<GetCallerIdentityResponse> {
  const { caller } = context;
  return { UserId: caller.principalId ?? caller.accountId, Account: caller.accountId, Arn: caller.principalArn };
}
