import type { CreateUserRequest, CreateUserResponse } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import type { UserDoc } from '../domain/entities.js';
import { uniqueId } from '../ids.js';
import { userArn, userView, type Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
export async function createUser(iam: Iam, input: CreateUserRequest, context: RequestContext): Promise<CreateUserResponse> {
  const path = input.Path ?? '/';
  const arn = userArn(iam.accountId, path, input.UserName);
  await context.authorize('iam:CreateUser', arn);
  const user: UserDoc = {
    userName: input.UserName,
    userId: uniqueId('AIDA'),
    path,
    arn,
    createdAt: iam.now(),
    tags: input.Tags ?? [],
    inlinePolicies: {},
    attachedPolicyArns: [],
    accessKeys: [],
  };
  await iam.users.create(iam.accountId, user);
  iam.policiesChanged();
  return { User: userView(user) };
}
