// Symmetric encryption under a KMS key: AES-256-GCM with the key's current material,
// the blob naming key and material (ciphertext.ts), the encryption context bound as AAD.
import { open, seal } from '../../../crypto/aead.js';
import { InternalError } from '../../../internal-error.js';
import type { Caller } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { ensureUsable, resolveKey, type Kms } from '../kms.js';
import { aadOf, decodeHeader, encodeHeader, headerLength } from './ciphertext.js';
import { keyArn, type KeyDoc } from './keys.js';

export function encryptUnder(kms: Kms, key: KeyDoc, plaintext: Buffer, context: Record<string, string> | undefined): { blob: Buffer; materialId: string } {
  const material = key.materials[key.materials.length - 1];
  if (!material) throw new InternalError('KMS_NO_MATERIAL', `${key.arn} has no key material`);
  const header = encodeHeader({ keyId: key.keyId, materialId: material.id });
  const sealed = seal(kms.keys.openMaterial(key, material), plaintext, aadOf(header, context));
  return { blob: Buffer.concat([header, sealed]), materialId: material.id };
}

export interface Decrypted {
  key: KeyDoc;
  plaintext: Buffer;
  materialId: string;
}

/**
 * Opens a blob of ours. The key comes from the blob; a KeyId, when given, must name the
 * same key (IncorrectKeyException). Anything that does not open, including a changed
 * encryption context, is InvalidCiphertextException without a message (aws-wire.md §4.9).
 */
export async function decryptBlob(kms: Kms, caller: Caller, blob: Buffer, context: Record<string, string> | undefined, keyIdHint?: string): Promise<Decrypted> {
  const header = decodeHeader(blob);
  if (!header) throw kmsErrors.invalidCiphertext();
  const key = await kms.keys.find(caller, header.keyId);
  // The blob names a key of this account and region that no longer exists (deleted when its
  // deletion window ended): say so, as for any other use of a deleted key.
  if (!key) throw kmsErrors.keyNotFound(keyArn(caller, header.keyId));
  if (keyIdHint !== undefined) {
    const named = await resolveKey(kms, caller, keyIdHint);
    if (named.keyId !== key.keyId) throw kmsErrors.incorrectKey();
  }
  ensureUsable(key);
  const material = key.materials.find((candidate) => candidate.id === header.materialId);
  if (!material) throw kmsErrors.invalidCiphertext();
  // Outside the try: material that does not open under the root key is a fault of this
  // server (KMSInternalException), not a bad ciphertext of the client's.
  const materialPlaintext = kms.keys.openMaterial(key, material);
  try {
    const plaintext = open(materialPlaintext, blob.subarray(headerLength), aadOf(blob.subarray(0, headerLength), context));
    return { key, plaintext, materialId: material.id };
  } catch (error) {
    if (error instanceof InternalError) throw kmsErrors.invalidCiphertext();
    throw error;
  }
}
