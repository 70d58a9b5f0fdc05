// IAM's entities as stored: one JSON document per user, role and managed policy in the
// engine's metadata store, keyed by account and lower-cased name (IAM names are unique
// regardless of case: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names),
// and one credential document per access key id (a user's key or an STS session) so
// that signature verification finds a key in one read. A user's document is the
// authority on its keys: the credential document only points at it. Every change is a
// compare-and-set of one document.
import type { StorageEngine } from '../../../storage/engine.js';
import { isConflict, retryOnConflict } from '../../compare-and-set.js';
import { iamErrors } from '../errors.js';

export interface Tag {
  Key: string;
  Value: string;
}

export interface AccessKeyEntry {
  accessKeyId: string;
  status: 'Active' | 'Inactive';
  createdAt: number;
  /** The secret sealed under the root key with the access key id as additional data, base64. */
  sealedSecret: string;
}

/** What users and roles share: inline policies by name, attached managed policies by ARN. */
export interface Principal {
  path: string;
  arn: string;
  createdAt: number;
  tags: Tag[];
  inlinePolicies: Record<string, string>;
  attachedPolicyArns: string[];
}

export interface UserDoc extends Principal {
  userName: string;
  userId: string;
  accessKeys: AccessKeyEntry[];
}

export interface RoleDoc extends Principal {
  roleName: string;
  roleId: string;
  assumeRolePolicy: string;
  description?: string;
  maxSessionDuration: number;
}

export interface PolicyVersionEntry {
  versionId: string;
  document: string;
  createdAt: number;
}

export interface PolicyDoc {
  policyName: string;
  policyId: string;
  arn: string;
  path: string;
  description?: string;
  createdAt: number;
  updatedAt: number;
  defaultVersionId: string;
  versions: PolicyVersionEntry[];
  /** The number the next version takes (v1, v2, …; never reused). */
  nextVersion: number;
  tags: Tag[];
}

/** A user's access key: where its user is. */
export interface UserCredentialDoc {
  kind: 'user';
  accountId: string;
  userName: string;
}

/** An STS session's temporary credentials. */
export interface SessionCredentialDoc {
  kind: 'session';
  accountId: string;
  roleName: string;
  roleArn: string;
  roleId: string;
  sessionName: string;
  /** The secret sealed under the root key with the access key id as additional data, base64. */
  sealedSecret: string;
  /** SHA-256 of the session token, hex: the token itself is only ever compared. */
  sessionTokenSha256: string;
  expiresAt: number;
}

export type CredentialDoc = UserCredentialDoc | SessionCredentialDoc;

/** One kind of named entity of an account: create, find, compare-and-set update, delete. */
export class EntityStore<Doc> {
  constructor(
    private readonly engine: StorageEngine,
    private readonly kind: string,
    private readonly nameOf: (doc: Doc) => string,
    private readonly exists: (name: string) => Error,
    private readonly notFound: (name: string) => Error,
  ) {}

  private prefix(accountId: string): string {
    return `iam/${accountId}/${this.kind}/`;
  }

  private keyOf(accountId: string, name: string): string {
    return this.prefix(accountId) + name.toLowerCase();
  }

  async create(accountId: string, doc: Doc): Promise<void> {
    try {
      await this.engine.putMeta(this.keyOf(accountId, this.nameOf(doc)), doc, null);
    } catch (error) {
      if (isConflict(error)) throw this.exists(this.nameOf(doc));
      throw error;
    }
  }

  async find(accountId: string, name: string): Promise<Doc | undefined> {
    return (await this.engine.getMeta<Doc>(this.keyOf(accountId, name)))?.value;
  }

  async get(accountId: string, name: string): Promise<Doc> {
    const doc = await this.find(accountId, name);
    if (!doc) throw this.notFound(name);
    return doc;
  }

  /** Applies `change` (which throws an AwsError to refuse) and stores it with compare-and-set, retrying on a concurrent change. */
  async update(accountId: string, name: string, change: (doc: Doc) => void): Promise<Doc> {
    const key = this.keyOf(accountId, name);
    return retryOnConflict(async () => {
      const entry = await this.engine.getMeta<Doc>(key);
      if (!entry) throw this.notFound(name);
      change(entry.value);
      await this.engine.putMeta(key, entry.value, entry.version);
      return entry.value;
    }, iamErrors.concurrentModification);
  }

  /** Deletes the entity once `check` (which throws to refuse) passes on its current state. */
  async delete(accountId: string, name: string, check: (doc: Doc) => void): Promise<Doc> {
    const key = this.keyOf(accountId, name);
    return retryOnConflict(async () => {
      const entry = await this.engine.getMeta<Doc>(key);
      if (!entry) throw this.notFound(name);
      check(entry.value);
      await this.engine.deleteMeta(key, entry.version);
      return entry.value;
    }, iamErrors.concurrentModification);
  }

  async list(accountId: string): Promise<Doc[]> {
    return (await this.engine.listMeta<Doc>(this.prefix(accountId))).map((entry) => entry.value);
  }
}

/** Credential documents by access key id (unique across accounts: AKIA/ASIA ids are random). */
export class CredentialIndex {
  constructor(private readonly engine: StorageEngine) {}

  private keyOf(accessKeyId: string): string {
    return `iam/credentials/${accessKeyId}`;
  }

  async find(accessKeyId: string): Promise<CredentialDoc | undefined> {
    return (await this.engine.getMeta<CredentialDoc>(this.keyOf(accessKeyId)))?.value;
  }

  async put(accessKeyId: string, doc: CredentialDoc): Promise<void> {
    await this.engine.putMeta(this.keyOf(accessKeyId), doc, null);
  }

  /** Removes it if it is there; a concurrent removal is as good. */
  async remove(accessKeyId: string): Promise<void> {
    const entry = await this.engine.getMeta(this.keyOf(accessKeyId));
    if (!entry) return;
    try {
      await this.engine.deleteMeta(this.keyOf(accessKeyId), entry.version);
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
  }
}
