// Envelope encryption of stream records (DESIGN.md, "Envelope encryption of a stream"):
// key material from KMS GenerateDataKey is never used directly; each record gets its own
// data key, derived with HKDF-SHA-256 from the material and a random per-record salt,
// and is sealed with AES-256-GCM. The authenticated data names the stream, the shard and
// the sequence number, so a record copied to another place does not open.
//
// Sealed record grammar: salt (16 bytes) | sealed blob (aead.ts) of
//   partition-key length u16 BE | partition key UTF-8 | data
import { createHmac } from 'node:crypto';
import { InternalError, needs } from '../internal-error.js';
import { cryptoErrorCodes, keyLength, open, seal, sealOverhead } from './aead.js';
import { takeRandom } from './random.js';

export const saltLength = 16;
const info = Buffer.from('sealstream kinesis record v1', 'utf8');

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

const firstBlock = Buffer.concat([info, Buffer.from([1])]);

/**
 * HKDF-SHA-256 (RFC 5869) of the material with the record's salt, for one 32-byte key:
 * Extract, PRK = HMAC(salt, material), then Expand's single block T(1) = HMAC(PRK, info | 0x01).
 * Two HMACs, as node:crypto's hkdfSync computes them, at a third of its per-call cost
 * (test/unit/envelope.test.ts checks both agree).
 */
export function deriveRecordKey(material: Uint8Array, salt: Uint8Array): Buffer {
  // Precondition: the material is a 256-bit data key.
  needs(material.length === keyLength, cryptoErrorCodes.keyLength, 'key material must be 32 bytes');
  const pseudorandomKey = createHmac('sha256', salt).update(material).digest();
  return createHmac('sha256', pseudorandomKey).update(firstBlock).digest();
}

export const recordKeyInfo = info;

function aadOf(place: RecordPlace): Buffer {
  return Buffer.from(`${place.streamArn}\n${place.shardIndex}\n${place.seq}`, 'utf8');
}

export function sealRecord(material: Uint8Array, place: RecordPlace, content: RecordContent): Buffer {
  const salt = takeRandom(saltLength);
  const key = Buffer.from(content.partitionKey, 'utf8');
  const plaintext = Buffer.allocUnsafe(2 + key.length + content.data.length);
  plaintext.writeUInt16BE(key.length, 0);
  key.copy(plaintext, 2);
  content.data.copy(plaintext, 2 + key.length);
  const sealed = Buffer.concat([salt, seal(deriveRecordKey(material, salt), plaintext, aadOf(place))]);
  // Postcondition: nothing of the partition key or data is left in clear beside the ciphertext.
  needs(sealed.length === saltLength + sealOverhead + plaintext.length, cryptoErrorCodes.format, 'sealed record has the wrong length');
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
