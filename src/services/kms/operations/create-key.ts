import { generateKeyPairSync } from 'node:crypto';
import type { CreateKeyRequest, CreateKeyResponse } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { keyArn, type KeyDoc } from '../domain/keys.js';
import { defaultKeyPolicy, ensureNoLockout, parsePolicy } from '../domain/policies.js';
import { checkTags } from '../domain/tags.js';
import { keyMetadata, type Kms } from '../kms.js';

// Which key specs this server makes, and for which usages (aws-wire.md §4.4; issue scope:
// symmetric, RSA for both usages, NIST P-256/P-384 for signing).
const supported: Record<string, string[]> = {
  SYMMETRIC_DEFAULT: ['ENCRYPT_DECRYPT'],
  RSA_2048: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  RSA_3072: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  RSA_4096: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  ECC_NIST_P256: ['SIGN_VERIFY'],
  ECC_NIST_P384: ['SIGN_VERIFY'],
};

export async function createKey(kms: Kms, input: CreateKeyRequest, context: RequestContext): Promise<CreateKeyResponse> {
  const { caller } = context;
  await context.authorize('kms:CreateKey', `arn:aws:kms:${caller.region}:${caller.accountId}:key/*`);
  const keySpec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
  if (input.KeySpec !== undefined && input.CustomerMasterKeySpec !== undefined) {
    throw kmsErrors.validation('You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.');
  }
  if (keySpec !== 'SYMMETRIC_DEFAULT' && input.KeyUsage === undefined) {
    throw kmsErrors.validation('You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
  }
  const keyUsage = input.KeyUsage ?? 'ENCRYPT_DECRYPT';
  const usages = supported[keySpec];
  if (!usages) throw kmsErrors.unsupported(`KeySpec ${keySpec} is not supported by this server.`);
  if (!usages.includes(keyUsage)) throw kmsErrors.validation(`KeyUsage ${keyUsage} is not compatible with KeySpec ${keySpec}.`);
  const origin = input.Origin ?? 'AWS_KMS';
  if (origin !== 'AWS_KMS') throw kmsErrors.unsupported(`Origin ${origin} is not supported by this server.`);
  if (input.MultiRegion) throw kmsErrors.unsupported('Multi-Region keys are not supported by this server.');
  if (input.CustomKeyStoreId !== undefined) throw kmsErrors.unsupported('Custom key stores are not supported by this server.');
  const tags = input.Tags ?? [];
  checkTags(tags);
  const policy = input.Policy === undefined ? undefined : parsePolicy(input.Policy);

  const address = { accountId: caller.accountId, region: caller.region };
  const keyId = kms.keys.newKeyId();
  const arn = keyArn(address, keyId);
  if (policy && !input.BypassPolicyLockoutSafetyCheck) ensureNoLockout(policy, caller, arn);
  const key: KeyDoc = {
    keyId,
    arn,
    ...address,
    createdAt: kms.now(),
    description: input.Description ?? '',
    keyUsage,
    keySpec,
    origin,
    manager: 'CUSTOMER',
    state: 'Enabled',
    policy: input.Policy ?? defaultKeyPolicy(address),
    tags,
    rotation: { enabled: false, periodDays: 365 },
    materials: [],
  };
  if (keySpec === 'SYMMETRIC_DEFAULT') {
    key.materials.push(kms.keys.newMaterial(arn));
  } else {
    const pair = keySpec.startsWith('RSA_')
      ? generateKeyPairSync('rsa', { modulusLength: Number(keySpec.slice(4)) })
      : generateKeyPairSync('ec', { namedCurve: keySpec === 'ECC_NIST_P256' ? 'P-256' : 'P-384' });
    key.asymmetric = {
      sealedPrivateKey: kms.keys.sealPrivateKey(arn, pair.privateKey.export({ type: 'pkcs8', format: 'der' })),
      publicKey: pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    };
  }
  await kms.keys.create(key);
  return { KeyMetadata: keyMetadata(key) };
}
