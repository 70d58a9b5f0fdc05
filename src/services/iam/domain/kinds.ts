// Users and roles as principal-policies.ts handles them.
import { iamErrors } from '../errors.js';
import type { RoleDoc, UserDoc } from './entities.js';
import type { PrincipalKind } from './principal-policies.js';

export const userKind: PrincipalKind<UserDoc> = {
  kind: 'User',
  store: (iam) => iam.users,
  nameOf: (user) => user.userName,
  noSuchPolicy: iamErrors.noSuchUserPolicy,
};

export const roleKind: PrincipalKind<RoleDoc> = {
  kind: 'Role',
  store: (iam) => iam.roles,
  nameOf: (role) => role.roleName,
  noSuchPolicy: iamErrors.noSuchRolePolicy,
};
