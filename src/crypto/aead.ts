// AES-256-GCM, the one authenticated cipher every sealed thing in Sealstream uses.
// Sealed blob grammar: 0x01 | IV (12 bytes) | tag (16 bytes) | ciphertext.
// Checks are stated as Precondition/Postcondition and enforced with needs(), as the
// AWS Encryption SDK does.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { InternalError, needs } from '../internal-error.js';
import { takeRandom } from './random.js';

export const keyLength = 32;
const ivLength = 12;
const tagLength = 16;
const version = 1;
export const sealOverhead = 1 + ivLength + tagLength;
const versionByte = Buffer.from([version]);

export const cryptoErrorCodes = {
  integrity: 'CRYPTO_INTEGRITY',
  keyLength: 'CRYPTO_KEY_LENGTH',
  format: 'CRYPTO_FORMAT',
} as const;

export function seal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Buffer {
  return sealParts(key, [plaintext], aad, []);
}

/**
 * seal() for a plaintext given in parts, with bytes to put in front of the blob: one
 * allocation for the whole result instead of a copy per part (the per-record hot path).
 */
export function sealParts(key: Uint8Array, plaintext: Uint8Array[], aad: Uint8Array, prefix: Uint8Array[]): Buffer {
  // Precondition: the key is an AES-256 key.
  needs(key.length === keyLength, cryptoErrorCodes.keyLength, 'AES-256-GCM needs a 32-byte key');
  const iv = takeRandom(ivLength);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  // One update over the parts joined: each update() through Node's binding costs about as
  // much as encrypting a kilobyte (bench/micro/crypto), far more than copying the parts.
  const ciphertext = cipher.update(plaintext.length === 1 ? plaintext[0]! : Buffer.concat(plaintext));
  const final = cipher.final();
  const tag = cipher.getAuthTag();
  const sealed = Buffer.concat([...prefix, versionByte, iv, tag, ciphertext, final]);
  // Postcondition: the blob is exactly prefix, version, IV, tag and ciphertext.
  const expected = prefix.reduce((sum, part) => sum + part.length, 0) + sealOverhead + plaintext.reduce((sum, part) => sum + part.length, 0);
  needs(sealed.length === expected, cryptoErrorCodes.format, 'sealed blob has the wrong length');
  return sealed;
}

/** Throws InternalError CRYPTO_INTEGRITY when the blob was altered or the AAD differs. */
export function open(key: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Buffer {
  needs(key.length === keyLength, cryptoErrorCodes.keyLength, 'AES-256-GCM needs a 32-byte key');
  // Precondition: a blob of our version with room for IV and tag.
  if (sealed.length < sealOverhead || sealed[0] !== version) {
    throw new InternalError(cryptoErrorCodes.integrity, 'not a sealed blob of a known version');
  }
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(1, 1 + ivLength));
  decipher.setAAD(aad);
  decipher.setAuthTag(bytes.subarray(1 + ivLength, sealOverhead));
  try {
    const plaintext = decipher.update(bytes.subarray(sealOverhead));
    const rest = decipher.final();
    // GCM is a stream mode: final() checks the tag and gives no more bytes, so the plaintext
    // is not copied again into a joined buffer: about 0.5 µs less per 1 KiB record opened.
    return rest.length === 0 ? plaintext : Buffer.concat([plaintext, rest]);
  } catch (error) {
    throw new InternalError(cryptoErrorCodes.integrity, 'authentication failed', { cause: error });
  }
}
