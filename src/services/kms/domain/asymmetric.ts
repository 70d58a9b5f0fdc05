// Asymmetric keys: RSA encryption with OAEP, RSA and ECDSA signatures, all with the key
// pair generated at CreateKey and the private key sealed under the root key. What AWS
// produces is standard (RFC 8017, SEC 1), so OpenSSL verifies its signatures and decrypts
// for it with the public key from GetPublicKey; this module keeps that true.
import { constants, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, sign, verify, type KeyObject } from 'node:crypto';
import { kmsErrors } from '../errors.js';
import { curves, signEcdsaDigest, signPkcs1Digest, signPssDigest, verifyEcdsaDigest, verifyPkcs1Digest, verifyPssDigest, type HashName } from './digest-signatures.js';
import type { KeyDoc, KeyStore } from './keys.js';

const oaepHash: Record<string, { hash: string; length: number }> = {
  RSAES_OAEP_SHA_1: { hash: 'sha1', length: 20 },
  RSAES_OAEP_SHA_256: { hash: 'sha256', length: 32 },
};

function publicKeyOf(key: KeyDoc): KeyObject {
  return createPublicKey({ key: publicKeyDer(key), format: 'der', type: 'spki' });
}

function privateKeyOf(store: KeyStore, key: KeyDoc): KeyObject {
  return createPrivateKey({ key: store.openPrivateKey(key), format: 'der', type: 'pkcs8' });
}

/** The algorithm must be one the key's spec offers: AWS's InvalidKeyUsageException otherwise. */
function checkAlgorithm(key: KeyDoc, algorithm: string, allowed: readonly string[] | undefined): void {
  if (!allowed?.includes(algorithm)) throw kmsErrors.incompatibleAlgorithm(algorithm, key.keySpec);
}

export function encryptAsymmetric(key: KeyDoc, algorithm: string, plaintext: Buffer): Buffer {
  checkAlgorithm(key, algorithm, Object.keys(oaepHash));
  const { hash, length } = oaepHash[algorithm]!;
  const publicKey = publicKeyOf(key);
  // RFC 8017 §7.1.1: at most k - 2hLen - 2 bytes. AWS's wording, from LocalStack's
  // validated snapshot test_encrypt_validate_plaintext_size_per_key_type.
  const maxPlaintext = publicKey.asymmetricKeyDetails!.modulusLength! / 8 - 2 * length - 2;
  if (plaintext.length > maxPlaintext) {
    throw kmsErrors.validation(`Algorithm ${algorithm} and key spec ${key.keySpec} cannot encrypt data larger than ${maxPlaintext} bytes.`);
  }
  return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, plaintext);
}

export function decryptAsymmetric(store: KeyStore, key: KeyDoc, algorithm: string, ciphertext: Buffer): Buffer {
  checkAlgorithm(key, algorithm, Object.keys(oaepHash));
  try {
    // oaepHash sets MGF1's hash too, as AWS's RSAES_OAEP_SHA_* do.
    return privateDecrypt({ key: privateKeyOf(store, key), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: oaepHash[algorithm]!.hash }, ciphertext);
  } catch {
    throw kmsErrors.invalidCiphertext();
  }
}

export interface SigningScheme {
  algorithm: string;
  hash: HashName;
  /** Bytes of a digest, what MessageType DIGEST must send. */
  digestLength: number;
  kind: 'pss' | 'pkcs1' | 'ecdsa';
}

const signingSchemes: Record<string, Omit<SigningScheme, 'algorithm'>> = {
  RSASSA_PSS_SHA_256: { hash: 'sha256', digestLength: 32, kind: 'pss' },
  RSASSA_PSS_SHA_384: { hash: 'sha384', digestLength: 48, kind: 'pss' },
  RSASSA_PSS_SHA_512: { hash: 'sha512', digestLength: 64, kind: 'pss' },
  RSASSA_PKCS1_V1_5_SHA_256: { hash: 'sha256', digestLength: 32, kind: 'pkcs1' },
  RSASSA_PKCS1_V1_5_SHA_384: { hash: 'sha384', digestLength: 48, kind: 'pkcs1' },
  RSASSA_PKCS1_V1_5_SHA_512: { hash: 'sha512', digestLength: 64, kind: 'pkcs1' },
  ECDSA_SHA_256: { hash: 'sha256', digestLength: 32, kind: 'ecdsa' },
  ECDSA_SHA_384: { hash: 'sha384', digestLength: 48, kind: 'ecdsa' },
};

/** The scheme of a signing algorithm the key offers (`allowed`, from KeyMetadata's SigningAlgorithms). */
export function signingSchemeOf(key: KeyDoc, algorithm: string, allowed: readonly string[] | undefined): SigningScheme {
  checkAlgorithm(key, algorithm, allowed);
  const scheme = signingSchemes[algorithm];
  if (!scheme) throw kmsErrors.incompatibleAlgorithm(algorithm, key.keySpec);
  return { algorithm, ...scheme };
}

// AWS signs RSASSA-PSS with MGF1 over the same hash and a salt as long as the hash
// (LocalStack's validated test_verify_salt_length checks PSS.DIGEST_LENGTH).
function rsaOptions(scheme: SigningScheme): { padding: number; saltLength?: number } {
  return scheme.kind === 'pss' ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: scheme.digestLength } : { padding: constants.RSA_PKCS1_PADDING };
}

function curveOf(key: KeyDoc) {
  return key.keySpec === 'ECC_NIST_P384' ? curves['P-384'] : curves['P-256'];
}

/** Signs a message, or with `isDigest` (MessageType DIGEST) a digest the caller computed. */
export function signWith(store: KeyStore, key: KeyDoc, scheme: SigningScheme, message: Buffer, isDigest: boolean): Buffer {
  const privateKey = privateKeyOf(store, key);
  if (!isDigest) {
    const options = scheme.kind === 'ecdsa' ? { dsaEncoding: 'der' as const } : rsaOptions(scheme);
    return sign(scheme.hash, message, { key: privateKey, ...options });
  }
  if (scheme.kind === 'pkcs1') return signPkcs1Digest(privateKey, scheme.hash, message);
  if (scheme.kind === 'pss') return signPssDigest(privateKey, scheme.hash, message);
  return signEcdsaDigest(curveOf(key), privateKey, message);
}

/** False when the signature does not verify, whatever is wrong with it. */
export function verifyWith(key: KeyDoc, scheme: SigningScheme, message: Buffer, signature: Buffer, isDigest: boolean): boolean {
  const publicKey = publicKeyOf(key);
  try {
    if (!isDigest) {
      const options = scheme.kind === 'ecdsa' ? { dsaEncoding: 'der' as const } : rsaOptions(scheme);
      return verify(scheme.hash, message, { key: publicKey, ...options }, signature);
    }
    if (scheme.kind === 'pkcs1') return verifyPkcs1Digest(publicKey, scheme.hash, message, signature);
    if (scheme.kind === 'pss') return verifyPssDigest(publicKey, scheme.hash, message, signature);
    return verifyEcdsaDigest(curveOf(key), publicKey, message, signature);
  } catch {
    return false;
  }
}

/** SubjectPublicKeyInfo DER, what GetPublicKey returns. */
export function publicKeyDer(key: KeyDoc): Buffer {
  if (!key.asymmetric) throw kmsErrors.unsupported(`${key.arn} key spec is ${key.keySpec}, which has no public key.`);
  return Buffer.from(key.asymmetric.publicKey, 'base64');
}
