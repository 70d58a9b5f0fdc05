// Asymmetric keys: RSA encryption with OAEP, RSA and ECDSA signatures, all with the key
// pair generated at CreateKey and the private key sealed under the root key.
import { constants, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, sign, verify } from 'node:crypto';
import { kmsErrors } from '../errors.js';
import type { KeyDoc, KeyStore } from './keys.js';

const oaepHash: Record<string, string> = { RSAES_OAEP_SHA_1: 'sha1', RSAES_OAEP_SHA_256: 'sha256' };

function publicKeyOf(key: KeyDoc) {
  return createPublicKey({ key: Buffer.from(key.asymmetric!.publicKey, 'base64'), format: 'der', type: 'spki' });
}

function checkAlgorithm(key: KeyDoc, algorithm: string, allowed: string[] | undefined, operation: string): void {
  if (!allowed?.includes(algorithm)) {
    throw kmsErrors.invalidKeyUsage(key.arn, key.keyUsage, `${operation} with ${algorithm}`);
  }
}

export function encryptAsymmetric(key: KeyDoc, algorithm: string, plaintext: Buffer): Buffer {
  checkAlgorithm(key, algorithm, Object.keys(oaepHash), 'Encrypt');
  const maxPlaintext = publicKeyOf(key).asymmetricKeyDetails!.modulusLength! / 8 - 2 * (algorithm === 'RSAES_OAEP_SHA_1' ? 20 : 32) - 2;
  if (plaintext.length > maxPlaintext) {
    throw kmsErrors.validation(`Plaintext of ${plaintext.length} bytes is too long for ${key.keySpec} with ${algorithm}; at most ${maxPlaintext} bytes.`);
  }
  return publicEncrypt({ key: publicKeyOf(key), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: oaepHash[algorithm]! }, plaintext);
}

export function decryptAsymmetric(store: KeyStore, key: KeyDoc, algorithm: string, ciphertext: Buffer): Buffer {
  checkAlgorithm(key, algorithm, Object.keys(oaepHash), 'Decrypt');
  const privateKey = createPrivateKey({ key: store.openPrivateKey(key), format: 'der', type: 'pkcs8' });
  try {
    return privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: oaepHash[algorithm]! }, ciphertext);
  } catch {
    throw kmsErrors.invalidCiphertext();
  }
}

interface SigningScheme {
  hash: string;
  padding?: number;
  curve?: string;
}

const signingSchemes: Record<string, SigningScheme> = {
  RSASSA_PSS_SHA_256: { hash: 'sha256', padding: constants.RSA_PKCS1_PSS_PADDING },
  RSASSA_PSS_SHA_384: { hash: 'sha384', padding: constants.RSA_PKCS1_PSS_PADDING },
  RSASSA_PSS_SHA_512: { hash: 'sha512', padding: constants.RSA_PKCS1_PSS_PADDING },
  RSASSA_PKCS1_V1_5_SHA_256: { hash: 'sha256', padding: constants.RSA_PKCS1_PADDING },
  RSASSA_PKCS1_V1_5_SHA_384: { hash: 'sha384', padding: constants.RSA_PKCS1_PADDING },
  RSASSA_PKCS1_V1_5_SHA_512: { hash: 'sha512', padding: constants.RSA_PKCS1_PADDING },
  ECDSA_SHA_256: { hash: 'sha256' },
  ECDSA_SHA_384: { hash: 'sha384' },
};

export function signingSchemeOf(key: KeyDoc, algorithm: string, allowed: string[] | undefined, operation: string): SigningScheme {
  checkAlgorithm(key, algorithm, allowed, operation);
  return signingSchemes[algorithm]!;
}

/**
 * Signs a message, or a digest when `isDigest` (MessageType DIGEST): the digest is then
 * signed as is, which node:crypto does with a null algorithm for RSA and ECDSA alike.
 */
export function signWith(store: KeyStore, key: KeyDoc, scheme: SigningScheme, message: Buffer, isDigest: boolean): Buffer {
  const privateKey = createPrivateKey({ key: store.openPrivateKey(key), format: 'der', type: 'pkcs8' });
  const options = { key: privateKey, ...(scheme.padding !== undefined ? { padding: scheme.padding, saltLength: 32 } : {}), dsaEncoding: 'der' as const };
  if (scheme.padding === constants.RSA_PKCS1_PSS_PADDING) options.saltLength = Number(scheme.hash.slice(3)) / 8;
  return isDigest ? signDigest(scheme, options, message) : sign(scheme.hash, message, options);
}

export function verifyWith(key: KeyDoc, scheme: SigningScheme, message: Buffer, signature: Buffer, isDigest: boolean): boolean {
  const options = { key: publicKeyOf(key), ...(scheme.padding !== undefined ? { padding: scheme.padding } : {}), dsaEncoding: 'der' as const } as Record<string, unknown>;
  if (scheme.padding === constants.RSA_PKCS1_PSS_PADDING) options.saltLength = Number(scheme.hash.slice(3)) / 8;
  try {
    if (isDigest) return verifyDigest(scheme, options, message, signature);
    return verify(scheme.hash, message, options as never, signature);
  } catch {
    return false;
  }
}

// A precomputed digest: ECDSA signs the digest bytes directly with a null algorithm;
// RSA needs the hash named so that PKCS#1 v1.5 and PSS encode it.
function signDigest(scheme: SigningScheme, options: Record<string, unknown>, digest: Buffer): Buffer {
  if (scheme.padding === undefined) return sign(null, digest, options as never);
  return sign(null, withDigestInfo(scheme, digest), options as never);
}

function verifyDigest(scheme: SigningScheme, options: Record<string, unknown>, digest: Buffer, signature: Buffer): boolean {
  if (scheme.padding === undefined) return verify(null, digest, options as never, signature);
  return verify(null, withDigestInfo(scheme, digest), options as never, signature);
}

function withDigestInfo(scheme: SigningScheme, digest: Buffer): Buffer {
  if (scheme.padding === constants.RSA_PKCS1_PSS_PADDING) {
    throw kmsErrors.unsupported('MessageType DIGEST with RSASSA_PSS is not supported by this server.');
  }
  // DER DigestInfo prefixes (RFC 8017 §9.2 note 1).
  const prefixes: Record<string, string> = {
    sha256: '3031300d060960864801650304020105000420',
    sha384: '3041300d060960864801650304020205000430',
    sha512: '3051300d060960864801650304020305000440',
  };
  return Buffer.concat([Buffer.from(prefixes[scheme.hash]!, 'hex'), digest]);
}

export function publicKeyDer(key: KeyDoc): Buffer {
  return Buffer.from(key.asymmetric!.publicKey, 'base64');
}
