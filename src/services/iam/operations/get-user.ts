import type { GetUserRequest, GetUserResponse } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { iamErrors } from '../errors.js';
import { accountCreatedAt, callerUserName, userView, type Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html: without UserName,
// the caller's own user. The account root answers with its account id as UserId and
// its root ARN, and no name or path; a role session has no user and is refused.
export async function getUser(iam: Iam, input: GetUserRequest, context: RequestContext): Promise<GetUserResponse> {
  const { caller } = context;
  const name = input.UserName ?? callerUserName(caller);
  if (name === undefined) {
    if (caller.principalType !== 'Account') throw iamErrors.validation('Must specify userName when calling with non-User credentials');
    await context.authorize('iam:GetUser', caller.principalArn);
    // The root has no IAM user document: User's required Path and UserName are absent, as AWS sends them.
    return { User: { UserId: caller.accountId, Arn: caller.principalArn, CreateDate: new Date(await accountCreatedAt(iam)) } as GetUserResponse['User'] };
  }
  const user = await iam.users.get(iam.accountId, name);
  await context.authorize('iam:GetUser', user.arn);
  return { User: userView(user) };
}
