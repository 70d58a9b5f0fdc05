// IAM: the table of operations this server answers. Each lives in operations/<operation>.ts.
import { bindOperations, type ServiceDefinition, type ServiceOperation } from '../context.js';
import type { Iam } from './iam.js';
import { attachRolePolicy } from './operations/attach-role-policy.js';
import { attachUserPolicy } from './operations/attach-user-policy.js';
import { createAccessKey } from './operations/create-access-key.js';
import { createPolicyVersion } from './operations/create-policy-version.js';
import { createPolicy } from './operations/create-policy.js';
import { createRole } from './operations/create-role.js';
import { createUser } from './operations/create-user.js';
import { deleteAccessKey } from './operations/delete-access-key.js';
import { deletePolicyVersion } from './operations/delete-policy-version.js';
import { deletePolicy } from './operations/delete-policy.js';
import { deleteRolePolicy } from './operations/delete-role-policy.js';
import { deleteRole } from './operations/delete-role.js';
import { deleteUserPolicy } from './operations/delete-user-policy.js';
import { deleteUser } from './operations/delete-user.js';
import { detachRolePolicy } from './operations/detach-role-policy.js';
import { detachUserPolicy } from './operations/detach-user-policy.js';
import { getPolicyVersion } from './operations/get-policy-version.js';
import { getPolicy } from './operations/get-policy.js';
import { getRolePolicy } from './operations/get-role-policy.js';
import { getRole } from './operations/get-role.js';
import { getUserPolicy } from './operations/get-user-policy.js';
import { getUser } from './operations/get-user.js';
import { listAccessKeys } from './operations/list-access-keys.js';
import { listAttachedRolePolicies } from './operations/list-attached-role-policies.js';
import { listAttachedUserPolicies } from './operations/list-attached-user-policies.js';
import { listPolicies } from './operations/list-policies.js';
import { listPolicyVersions } from './operations/list-policy-versions.js';
import { listRolePolicies } from './operations/list-role-policies.js';
import { listRoles } from './operations/list-roles.js';
import { listUserPolicies } from './operations/list-user-policies.js';
import { listUsers } from './operations/list-users.js';
import { putRolePolicy } from './operations/put-role-policy.js';
import { putUserPolicy } from './operations/put-user-policy.js';
import { setDefaultPolicyVersion } from './operations/set-default-policy-version.js';
import { updateAccessKey } from './operations/update-access-key.js';
import { updateAssumeRolePolicy } from './operations/update-assume-role-policy.js';

const operations: Record<string, ServiceOperation<Iam>> = {
  AttachRolePolicy: attachRolePolicy,
  AttachUserPolicy: attachUserPolicy,
  CreateAccessKey: createAccessKey,
  CreatePolicyVersion: createPolicyVersion,
  CreatePolicy: createPolicy,
  CreateRole: createRole,
  CreateUser: createUser,
  DeleteAccessKey: deleteAccessKey,
  DeletePolicyVersion: deletePolicyVersion,
  DeletePolicy: deletePolicy,
  DeleteRolePolicy: deleteRolePolicy,
  DeleteRole: deleteRole,
  DeleteUserPolicy: deleteUserPolicy,
  DeleteUser: deleteUser,
  DetachRolePolicy: detachRolePolicy,
  DetachUserPolicy: detachUserPolicy,
  GetPolicyVersion: getPolicyVersion,
  GetPolicy: getPolicy,
  GetRolePolicy: getRolePolicy,
  GetRole: getRole,
  GetUserPolicy: getUserPolicy,
  GetUser: getUser,
  ListAccessKeys: listAccessKeys,
  ListAttachedRolePolicies: listAttachedRolePolicies,
  ListAttachedUserPolicies: listAttachedUserPolicies,
  ListPolicies: listPolicies,
  ListPolicyVersions: listPolicyVersions,
  ListRolePolicies: listRolePolicies,
  ListRoles: listRoles,
  ListUserPolicies: listUserPolicies,
  ListUsers: listUsers,
  PutRolePolicy: putRolePolicy,
  PutUserPolicy: putUserPolicy,
  SetDefaultPolicyVersion: setDefaultPolicyVersion,
  UpdateAccessKey: updateAccessKey,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
};

export function createIamService(iam: Iam): ServiceDefinition {
  return { name: 'iam', operations: bindOperations(iam, operations) };
}
