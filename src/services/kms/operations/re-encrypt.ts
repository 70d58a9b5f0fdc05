import type { ReEncryptRequest, ReEncryptResponse } from '../../../generated/kms-shapes.js';
import type { Caller, RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { decryptAsymmetric, encryptAsymmetric } from '../domain/asymmetric.js';
import { decodeHeader } from '../domain/ciphertext.js';
import type { KeyDoc } from '../domain/keys.js';
import { decryptBlob, encryptUnder } from '../domain/symmetric.js';
import { ensureUsable, ensureUsage, isSymmetric, resolveKey, type Kms } from '../kms.js';
import { validationException } from '../../errors.js';
import { encryptionContextConditions } from '../port.js';

type Algorithm = NonNullable<ReEncryptResponse['SourceEncryptionAlgorithm']>;

interface Opened {
  key: KeyDoc;
  plaintext: Buffer;
  algorithm: Algorithm;
  materialId?: string;
}

/**
 * Opens the source ciphertext as Decrypt does: a symmetric blob names its key, and a
 * SourceKeyId that names another key is IncorrectKeyException (aws-wire.md §4.9); an RSA
 * ciphertext carries no key id, so SourceKeyId must name it.
 */
async function openSource(kms: Kms, caller: Caller, input: ReEncryptRequest, blob: Buffer): Promise<Opened> {
  const algorithm = input.SourceEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
  // An RSA ciphertext's first bytes are random and may look like a header of ours, so the
  // named key decides, as in Decrypt.
  if (input.SourceKeyId !== undefined) {
    const key = await resolveKey(kms, caller, input.SourceKeyId);
    if (!isSymmetric(key)) {
      const header = decodeHeader(blob);
      if (header !== undefined && (await kms.keys.find(caller, header.keyId)) !== undefined) throw kmsErrors.incorrectKey();
      ensureUsable(key);
      ensureUsage(key, 'ENCRYPT_DECRYPT', 'ReEncrypt');
      return { key, plaintext: decryptAsymmetric(kms.keys, key, algorithm, blob), algorithm };
    }
  }
  if (algorithm !== 'SYMMETRIC_DEFAULT') throw kmsErrors.invalidCiphertext();
  const opened = await decryptBlob(kms, caller, blob, input.SourceEncryptionContext, input.SourceKeyId);
  return { key: opened.key, plaintext: opened.plaintext, algorithm, materialId: opened.materialId };
}

// Decrypts under the source key and encrypts under the destination key inside the
// service: the plaintext never leaves it. Both keys must be usable (key-state table,
// aws-wire.md §4.5); the response names both by ARN (§4.2, §5.6 item 32).
export async function reEncrypt(kms: Kms, input: ReEncryptRequest, context: RequestContext): Promise<ReEncryptResponse> {
  if (input.CiphertextBlob === undefined) {
    throw validationException(["Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null"]);
  }
  const source = await openSource(kms, context.caller, input, input.CiphertextBlob);
  await context.authorize('kms:ReEncryptFrom', source.key.arn, encryptionContextConditions(input.SourceEncryptionContext));
  const destination = await resolveKey(kms, context.caller, input.DestinationKeyId);
  await context.authorize('kms:ReEncryptTo', destination.arn, encryptionContextConditions(input.DestinationEncryptionContext));
  ensureUsable(destination);
  ensureUsage(destination, 'ENCRYPT_DECRYPT', 'ReEncrypt');
  const destinationAlgorithm = input.DestinationEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
  if (isSymmetric(destination) && destinationAlgorithm !== 'SYMMETRIC_DEFAULT') {
    throw kmsErrors.invalidKeyUsage(destination.arn, destination.keyUsage, `ReEncrypt with ${destinationAlgorithm}`);
  }
  if (!isSymmetric(destination) && input.DestinationEncryptionContext !== undefined) {
    throw kmsErrors.validation('EncryptionContext is not supported with asymmetric keys.');
  }
  if (input.DryRun) throw kmsErrors.dryRun();
  const sealed = isSymmetric(destination)
    ? encryptUnder(kms, destination, source.plaintext, input.DestinationEncryptionContext)
    : { blob: encryptAsymmetric(destination, destinationAlgorithm, source.plaintext), materialId: undefined };
  return {
    CiphertextBlob: sealed.blob,
    SourceKeyId: source.key.arn,
    KeyId: destination.arn,
    SourceEncryptionAlgorithm: source.algorithm,
    DestinationEncryptionAlgorithm: destinationAlgorithm,
    ...(source.materialId !== undefined ? { SourceKeyMaterialId: source.materialId } : {}),
    ...(sealed.materialId !== undefined ? { DestinationKeyMaterialId: sealed.materialId } : {}),
  };
}
