// Grants (aws-wire.md §4.7): one metadata document per grant, stored under its key so a
// key's grants list and go together:
//   kms/grant/<account>/<region>/<keyId>/<grantId>
// They are stored and returned faithfully; enforcing them is the authorization layer's
// work (issue 3, scope 6). Firehose creates and retires its grants through
// createGrantFor() and retireGrant() below, as CreateGrant and RetireGrant do.
//
// A grant token is opaque to clients. Ours is base64 of
//   0x01 | len | account | len | region | len | key id | grant id (32 bytes) | secret (32 bytes)
// and the grant keeps the SHA-256 of each secret it issued, never the secret: a token is
// valid while its grant exists and holds its digest. Every CreateGrant answers a new
// token, even when Name idempotency returns an existing grant (AWS's CreateGrant docs).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { GrantConstraints, GrantListEntry } from '../../../generated/kms-shapes.js';
import { InternalError } from '../../../internal-error.js';
import type { StorageEngine } from '../../../storage/engine.js';
import { retryOnConflict } from '../../compare-and-set.js';
import { kmsErrors } from '../errors.js';
import { ensureUsable, isSymmetric, type Kms } from '../kms.js';
import type { KeyAddress, KeyDoc } from './keys.js';
import type { PolicyEpoch } from '../../policy-epoch.js';

export interface GrantDoc {
  /** 64 hex digits, as AWS's. */
  grantId: string;
  keyId: string;
  keyArn: string;
  accountId: string;
  region: string;
  name?: string;
  createdAt: number;
  granteePrincipal: string;
  retiringPrincipal?: string;
  /** The account that created the grant, printed as its root ARN as AWS does. */
  issuingAccountId: string;
  operations: string[];
  constraints?: GrantConstraints;
  /** SHA-256 (hex) of the secret of every token issued for this grant. */
  tokenDigests: string[];
}

export interface GrantRequest {
  grantee: string;
  retiringPrincipal?: string;
  operations: string[];
  name?: string;
  constraints?: GrantConstraints;
  /** Defaults to the key's account. */
  issuingAccountId?: string;
}

export interface IssuedGrant {
  grantId: string;
  grantToken: string;
}

export const grantIdPattern = /^[0-9a-f]{64}$/;
// Name idempotency can return one grant many times; it keeps the latest tokens [INF].
const maxTokensPerGrant = 100;

const grantsOfRegion = (address: KeyAddress) => `kms/grant/${address.accountId}/${address.region}/`;
const grantsOfKey = (address: KeyAddress, keyId: string) => `${grantsOfRegion(address)}${keyId}/`;
const grantKey = (address: KeyAddress, keyId: string, grantId: string) => `${grantsOfKey(address, keyId)}${grantId}`;

export class GrantStore {
  constructor(
    private readonly engine: StorageEngine,
    private readonly policyEpoch: PolicyEpoch,
  ) {}

  async find(address: KeyAddress, keyId: string, grantId: string): Promise<GrantDoc | undefined> {
    return (await this.engine.getMeta<GrantDoc>(grantKey(address, keyId, grantId)))?.value;
  }

  async listForKey(address: KeyAddress, keyId: string): Promise<GrantDoc[]> {
    return (await this.engine.listMeta<GrantDoc>(grantsOfKey(address, keyId))).map((entry) => entry.value);
  }

  async listInRegion(address: KeyAddress): Promise<GrantDoc[]> {
    return (await this.engine.listMeta<GrantDoc>(grantsOfRegion(address))).map((entry) => entry.value);
  }

  async create(grant: GrantDoc): Promise<void> {
    await this.engine.putMeta(grantKey(grant, grant.keyId, grant.grantId), grant, null);
    this.policyEpoch.bump();
  }

  /** Records one more token of a grant; false when the grant is gone. */
  async addTokenDigest(address: KeyAddress, keyId: string, grantId: string, digest: string): Promise<boolean> {
    return retryOnConflict(async () => {
      const entry = await this.engine.getMeta<GrantDoc>(grantKey(address, keyId, grantId));
      if (!entry) return false;
      const tokenDigests = [...entry.value.tokenDigests, digest].slice(-maxTokensPerGrant);
      await this.engine.putMeta(grantKey(address, keyId, grantId), { ...entry.value, tokenDigests }, entry.version);
      return true;
    }, () => new InternalError('KMS_CONTENTION', `grant ${grantId} changed too often to update`));
  }

  /** False when it does not exist. */
  async delete(address: KeyAddress, keyId: string, grantId: string): Promise<boolean> {
    return retryOnConflict(async () => {
      const entry = await this.engine.getMeta<GrantDoc>(grantKey(address, keyId, grantId));
      if (!entry) return false;
      await this.engine.deleteMeta(grantKey(address, keyId, grantId), entry.version);
      this.policyEpoch.bump();
      return true;
    }, () => new InternalError('KMS_CONTENTION', `grant ${grantId} changed too often to delete`));
  }

  /** A deleted key takes its grants with it. */
  async deleteForKey(address: KeyAddress, keyId: string): Promise<void> {
    for (const grant of await this.listForKey(address, keyId)) await this.delete(address, keyId, grant.grantId);
  }
}

export function grantsOf(kms: Kms): GrantStore {
  return new GrantStore(kms.engine, kms.policyEpoch);
}

// Which grant operations a key can carry (AWS's CreateGrant docs: "you cannot create a
// grant for a symmetric encryption KMS key that allows the Sign operation, or a grant for
// an asymmetric KMS key that allows the GenerateDataKey operation").
const everyKey = ['CreateGrant', 'RetireGrant', 'DescribeKey'];
const symmetricOperations = [...everyKey, 'Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext'];
const rsaEncryptionOperations = [...everyKey, 'Decrypt', 'Encrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GetPublicKey'];
const signingOperations = [...everyKey, 'Sign', 'Verify', 'GetPublicKey'];

function operationsFor(key: KeyDoc): string[] {
  if (key.keyUsage === 'SIGN_VERIFY') return signingOperations;
  return isSymmetric(key) ? symmetricOperations : rsaEncryptionOperations;
}

/** The operations must suit the key: ValidationException otherwise (text [INF]). */
export function checkGrantOperations(key: KeyDoc, operations: string[]): void {
  const allowed = operationsFor(key);
  const refused = operations.filter((operation) => !allowed.includes(operation));
  if (refused.length > 0) {
    throw kmsErrors.validation(`Grant operations [${refused.join(', ')}] are not valid for ${key.arn}, whose KeySpec is ${key.keySpec} and KeyUsage ${key.keyUsage}.`);
  }
}

/** Keys sorted, so two requests that differ only in order compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, member]) => member !== undefined);
    entries.sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([name, member]) => `${JSON.stringify(name)}:${canonical(member)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function parametersOf(grant: { granteePrincipal: string; retiringPrincipal?: string; operations: string[]; constraints?: GrantConstraints }): string {
  return canonical({
    grantee: grant.granteePrincipal,
    retiring: grant.retiringPrincipal ?? null,
    operations: [...new Set(grant.operations)].sort(),
    constraints: grant.constraints ?? null,
  });
}

function issueToken(grant: GrantDoc): { token: string; digest: string } {
  const secret = randomBytes(32);
  const field = (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    return Buffer.concat([Buffer.from([bytes.length]), bytes]);
  };
  const token = Buffer.concat([Buffer.from([1]), field(grant.accountId), field(grant.region), field(grant.keyId), Buffer.from(grant.grantId, 'hex'), secret]);
  return { token: token.toString('base64'), digest: createHash('sha256').update(secret).digest('hex') };
}

interface ParsedToken extends KeyAddress {
  keyId: string;
  grantId: string;
  secret: Buffer;
}

function parseToken(token: string): ParsedToken | undefined {
  const bytes = Buffer.from(token, 'base64');
  if (bytes.toString('base64') !== token || bytes[0] !== 1) return undefined;
  let offset = 1;
  const field = (): string | undefined => {
    const length = bytes[offset];
    if (length === undefined || offset + 1 + length > bytes.length) return undefined;
    const text = bytes.toString('utf8', offset + 1, offset + 1 + length);
    offset += 1 + length;
    return text;
  };
  const accountId = field();
  const region = field();
  const keyId = field();
  if (accountId === undefined || region === undefined || keyId === undefined || bytes.length !== offset + 64) return undefined;
  return { accountId, region, keyId, grantId: bytes.toString('hex', offset, offset + 32), secret: bytes.subarray(offset + 32) };
}

// AWS's texts for these are not recorded; ours follow "Invalid keyId '<id>'" (§4.3) [INF].
export const grantErrors = {
  malformedGrantId: (grantId: string) => kmsErrors.invalidGrantId(`Invalid grantId '${grantId}'`),
  unknownGrant: (grantId: string, keyArn: string) => kmsErrors.invalidGrantId(`Grant '${grantId}' does not exist for key '${keyArn}'`),
  invalidToken: () => kmsErrors.invalidGrantToken('Invalid grant token'),
};

/** The grant a token names in the caller's region; InvalidGrantTokenException otherwise. */
export async function findGrantByToken(kms: Kms, region: string, token: string): Promise<GrantDoc> {
  const parsed = parseToken(token);
  if (!parsed || parsed.region !== region) throw grantErrors.invalidToken();
  const grant = await grantsOf(kms).find(parsed, parsed.keyId, parsed.grantId);
  const digest = createHash('sha256').update(parsed.secret).digest();
  const isIssued = grant?.tokenDigests.some((candidate) => timingSafeEqual(Buffer.from(candidate, 'hex'), digest));
  if (!grant || !isIssued) throw grantErrors.invalidToken();
  return grant;
}

/**
 * Creates a grant on `key` (or, with a Name, returns the grant of that name on the key
 * whose parameters are the same) and a new token for it. The key must be usable, as for
 * CreateGrant (aws-wire.md §4.5). The caller authorizes first.
 */
export async function createGrantFor(kms: Kms, key: KeyDoc, request: GrantRequest): Promise<IssuedGrant> {
  ensureUsable(key);
  checkGrantOperations(key, request.operations);
  const store = grantsOf(kms);
  const wanted = { granteePrincipal: request.grantee, retiringPrincipal: request.retiringPrincipal, operations: request.operations, constraints: request.constraints };
  if (request.name !== undefined) {
    const existing = (await store.listForKey(key, key.keyId)).find((grant) => grant.name === request.name && parametersOf(grant) === parametersOf(wanted));
    if (existing) {
      const { token, digest } = issueToken(existing);
      if (await store.addTokenDigest(key, key.keyId, existing.grantId, digest)) return { grantId: existing.grantId, grantToken: token };
    }
  }
  const grant: GrantDoc = {
    grantId: randomBytes(32).toString('hex'),
    keyId: key.keyId,
    keyArn: key.arn,
    accountId: key.accountId,
    region: key.region,
    ...(request.name !== undefined ? { name: request.name } : {}),
    createdAt: kms.now(),
    granteePrincipal: request.grantee,
    ...(request.retiringPrincipal !== undefined ? { retiringPrincipal: request.retiringPrincipal } : {}),
    issuingAccountId: request.issuingAccountId ?? key.accountId,
    operations: [...new Set(request.operations)],
    ...(request.constraints !== undefined ? { constraints: request.constraints } : {}),
    tokenDigests: [],
  };
  const { token, digest } = issueToken(grant);
  grant.tokenDigests.push(digest);
  await store.create(grant);
  return { grantId: grant.grantId, grantToken: token };
}

/** Removes a grant of `key`; InvalidGrantIdException when there is none. The caller authorizes first. */
export async function retireGrant(kms: Kms, key: KeyDoc, grantId: string): Promise<void> {
  if (!grantIdPattern.test(grantId)) throw grantErrors.malformedGrantId(grantId);
  if (!(await grantsOf(kms).delete(key, key.keyId, grantId))) throw grantErrors.unknownGrant(grantId, key.arn);
}

/** GrantListEntry as ListGrants returns it: KeyId is the key ARN, Name "" when none was given. */
export function toGrantListEntry(grant: GrantDoc): GrantListEntry {
  return {
    KeyId: grant.keyArn,
    GrantId: grant.grantId,
    Name: grant.name ?? '',
    CreationDate: new Date(grant.createdAt),
    GranteePrincipal: grant.granteePrincipal,
    ...(grant.retiringPrincipal !== undefined ? { RetiringPrincipal: grant.retiringPrincipal } : {}),
    IssuingAccount: `arn:aws:iam::${grant.issuingAccountId}:root`,
    Operations: grant.operations as GrantListEntry['Operations'],
    ...(grant.constraints !== undefined ? { Constraints: grant.constraints } : {}),
  };
}
