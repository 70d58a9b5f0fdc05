import type { DecryptRequest, DecryptResponse } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { decryptAsymmetric } from '../domain/asymmetric.js';
import { decodeHeader } from '../domain/ciphertext.js';
import { decryptBlob } from '../domain/symmetric.js';
import { ensureUsable, ensureUsage, isSymmetric, resolveKey, type Kms } from '../kms.js';
import { validationException } from '../../errors.js';
import { encryptionContextConditions } from '../port.js';

export async function decrypt(kms: Kms, input: DecryptRequest, context: RequestContext): Promise<DecryptResponse> {
  if (input.CiphertextBlob === undefined) {
    throw validationException(["Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null"]);
  }
  if (input.Recipient !== undefined) throw kmsErrors.unsupported('Recipient (Nitro Enclaves attestation) is not supported by this server.');
  const algorithm = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
  // An asymmetric ciphertext carries no key id: the request names the key. Its first
  // bytes are random and may look like a header of ours, so the named key decides; a
  // symmetric blob of ours under an asymmetric KeyId is IncorrectKeyException, as AWS
  // answers (LocalStack's validated test_error_messaging_for_invalid_keys).
  if (input.KeyId !== undefined) {
    const key = await resolveKey(kms, context.caller, input.KeyId);
    const header = decodeHeader(input.CiphertextBlob);
    const isOurBlob = header !== undefined && (await kms.keys.find(context.caller, header.keyId)) !== undefined;
    if (!isSymmetric(key) && isOurBlob) throw kmsErrors.incorrectKey();
    if (!isSymmetric(key)) {
      await context.authorize('kms:Decrypt', key.arn);
      ensureUsable(key);
      ensureUsage(key, 'ENCRYPT_DECRYPT', 'Decrypt');
      if (input.DryRun) throw kmsErrors.dryRun();
      const plaintext = decryptAsymmetric(kms.keys, key, algorithm, input.CiphertextBlob);
      return { KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: algorithm as DecryptResponse['EncryptionAlgorithm'] };
    }
  }
  if (algorithm !== 'SYMMETRIC_DEFAULT') throw kmsErrors.invalidCiphertext();
  const opened = await decryptBlob(kms, context.caller, input.CiphertextBlob, input.EncryptionContext, input.KeyId);
  await context.authorize('kms:Decrypt', opened.key.arn, encryptionContextConditions(input.EncryptionContext));
  if (input.DryRun) throw kmsErrors.dryRun();
  return { KeyId: opened.key.arn, Plaintext: opened.plaintext, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyMaterialId: opened.materialId };
}
