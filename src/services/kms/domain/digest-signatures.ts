// Signatures over a digest the caller computed (Sign/Verify with MessageType DIGEST).
// node:crypto's sign() and verify() always hash their input (a null algorithm means the
// key's default digest, SHA-256), so a digest is signed here with the primitives below
// it. Every signature made here verifies with node's (OpenSSL's) verify() over the
// original message, and the other way round; the tests check both directions.
//
// RSA: EMSA-PKCS1-v1_5 (RFC 8017 §9.2) is PKCS#1 type-1 padding of DigestInfo || digest,
// which privateEncrypt applies; EMSA-PSS (RFC 8017 §9.1) is encoded here, with a salt as
// long as the hash as AWS uses, and goes through the raw RSA private operation.
// ECDSA (SEC 1 §4.1.3, §4.1.4): R = k·G comes from OpenSSL's ECDH code, which keeps the
// secret nonce's scalar multiplication out of our code; s = k⁻¹(e + r·d) is BigInt
// arithmetic, which is not constant-time. Only MessageType DIGEST takes this path; RAW
// messages are signed by OpenSSL alone.
import { constants, createECDH, createHash, privateEncrypt, publicDecrypt, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';

export type HashName = 'sha256' | 'sha384' | 'sha512';

// DER DigestInfo prefixes (RFC 8017 §9.2, note 1).
const digestInfoPrefixes: Record<HashName, Buffer> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};

const hashLengths: Record<HashName, number> = { sha256: 32, sha384: 48, sha512: 64 };

export function signPkcs1Digest(privateKey: KeyObject, hash: HashName, digest: Buffer): Buffer {
  return privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([digestInfoPrefixes[hash], digest]));
}

export function verifyPkcs1Digest(publicKey: KeyObject, hash: HashName, digest: Buffer, signature: Buffer): boolean {
  let recovered: Buffer;
  try {
    recovered = publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false;
  }
  const expected = Buffer.concat([digestInfoPrefixes[hash], digest]);
  return recovered.length === expected.length && timingSafeEqual(recovered, expected);
}

function mgf1(hash: HashName, seed: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0; blocks.length * hashLengths[hash] < length; counter++) {
    const counterBytes = Buffer.alloc(4);
    counterBytes.writeUInt32BE(counter);
    blocks.push(createHash(hash).update(seed).update(counterBytes).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

function pssHash(hash: HashName, digest: Buffer, salt: Buffer): Buffer {
  return createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest();
}

export function signPssDigest(privateKey: KeyObject, hash: HashName, digest: Buffer): Buffer {
  const modulusBits = privateKey.asymmetricKeyDetails!.modulusLength!;
  const modulusBytes = Math.ceil(modulusBits / 8);
  const encodedBits = modulusBits - 1;
  const encodedLength = Math.ceil(encodedBits / 8);
  const hashLength = hashLengths[hash];
  const salt = randomBytes(hashLength);
  const hashed = pssHash(hash, digest, salt);
  // DB = PS || 0x01 || salt, masked with MGF1(H).
  const block = Buffer.alloc(encodedLength - hashLength - 1);
  block[block.length - hashLength - 1] = 0x01;
  salt.copy(block, block.length - hashLength);
  const mask = mgf1(hash, hashed, block.length);
  for (let index = 0; index < block.length; index++) block[index]! ^= mask[index]!;
  block[0]! &= 0xff >> (8 * encodedLength - encodedBits);
  const encoded = Buffer.concat([Buffer.alloc(modulusBytes - encodedLength), block, hashed, Buffer.from([0xbc])]);
  return privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, encoded);
}

export function verifyPssDigest(publicKey: KeyObject, hash: HashName, digest: Buffer, signature: Buffer): boolean {
  const modulusBits = publicKey.asymmetricKeyDetails!.modulusLength!;
  const modulusBytes = Math.ceil(modulusBits / 8);
  const encodedBits = modulusBits - 1;
  const encodedLength = Math.ceil(encodedBits / 8);
  const hashLength = hashLengths[hash];
  if (signature.length !== modulusBytes) return false;
  let recovered: Buffer;
  try {
    recovered = publicDecrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, signature);
  } catch {
    return false;
  }
  if (recovered.subarray(0, modulusBytes - encodedLength).some((byte) => byte !== 0)) return false;
  const encoded = recovered.subarray(modulusBytes - encodedLength);
  if (encoded[encoded.length - 1] !== 0xbc) return false;
  const block = Buffer.from(encoded.subarray(0, encodedLength - hashLength - 1));
  const hashed = encoded.subarray(encodedLength - hashLength - 1, encodedLength - 1);
  const unusedBits = 8 * encodedLength - encodedBits;
  if ((block[0]! & ~(0xff >> unusedBits) & 0xff) !== 0) return false;
  const mask = mgf1(hash, hashed, block.length);
  for (let index = 0; index < block.length; index++) block[index]! ^= mask[index]!;
  block[0]! &= 0xff >> unusedBits;
  const separator = block.length - hashLength - 1;
  if (separator < 0 || block.subarray(0, separator).some((byte) => byte !== 0) || block[separator] !== 0x01) return false;
  return timingSafeEqual(pssHash(hash, digest, block.subarray(separator + 1)), hashed);
}

// ---- ECDSA

interface Curve {
  /** The name createECDH knows. */
  opensslName: string;
  /** Field prime, a = -3, b, base point, group order. */
  prime: bigint;
  b: bigint;
  generatorX: bigint;
  generatorY: bigint;
  order: bigint;
  byteLength: number;
}

// FIPS 186-4 §D.1.2.3 and §D.1.2.4.
export const curves: Record<'P-256' | 'P-384', Curve> = {
  'P-256': {
    opensslName: 'prime256v1',
    prime: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    generatorX: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
    generatorY: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
    order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    byteLength: 32,
  },
  'P-384': {
    opensslName: 'secp384r1',
    prime: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    generatorX: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
    generatorY: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
    order: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    byteLength: 48,
  },
};

const modulo = (value: bigint, modulus: bigint) => ((value % modulus) + modulus) % modulus;

function power(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let square = modulo(base, modulus);
  for (let rest = exponent; rest > 0n; rest >>= 1n) {
    if (rest & 1n) result = (result * square) % modulus;
    square = (square * square) % modulus;
  }
  return result;
}

/** Both moduli are prime, so the inverse is value^(modulus-2) (Fermat). */
const inverse = (value: bigint, modulus: bigint) => power(value, modulus - 2n, modulus);

/** Jacobian coordinates (X/Z², Y/Z³); Z = 0 is the point at infinity. */
interface Point {
  x: bigint;
  y: bigint;
  z: bigint;
}

// "dbl-2001-b" for a = -3 (Explicit-Formulas Database).
function double(point: Point, p: bigint): Point {
  if (point.z === 0n || point.y === 0n) return { x: 0n, y: 1n, z: 0n };
  const delta = (point.z * point.z) % p;
  const gamma = (point.y * point.y) % p;
  const beta = (point.x * gamma) % p;
  const alpha = modulo(3n * (point.x - delta) * (point.x + delta), p);
  const x = modulo(alpha * alpha - 8n * beta, p);
  const z = modulo((point.y + point.z) ** 2n - gamma - delta, p);
  const y = modulo(alpha * (4n * beta - x) - 8n * gamma * gamma, p);
  return { x, y, z };
}

// "add-2007-bl" (Explicit-Formulas Database).
function add(left: Point, right: Point, p: bigint): Point {
  if (left.z === 0n) return right;
  if (right.z === 0n) return left;
  const leftZ2 = (left.z * left.z) % p;
  const rightZ2 = (right.z * right.z) % p;
  const u1 = (left.x * rightZ2) % p;
  const u2 = (right.x * leftZ2) % p;
  const s1 = (left.y * right.z * rightZ2) % p;
  const s2 = (right.y * left.z * leftZ2) % p;
  const h = modulo(u2 - u1, p);
  const r = modulo(2n * (s2 - s1), p);
  if (h === 0n) return r === 0n ? double(left, p) : { x: 0n, y: 1n, z: 0n };
  const i = (4n * h * h) % p;
  const j = (h * i) % p;
  const v = (u1 * i) % p;
  const x = modulo(r * r - j - 2n * v, p);
  const y = modulo(r * (v - x) - 2n * s1 * j, p);
  const z = modulo(((left.z + right.z) ** 2n - leftZ2 - rightZ2) * h, p);
  return { x, y, z };
}

/** u1·G + u2·Q by Shamir's trick; only ever given public values (Verify). */
function twoScalarMultiply(curve: Curve, u1: bigint, u2: bigint, q: Point): Point {
  const g: Point = { x: curve.generatorX, y: curve.generatorY, z: 1n };
  const both = add(g, q, curve.prime);
  let result: Point = { x: 0n, y: 1n, z: 0n };
  const bits = Math.max(u1.toString(2).length, u2.toString(2).length);
  for (let bit = bits - 1; bit >= 0; bit--) {
    result = double(result, curve.prime);
    const first = (u1 >> BigInt(bit)) & 1n;
    const second = (u2 >> BigInt(bit)) & 1n;
    if (first && second) result = add(result, both, curve.prime);
    else if (first) result = add(result, g, curve.prime);
    else if (second) result = add(result, q, curve.prime);
  }
  return result;
}

const toBigInt = (bytes: Buffer) => (bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`));
const fromBase64Url = (text: string) => toBigInt(Buffer.from(text, 'base64url'));

/** The digest as an integer, cut to the order's bit length (SEC 1 §4.1.3 step 5). */
function digestInteger(curve: Curve, digest: Buffer): bigint {
  const orderBits = curve.order.toString(2).length;
  const value = toBigInt(digest);
  const excess = digest.length * 8 - orderBits;
  return excess > 0 ? value >> BigInt(excess) : value;
}

export function signEcdsaDigest(curve: Curve, privateKey: KeyObject, digest: Buffer): Buffer {
  const secret = fromBase64Url(privateKey.export({ format: 'jwk' }).d!);
  const e = digestInteger(curve, digest);
  for (;;) {
    // A fresh random nonce in [1, n-1] (SEC 1 §4.1.3 step 1), by rejection sampling.
    const nonceBytes = randomBytes(curve.byteLength);
    const nonce = toBigInt(nonceBytes);
    if (nonce === 0n || nonce >= curve.order) continue;
    const ecdh = createECDH(curve.opensslName);
    ecdh.setPrivateKey(nonceBytes);
    const r = toBigInt(ecdh.getPublicKey().subarray(1, 1 + curve.byteLength)) % curve.order;
    if (r === 0n) continue;
    const s = (inverse(nonce, curve.order) * modulo(e + r * secret, curve.order)) % curve.order;
    if (s === 0n) continue;
    return encodeDerSignature(r, s);
  }
}

export function verifyEcdsaDigest(curve: Curve, publicKey: KeyObject, digest: Buffer, signature: Buffer): boolean {
  const decoded = decodeDerSignature(signature);
  if (!decoded) return false;
  const { r, s } = decoded;
  if (r <= 0n || r >= curve.order || s <= 0n || s >= curve.order) return false;
  const jwk = publicKey.export({ format: 'jwk' });
  const q: Point = { x: fromBase64Url(jwk.x!), y: fromBase64Url(jwk.y!), z: 1n };
  const w = inverse(s, curve.order);
  const u1 = (digestInteger(curve, digest) * w) % curve.order;
  const u2 = (r * w) % curve.order;
  const point = twoScalarMultiply(curve, u1, u2, q);
  if (point.z === 0n) return false;
  const zInverse = inverse(point.z, curve.prime);
  const x = (point.x * zInverse * zInverse) % curve.prime;
  return x % curve.order === r;
}

// ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 §2.2.3), DER.
function encodeInteger(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02]), encodeLength(bytes.length), bytes]);
}

function encodeLength(length: number): Buffer {
  return length < 0x80 ? Buffer.from([length]) : Buffer.from([0x81, length]);
}

function encodeDerSignature(r: bigint, s: bigint): Buffer {
  const body = Buffer.concat([encodeInteger(r), encodeInteger(s)]);
  return Buffer.concat([Buffer.from([0x30]), encodeLength(body.length), body]);
}

/** Strict DER only: anything else is not a signature of ours and fails to verify. */
function decodeDerSignature(signature: Buffer): { r: bigint; s: bigint } | undefined {
  let offset = 0;
  const readLength = (): number | undefined => {
    const first = signature[offset++];
    if (first === undefined) return undefined;
    if (first < 0x80) return first;
    if (first !== 0x81) return undefined;
    const length = signature[offset++];
    return length !== undefined && length >= 0x80 ? length : undefined;
  };
  const readInteger = (): bigint | undefined => {
    if (signature[offset++] !== 0x02) return undefined;
    const length = readLength();
    if (length === undefined || length === 0 || offset + length > signature.length) return undefined;
    const bytes = signature.subarray(offset, offset + length);
    offset += length;
    if (bytes[0]! & 0x80) return undefined;
    if (bytes.length > 1 && bytes[0] === 0 && !(bytes[1]! & 0x80)) return undefined;
    return toBigInt(bytes);
  };
  if (signature[offset++] !== 0x30) return undefined;
  const length = readLength();
  if (length === undefined || offset + length !== signature.length) return undefined;
  const r = readInteger();
  const s = readInteger();
  if (r === undefined || s === undefined || offset !== signature.length) return undefined;
  return { r, s };
}
