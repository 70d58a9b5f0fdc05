// What KMS operations share: their dependencies, key-identifier resolution in every
// form AWS accepts (aws-wire.md §4.3), the key-state rules (§4.5) and KeyMetadata.
import type { KeyMetadata } from '../../generated/kms-shapes.js';
import type { StorageEngine } from '../../storage/engine.js';
import type { Caller } from '../context.js';
import { kmsErrors } from './errors.js';
import { aliasArn, type AliasStore } from './domain/aliases.js';
import { keyArn, type KeyDoc, type KeyStore } from './domain/keys.js';
import { awsManagedAliases, createAwsManagedKey } from './domain/aws-managed.js';
import type { PolicyEpoch } from '../policy-epoch.js';

export interface Kms {
  engine: StorageEngine;
  keys: KeyStore;
  aliases: AliasStore;
  now: () => number;
  /** Moves on with every key policy or grant change: cached authorization decisions about keys are stale then. */
  policyEpoch: PolicyEpoch;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const multiRegionPattern = /^mrk-[0-9a-f]{32}$/;
const arnPattern = /^arn:aws[a-z-]*:kms:([^:]*):(\d{12}):(key\/.+|alias\/.+)$/;

export type Resolution = 'key-only' | 'key-or-alias';

/**
 * The key a KeyId names: key id, key ARN, alias name or alias ARN (aliases only where the
 * operation accepts them). A predefined AWS alias such as alias/aws/kinesis creates its
 * AWS-managed key on first use (aws-wire.md §4.6).
 */
export async function resolveKey(kms: Kms, caller: Caller, raw: string, resolution: Resolution = 'key-or-alias'): Promise<KeyDoc> {
  const home = { accountId: caller.accountId, region: caller.region };
  let address = home;
  let rest = raw;
  const arn = arnPattern.exec(raw);
  if (arn) {
    if (arn[1] !== caller.region) throw kmsErrors.invalidArnRegion(arn[1]!);
    address = { accountId: arn[2]!, region: arn[1]! };
    rest = arn[3]!;
  }
  if (rest.startsWith('key/') && arn) rest = rest.slice(4);
  if (rest.startsWith('alias/')) {
    if (resolution === 'key-only') throw kmsErrors.invalidKeyId(raw);
    const alias = await kms.aliases.find(address, rest);
    if (alias) {
      const target = await kms.keys.find(address, alias.targetKeyId);
      if (target) return target;
    } else if (awsManagedAliases.has(rest)) {
      return createAwsManagedKey(kms, address, rest);
    }
    throw kmsErrors.aliasNotFound(aliasArn(address, rest));
  }
  if (!uuidPattern.test(rest) && !multiRegionPattern.test(rest)) throw kmsErrors.invalidKeyId(raw);
  const key = await kms.keys.find(address, rest);
  if (!key) throw kmsErrors.keyNotFound(keyArn(address, rest));
  return key;
}

/** Cryptographic operations and CreateGrant: footnotes (1), (3), (5) of the key-state table. */
export function ensureUsable(key: KeyDoc): void {
  if (key.state === 'Disabled') throw kmsErrors.disabled(key.arn);
  if (key.state === 'PendingDeletion') throw kmsErrors.pendingDeletion(key.arn);
  if (key.state === 'PendingImport') throw kmsErrors.pendingImport(key.arn);
}

/** Management calls refused only while the key is pending deletion: footnote (3). */
export function ensureNotPendingDeletion(key: KeyDoc): void {
  if (key.state === 'PendingDeletion') throw kmsErrors.pendingDeletion(key.arn);
}

export function ensureCustomerManaged(key: KeyDoc, operation: string): void {
  if (key.manager === 'AWS') throw kmsErrors.unsupported(`${key.arn} is an AWS managed key. ${operation} is not supported for AWS managed keys.`);
}

export function ensureUsage(key: KeyDoc, usage: string, operation: string): void {
  if (key.keyUsage !== usage) throw kmsErrors.invalidKeyUsage(key.arn, key.keyUsage, operation);
}

export function isSymmetric(key: KeyDoc): boolean {
  return key.keySpec === 'SYMMETRIC_DEFAULT';
}

const encryptionAlgorithms: Record<string, string[]> = {
  SYMMETRIC_DEFAULT: ['SYMMETRIC_DEFAULT'],
  RSA_2048: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'],
  RSA_3072: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'],
  RSA_4096: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'],
};

const signingAlgorithms: Record<string, string[]> = {
  RSA_2048: ['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512'],
  RSA_3072: ['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512'],
  RSA_4096: ['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512'],
  ECC_NIST_P256: ['ECDSA_SHA_256'],
  ECC_NIST_P384: ['ECDSA_SHA_384'],
};

export function algorithmsOf(key: KeyDoc): { encryption?: string[]; signing?: string[] } {
  if (key.keyUsage === 'ENCRYPT_DECRYPT') return { encryption: encryptionAlgorithms[key.keySpec] ?? [] };
  if (key.keyUsage === 'SIGN_VERIFY') return { signing: signingAlgorithms[key.keySpec] ?? [] };
  return {};
}

/** KeyMetadata as AWS returns it (aws-wire.md §4.4). */
export function keyMetadata(key: KeyDoc): KeyMetadata {
  const algorithms = algorithmsOf(key);
  const current = key.materials[key.materials.length - 1];
  return {
    AWSAccountId: key.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: new Date(key.createdAt),
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage as KeyMetadata['KeyUsage'],
    KeyState: key.state,
    ...(key.deletionDate !== undefined ? { DeletionDate: new Date(key.deletionDate) } : {}),
    ...(key.pendingWindowDays !== undefined ? { PendingDeletionWindowInDays: key.pendingWindowDays } : {}),
    Origin: key.origin as KeyMetadata['Origin'],
    KeyManager: key.manager,
    CustomerMasterKeySpec: key.keySpec as KeyMetadata['CustomerMasterKeySpec'],
    KeySpec: key.keySpec as KeyMetadata['KeySpec'],
    ...(algorithms.encryption ? { EncryptionAlgorithms: algorithms.encryption as KeyMetadata['EncryptionAlgorithms'] } : {}),
    ...(algorithms.signing ? { SigningAlgorithms: algorithms.signing as KeyMetadata['SigningAlgorithms'] } : {}),
    MultiRegion: false,
    ...(current ? { CurrentKeyMaterialId: current.id } : {}),
  };
}
