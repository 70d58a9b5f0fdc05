// Envelope encryption of stream records (DESIGN.md, "Envelope encryption of a stream"):
// key material from KMS GenerateDataKey is never used directly; each record gets its own
// data key, derived with HKDF-SHA-256 from the material and a random per-record salt,
// and is sealed with AES-256-GCM. The authenticated data names the stream, the shard and
// the sequence number, so a record copied to another place does not open.
//
// HKDF is used as RFC 5869 §3.1–3.3 intends for many keys from one secret: Extract once
// per key-material generation (a fixed, labelled salt), then Expand once per record with
// the record's random salt in the info. One HMAC per record instead of two.
//
// Sealed record grammar: salt (16 bytes) | sealed blob (aead.ts) of
//   partition-key length u16 BE | partition key UTF-8 | data
import { createHmac } from 'node:crypto';
import { InternalError, needs } from '../internal-error.js';
import { cryptoErrorCodes, keyLength, open, sealOverhead, sealParts } from './aead.js';
import { takeRandom } from './random.js';

export const saltLength = 16;
const info = Buffer.from('sealstream record key v2', 'utf8');
/** HKDF-Extract's salt: fixed, as RFC 5869 §3.1 allows; the per-record randomness goes into Expand. */
export const recordKeyExtractSalt = Buffer.from('sealstream record key material', 'utf8');

export interface RecordPlace {
  streamArn: string;
  shardIndex: number;
  /** The record's counter within its shard. */
  seq: number;
}

export interface RecordContent {
  partitionKey: string;
  data: Buffer;
}

const one = Buffer.from([1]);
const pseudorandomKeys = new WeakMap<Uint8Array, Buffer>();

/**
 * HKDF-SHA-256 (RFC 5869) for one 32-byte record key: PRK = HMAC(extract salt, material),
 * computed once per material object and kept with it; then Expand's single block
 * T(1) = HMAC(PRK, info | record salt | 0x01). test/unit/envelope.test.ts checks this equals
 * node:crypto's hkdfSync('sha256', material, extract salt, info | record salt, 32).
 */
export function deriveRecordKey(material: Uint8Array, salt: Uint8Array): Buffer {
  // Precondition: the material is a 256-bit data key.
  needs(material.length === keyLength, cryptoErrorCodes.keyLength, 'key material must be 32 bytes');
  let pseudorandomKey = pseudorandomKeys.get(material);
  if (!pseudorandomKey) {
    pseudorandomKey = createHmac('sha256', recordKeyExtractSalt).update(material).digest();
    pseudorandomKeys.set(material, pseudorandomKey);
  }
  return createHmac('sha256', pseudorandomKey).update(info).update(salt).update(one).digest();
}

export const recordKeyInfo = info;

function aadOf(place: RecordPlace): Buffer {
  return Buffer.from(`${place.streamArn}\n${place.shardIndex}\n${place.seq}`, 'utf8');
}

/** The sealed record, after `prefix` (bytes the caller's format puts first), in one allocation. */
export function sealRecord(material: Uint8Array, place: RecordPlace, content: RecordContent, prefix?: Uint8Array): Buffer {
  const salt = takeRandom(saltLength);
  const key = Buffer.from(content.partitionKey, 'utf8');
  const header = Buffer.allocUnsafe(2 + key.length);
  header.writeUInt16BE(key.length, 0);
  key.copy(header, 2);
  const prefixLength = prefix?.length ?? 0;
  const sealed = sealParts(deriveRecordKey(material, salt), [header, content.data], aadOf(place), prefix ? [prefix, salt] : [salt]);
  // Postcondition: nothing of the partition key or data is left in clear beside the ciphertext.
  needs(sealed.length === prefixLength + saltLength + sealOverhead + header.length + content.data.length, cryptoErrorCodes.format, 'sealed record has the wrong length');
  return sealed;
}

/** Throws InternalError CRYPTO_INTEGRITY when the record was altered, moved, or sealed under other material. */
export function openRecord(material: Uint8Array, place: RecordPlace, sealed: Uint8Array): RecordContent {
  if (sealed.length < saltLength + sealOverhead + 2) throw new InternalError(cryptoErrorCodes.integrity, 'sealed record is too short');
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const salt = bytes.subarray(0, saltLength);
  const plaintext = open(deriveRecordKey(material, salt), bytes.subarray(saltLength), aadOf(place));
  const keyLengthBytes = plaintext.readUInt16BE(0);
  return { partitionKey: plaintext.toString('utf8', 2, 2 + keyLengthBytes), data: plaintext.subarray(2 + keyLengthBytes) };
}

/** A record of a batch to seal, and its place within the batch's stream. */
export interface SealItem {
  shardIndex: number;
  seq: number;
  content: RecordContent;
}

/** A sealed record of a batch, its place within the batch's stream, and which of the batch's materials sealed it. */
export interface OpenItem {
  shardIndex: number;
  seq: number;
  /** Index into the batch's materials. */
  material: number;
  sealed: Uint8Array;
}

/** Thrown when one record of a batch does not open; `index` says which (its cause is openRecord's CRYPTO_INTEGRITY). */
export class RecordOpenError extends InternalError {
  constructor(
    readonly index: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(cryptoErrorCodes.integrity, message, options);
  }
}

/** sealRecord for every record of a batch of one stream, in order. */
export function sealRecords(material: Uint8Array, prefix: Uint8Array, streamArn: string, items: SealItem[]): Buffer[] {
  return items.map((item) => sealRecord(material, { streamArn, shardIndex: item.shardIndex, seq: item.seq }, item.content, prefix));
}

/** openRecord for every record of a batch of one stream, in order; RecordOpenError names the first that does not open, counted from `offset`. */
export function openRecords(materials: Uint8Array[], streamArn: string, items: OpenItem[], offset = 0): RecordContent[] {
  return items.map((item, index) => {
    try {
      return openRecord(materials[item.material]!, { streamArn, shardIndex: item.shardIndex, seq: item.seq }, item.sealed);
    } catch (error) {
      throw new RecordOpenError(offset + index, `record ${offset + index} of the batch does not open`, { cause: error });
    }
  });
}
