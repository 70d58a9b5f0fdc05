import { randomBytes } from 'node:crypto';
import type { GenerateDataKeyRequest, GenerateDataKeyResponse } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { encryptUnder } from '../domain/symmetric.js';
import { ensureUsable, ensureUsage, isSymmetric, resolveKey, type Kms } from '../kms.js';
import { encryptionContextConditions } from '../port.js';

/** Exactly one of KeySpec and NumberOfBytes (aws-wire.md §4.2). */
export function dataKeyLength(input: { KeySpec?: string; NumberOfBytes?: number }): number {
  if ((input.KeySpec === undefined) === (input.NumberOfBytes === undefined)) {
    throw kmsErrors.validation('Please specify either number of bytes or key spec.');
  }
  if (input.NumberOfBytes !== undefined) return input.NumberOfBytes;
  return input.KeySpec === 'AES_128' ? 16 : 32;
}

export async function generateDataKeyUnder(kms: Kms, input: GenerateDataKeyRequest, context: RequestContext, action: string) {
  const key = await resolveKey(kms, context.caller, input.KeyId);
  await context.authorize(action, key.arn, encryptionContextConditions(input.EncryptionContext));
  ensureUsable(key);
  ensureUsage(key, 'ENCRYPT_DECRYPT', action.slice(4));
  // Data keys are encrypted with SYMMETRIC_DEFAULT, which an RSA key does not offer.
  if (!isSymmetric(key)) throw kmsErrors.incompatibleAlgorithm('SYMMETRIC_DEFAULT', key.keySpec);
  const length = dataKeyLength(input);
  if (input.DryRun) throw kmsErrors.dryRun();
  const plaintext = randomBytes(length);
  const { blob, materialId } = encryptUnder(kms, key, plaintext, input.EncryptionContext);
  return { key, plaintext, blob, materialId };
}

export async function generateDataKey(kms: Kms, input: GenerateDataKeyRequest, context: RequestContext): Promise<GenerateDataKeyResponse> {
  if (input.Recipient !== undefined) throw kmsErrors.unsupported('Recipient (Nitro Enclaves attestation) is not supported by this server.');
  const generated = await generateDataKeyUnder(kms, input, context, 'kms:GenerateDataKey');
  return { CiphertextBlob: generated.blob, Plaintext: generated.plaintext, KeyId: generated.key.arn, KeyMaterialId: generated.materialId };
}
