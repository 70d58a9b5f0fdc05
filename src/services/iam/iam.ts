// What IAM and STS operations share: their dependencies, ARNs as AWS writes them
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns),
// the entities' answers, and sealing of secrets under the root key.
import type { Policy, Role, User } from '../../generated/iam-shapes.js';
import type { RootKey } from '../../crypto/root-key.js';
import type { StorageEngine } from '../../storage/engine.js';
import type { Caller } from '../context.js';
import type { CredentialIndex, EntityStore, PolicyDoc, RoleDoc, UserDoc } from './domain/entities.js';
import { iamErrors } from './errors.js';

export interface Iam {
  engine: StorageEngine;
  rootKey: RootKey;
  accountId: string;
  now: () => number;
  users: EntityStore<UserDoc>;
  roles: EntityStore<RoleDoc>;
  policies: EntityStore<PolicyDoc>;
  credentials: CredentialIndex;
  /** Told whenever an access key changes status or goes, so that no cached lookup outlives it. */
  credentialChanged(accessKeyId: string): void;
  /** Told whenever anything changes that policy evaluation reads: policies, attachments, trust policies, principals. */
  policiesChanged(): void;
}

export function userArn(accountId: string, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:user${path}${name}`;
}

export function roleArn(accountId: string, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:role${path}${name}`;
}

export function policyArn(accountId: string, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:policy${path}${name}`;
}

export function rootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

/** The user an operation without UserName acts on: the caller's own (AWS: "determined implicitly based on the access key ID"). */
export function callerUserName(caller: Caller): string | undefined {
  return caller.principalType === 'User' ? caller.userName ?? caller.principalArn.slice(caller.principalArn.lastIndexOf('/') + 1) : undefined;
}

/** The role name of a role ARN of this account, or undefined for any other ARN. */
export function roleNameOf(accountId: string, arn: string): string | undefined {
  const prefix = `arn:aws:iam::${accountId}:role/`;
  if (!arn.startsWith(prefix)) return undefined;
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** The managed policy an ARN names, refused as AWS refuses an ARN it does not know. */
export async function policyByArn(iam: Iam, arn: string, missing: (arn: string) => Error = iamErrors.noSuchPolicy): Promise<PolicyDoc> {
  const prefix = `arn:aws:iam::${iam.accountId}:policy/`;
  if (!arn.startsWith(prefix)) throw missing(arn);
  const policy = await iam.policies.find(iam.accountId, arn.slice(arn.lastIndexOf('/') + 1));
  if (!policy || policy.arn !== arn) throw missing(arn);
  return policy;
}

export function userView(user: UserDoc): User {
  return {
    Path: user.path,
    UserName: user.userName,
    UserId: user.userId,
    Arn: user.arn,
    CreateDate: new Date(user.createdAt),
    ...(user.tags.length > 0 ? { Tags: user.tags } : {}),
  };
}

export function roleView(role: RoleDoc, withDetails = true): Role {
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: new Date(role.createdAt),
    // AWS returns the trust policy URL-encoded, like every policy document (RFC 3986).
    AssumeRolePolicyDocument: encodePolicyDocument(role.assumeRolePolicy),
    ...(role.description !== undefined ? { Description: role.description } : {}),
    MaxSessionDuration: role.maxSessionDuration,
    ...(withDetails && role.tags.length > 0 ? { Tags: role.tags } : {}),
  };
}

export function policyView(policy: PolicyDoc, attachmentCount: number): Policy {
  return {
    PolicyName: policy.policyName,
    PolicyId: policy.policyId,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: attachmentCount,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    ...(policy.description !== undefined ? { Description: policy.description } : {}),
    CreateDate: new Date(policy.createdAt),
    UpdateDate: new Date(policy.updatedAt),
    ...(policy.tags.length > 0 ? { Tags: policy.tags } : {}),
  };
}

/** How many users and roles have the policy attached (AttachmentCount, DeletePolicy's conflict). */
export async function attachmentCount(iam: Iam, arn: string): Promise<number> {
  const [users, roles] = await Promise.all([iam.users.list(iam.accountId), iam.roles.list(iam.accountId)]);
  return [...users, ...roles].filter((principal) => principal.attachedPolicyArns.includes(arn)).length;
}

/**
 * Policy documents are returned URL-encoded (RFC 3986), as IAM does: "The policy document
 * returned in this structure is URL-encoded compliant with RFC 3986"
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUserPolicy.html).
 */
export function encodePolicyDocument(document: string): string {
  return encodeURIComponent(document).replace(/[!'()*]/g, (char) => '%' + char.charCodeAt(0).toString(16).toUpperCase());
}

/** A secret access key sealed under the root key, bound to its access key id. */
export function sealSecret(iam: Pick<Iam, 'rootKey'>, accessKeyId: string, secret: string): string {
  return iam.rootKey.seal(Buffer.from(secret, 'utf8'), Buffer.from(`iam-secret:${accessKeyId}`, 'utf8')).toString('base64');
}

export function openSecret(iam: Pick<Iam, 'rootKey'>, accessKeyId: string, sealed: string): string {
  return iam.rootKey.open(Buffer.from(sealed, 'base64'), Buffer.from(`iam-secret:${accessKeyId}`, 'utf8')).toString('utf8');
}

/** When this server first knew the account: the root's CreateDate (GetUser without a name, as the root). */
export async function accountCreatedAt(iam: Iam): Promise<number> {
  const key = `iam/${iam.accountId}/account`;
  const entry = await iam.engine.getMeta<{ createdAt: number }>(key);
  if (entry) return entry.value.createdAt;
  try {
    await iam.engine.putMeta(key, { createdAt: iam.now() }, null);
  } catch {
    // Another request recorded it first.
  }
  return (await iam.engine.getMeta<{ createdAt: number }>(key))!.value.createdAt;
}
