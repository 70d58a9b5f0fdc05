// Builds IAM and STS over a storage engine and the root key: the two services for the
// dispatcher and the credential store strict authentication and the authorizer read.
import type { RootKey } from '../../crypto/root-key.js';
import type { StorageEngine } from '../../storage/engine.js';
import type { ServiceDefinition } from '../context.js';
import { createStsService } from '../sts/service.js';
import { createCredentialStore, type IamCredentialStore, type RootCredentials } from './credential-store.js';
import { CredentialIndex, EntityStore, type PolicyDoc, type RoleDoc, type UserDoc } from './domain/entities.js';
import { iamErrors } from './errors.js';
import type { Iam } from './iam.js';
import { createIamService } from './service.js';

export interface IamOptions {
  engine: StorageEngine;
  rootKey: RootKey;
  accountId: string;
  /** The account root's access key; without it no request can authenticate as the root in strict mode. */
  rootCredentials?: RootCredentials;
  now?: () => number;
  /** How long a decrypted credential lookup is kept in memory (5 s unless told). */
  credentialCacheTtlMs?: number;
}

export interface IamComponents {
  iam: Iam;
  iamService: ServiceDefinition;
  stsService: ServiceDefinition;
  credentials: IamCredentialStore;
}

export function createIam(options: IamOptions): IamComponents {
  let epoch = 1;
  let credentials: IamCredentialStore | undefined;
  const iam: Iam = {
    engine: options.engine,
    rootKey: options.rootKey,
    accountId: options.accountId,
    now: options.now ?? Date.now,
    users: new EntityStore<UserDoc>(options.engine, 'users', (user) => user.userName, iamErrors.userExists, iamErrors.noSuchUser),
    roles: new EntityStore<RoleDoc>(options.engine, 'roles', (role) => role.roleName, iamErrors.roleExists, iamErrors.noSuchRole),
    policies: new EntityStore<PolicyDoc>(options.engine, 'policies', (policy) => policy.policyName, iamErrors.policyExists, (name) => iamErrors.noSuchPolicy(name)),
    credentials: new CredentialIndex(options.engine),
    credentialChanged: (accessKeyId) => credentials?.forget(accessKeyId),
    policiesChanged: () => {
      epoch += 1;
    },
  };
  credentials = createCredentialStore(iam, {
    ...(options.rootCredentials ? { rootCredentials: options.rootCredentials } : {}),
    ...(options.credentialCacheTtlMs !== undefined ? { cacheTtlMs: options.credentialCacheTtlMs } : {}),
    epoch: () => epoch,
  });
  return { iam, iamService: createIamService(iam), stsService: createStsService(iam), credentials };
}
