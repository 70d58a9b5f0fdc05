import type { CreateRoleRequest, CreateRoleResponse } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import type { RoleDoc } from '../domain/entities.js';
import { uniqueId } from '../ids.js';
import { roleArn, roleView, type Iam } from '../iam.js';
import { validatePolicyDocument } from '../domain/policy-documents.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html: MaxSessionDuration 3600 unless told.
export async function createRole(iam: Iam, input: CreateRoleRequest, context: RequestContext): Promise<CreateRoleResponse> {
  const path = input.Path ?? '/';
  const arn = roleArn(iam.accountId, path, input.RoleName);
  await context.authorize('iam:CreateRole', arn);
  validatePolicyDocument(input.AssumeRolePolicyDocument, 'trust');
  const role: RoleDoc = {
    roleName: input.RoleName,
    roleId: uniqueId('AROA'),
    path,
    arn,
    createdAt: iam.now(),
    tags: input.Tags ?? [],
    inlinePolicies: {},
    attachedPolicyArns: [],
    assumeRolePolicy: input.AssumeRolePolicyDocument,
    ...(input.Description !== undefined ? { description: input.Description } : {}),
    maxSessionDuration: input.MaxSessionDuration ?? 3600,
  };
  await iam.roles.create(iam.accountId, role);
  iam.policiesChanged();
  return { Role: roleView(role) };
}
