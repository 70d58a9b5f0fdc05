import type { EncryptRequest, EncryptResponse } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { encryptUnder } from '../domain/symmetric.js';
import { encryptAsymmetric } from '../domain/asymmetric.js';
import { ensureUsable, ensureUsage, isSymmetric, resolveKey, type Kms } from '../kms.js';
import { encryptionContextConditions } from '../port.js';

export async function encrypt(kms: Kms, input: EncryptRequest, context: RequestContext): Promise<EncryptResponse> {
  const key = await resolveKey(kms, context.caller, input.KeyId);
  await context.authorize('kms:Encrypt', key.arn, encryptionContextConditions(input.EncryptionContext));
  ensureUsable(key);
  ensureUsage(key, 'ENCRYPT_DECRYPT', 'Encrypt');
  const algorithm = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
  if (input.DryRun) throw kmsErrors.dryRun();
  if (isSymmetric(key)) {
    if (algorithm !== 'SYMMETRIC_DEFAULT') throw kmsErrors.incompatibleAlgorithm(algorithm, key.keySpec);
    const { blob } = encryptUnder(kms, key, input.Plaintext, input.EncryptionContext);
    return { CiphertextBlob: blob, KeyId: key.arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
  }
  if (input.EncryptionContext !== undefined) throw kmsErrors.validation('EncryptionContext is not supported with asymmetric keys.');
  return { CiphertextBlob: encryptAsymmetric(key, algorithm, input.Plaintext), KeyId: key.arn, EncryptionAlgorithm: algorithm as EncryptResponse['EncryptionAlgorithm'] };
}
