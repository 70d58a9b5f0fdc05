// Symmetric ciphertext blobs are self-describing, so Decrypt needs no KeyId
// (aws-wire.md §4.9). Grammar:
//   0x01 | key id (16 bytes, the UUID) | key-material id (32 bytes) | sealed (crypto/aead.ts)
// The AAD of the sealed part is the header (version, key id, material id) followed by the
// canonical encryption context, so a changed context, key or material fails to open.
import { uuidToBytes, bytesToUuid } from '../../uuid.js';

const version = 1;
export const headerLength = 1 + 16 + 32;

export interface CiphertextHeader {
  keyId: string;
  materialId: string;
}

export function encodeHeader(header: CiphertextHeader): Buffer {
  return Buffer.concat([Buffer.from([version]), uuidToBytes(header.keyId), Buffer.from(header.materialId, 'hex')]);
}

/** The header of a blob, or undefined when the bytes are not a blob of ours. */
export function decodeHeader(blob: Buffer): CiphertextHeader | undefined {
  if (blob.length <= headerLength || blob[0] !== version) return undefined;
  return { keyId: bytesToUuid(blob.subarray(1, 17)), materialId: blob.toString('hex', 17, headerLength) };
}

/** Keys sorted, UTF-8: two requests with the same context in another order bind the same AAD. */
export function canonicalContext(context: Record<string, string> | undefined): Buffer {
  const entries = Object.entries(context ?? {}).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  return Buffer.from(JSON.stringify(entries), 'utf8');
}

export function aadOf(header: Buffer, context: Record<string, string> | undefined): Buffer {
  return Buffer.concat([header, canonicalContext(context)]);
}
