// The credentials strict authentication verifies signatures with, and what policy
// evaluation reads of an identity: the account root's key (given at start), IAM users'
// active access keys, and unexpired STS sessions. Lookups sit on every request's path,
// so decrypted ones are kept in memory for a few seconds; a key that is deactivated or
// deleted leaves the cache at once (credentialChanged).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { CredentialStore, Identity, SigningCredential } from '../context.js';
import type { SessionCredentialDoc } from './domain/entities.js';
import { openSecret, rootArn, roleNameOf, type Iam } from './iam.js';
import { assumedRoleArn } from '../sts/operations/assume-role.js';

/** An identity-based policy that applies to an identity, as policy evaluation reads it. */
export interface AppliedPolicy {
  /** 'inline' for a user's or role's own policy, 'managed' for an attached one (its default version). */
  kind: 'inline' | 'managed';
  /** The inline policy's name, or the managed policy's ARN. */
  name: string;
  /** The policy document, JSON text as it was put. */
  document: string;
}

export interface IamCredentialStore extends CredentialStore {
  /** The identity-based policies that apply: a user's inline and attached ones; a role session's role's. None for the root. */
  policiesFor(identity: Identity): Promise<AppliedPolicy[]>;
  /** A role's trust policy (AssumeRolePolicyDocument), JSON text; undefined for a role that does not exist. */
  trustPolicy(roleArn: string): Promise<string | undefined>;
  /** Increases whenever anything policiesFor or trustPolicy answer may have changed (a decision cache keys on it). */
  policyEpoch(): number;
  /** Drops a cached lookup: IAM calls it when a key is deactivated or deleted. */
  forget(accessKeyId: string): void;
}

export interface RootCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Whether a request's X-Amz-Security-Token is the credential's session token (constant time). */
export function sessionTokenMatches(credential: SigningCredential, presented: string | undefined): boolean {
  if (credential.sessionToken === undefined && credential.sessionTokenSha256 === undefined) return presented === undefined;
  if (presented === undefined) return false;
  const expected = credential.sessionTokenSha256 ?? createHash('sha256').update(credential.sessionToken!).digest('hex');
  const actual = createHash('sha256').update(presented).digest('hex');
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(actual, 'hex'));
}

const defaultCacheTtlMs = 5_000;
const expiredSessionGraceMs = 86_400_000;
const maxCached = 10_000;

export function createCredentialStore(iam: Iam, options: { rootCredentials?: RootCredentials; cacheTtlMs?: number; epoch: () => number }): IamCredentialStore {
  const ttl = options.cacheTtlMs ?? defaultCacheTtlMs;
  const cache = new Map<string, { credential: SigningCredential; until: number }>();
  const root = options.rootCredentials;
  const rootIdentity: Identity = { accountId: iam.accountId, principalArn: rootArn(iam.accountId), principalType: 'Account', principalId: iam.accountId };

  const load = async (accessKeyId: string): Promise<SigningCredential | undefined> => {
    const doc = await iam.credentials.find(accessKeyId);
    if (!doc) return undefined;
    if (doc.kind === 'session') return sessionCredential(accessKeyId, doc);
    const user = await iam.users.find(doc.accountId, doc.userName);
    const key = user?.accessKeys.find((entry) => entry.accessKeyId === accessKeyId);
    if (!user || !key || key.status !== 'Active') return undefined;
    return {
      identity: { accountId: doc.accountId, principalArn: user.arn, principalType: 'User', principalId: user.userId, userName: user.userName },
      secretAccessKey: openSecret(iam, accessKeyId, key.sealedSecret),
    };
  };

  const sessionCredential = async (accessKeyId: string, doc: SessionCredentialDoc): Promise<SigningCredential | undefined> => {
    // An expired session is still found for a day, so its requests hear ExpiredToken rather
    // than "invalid" (strict authentication checks expiresAt); after that it is purged as met.
    if (doc.expiresAt + expiredSessionGraceMs <= iam.now()) {
      await iam.credentials.remove(accessKeyId);
      return undefined;
    }
    return {
      identity: {
        accountId: doc.accountId,
        principalArn: assumedRoleArn(doc.accountId, doc.roleName, doc.sessionName),
        principalType: 'AssumedRole',
        principalId: `${doc.roleId}:${doc.sessionName}`,
        roleArn: doc.roleArn,
      },
      secretAccessKey: openSecret(iam, accessKeyId, doc.sealedSecret),
      sessionTokenSha256: doc.sessionTokenSha256,
      expiresAt: doc.expiresAt,
    };
  };

  const managedDocument = async (arn: string): Promise<AppliedPolicy | undefined> => {
    const policy = await iam.policies.find(iam.accountId, arn.slice(arn.lastIndexOf('/') + 1));
    if (!policy || policy.arn !== arn) return undefined;
    const version = policy.versions.find((entry) => entry.versionId === policy.defaultVersionId);
    return version ? { kind: 'managed', name: arn, document: version.document } : undefined;
  };

  const principalPolicies = async (principal: { inlinePolicies: Record<string, string>; attachedPolicyArns: string[] }): Promise<AppliedPolicy[]> => {
    const inline: AppliedPolicy[] = Object.entries(principal.inlinePolicies).map(([name, document]) => ({ kind: 'inline', name, document }));
    const managed = await Promise.all(principal.attachedPolicyArns.map(managedDocument));
    return [...inline, ...managed.filter((policy): policy is AppliedPolicy => policy !== undefined)];
  };

  const roleByArn = async (arn: string) => {
    const name = roleNameOf(iam.accountId, arn);
    const role = name === undefined ? undefined : await iam.roles.find(iam.accountId, name);
    return role && role.arn === arn ? role : undefined;
  };

  return {
    async find(accessKeyId) {
      if (root && accessKeyId === root.accessKeyId) return { identity: rootIdentity, secretAccessKey: root.secretAccessKey };
      const now = iam.now();
      const cached = cache.get(accessKeyId);
      if (cached && cached.until > now) return cached.credential;
      const credential = await load(accessKeyId);
      if (credential) {
        if (cache.size >= maxCached) cache.clear();
        cache.set(accessKeyId, { credential, until: now + ttl });
      } else {
        cache.delete(accessKeyId);
      }
      return credential;
    },
    async policiesFor(identity) {
      if (identity.principalType === 'User') {
        const name = identity.userName ?? identity.principalArn.slice(identity.principalArn.lastIndexOf('/') + 1);
        const user = await iam.users.find(identity.accountId, name);
        return user && user.arn === identity.principalArn ? principalPolicies(user) : [];
      }
      if (identity.principalType === 'AssumedRole' && identity.roleArn !== undefined) {
        const role = await roleByArn(identity.roleArn);
        return role ? principalPolicies(role) : [];
      }
      return [];
    },
    async trustPolicy(arn) {
      return (await roleByArn(arn))?.assumeRolePolicy;
    },
    policyEpoch: options.epoch,
    forget(accessKeyId) {
      cache.delete(accessKeyId);
    },
  };
}
