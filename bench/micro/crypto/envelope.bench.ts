// The per-record cost of server-side encryption: derive, seal and open a 1 KiB record,
// beside the node:crypto calls alone that any record seal or open must make (DESIGN.md:
// an HKDF-SHA-256 key per record, then AES-256-GCM). The gap between the two is ours;
// the floor is the per-call cost of Node's HMAC and cipher bindings.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { deriveRecordKey, openRecord, sealRecord } from '../../../src/crypto/envelope.js';
import { measure, report } from '../measure.js';

export function run(): void {
  const material = randomBytes(32);
  const salt = randomBytes(16);
  const place = { streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/bench', shardIndex: 0, seq: 1 };
  const content = { partitionKey: 'partition-1', data: randomBytes(1024) };
  const sealed = sealRecord(material, place, content);
  // The floor: one HMAC for the key, one AES-256-GCM pass with AAD and tag, no framing.
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const aad = Buffer.from(`${place.streamArn}\n0\n1`);
  const keyInput = randomBytes(41);
  // What the timed open reads: the kilobyte sealed once, under `key`.
  const setup = createCipheriv('aes-256-gcm', key, iv).setAAD(aad);
  const ciphertext = setup.update(content.data);
  setup.final();
  const tag = setup.getAuthTag();
  const hmacFloor = () => createHmac('sha256', key).update(keyInput).digest();
  const sealFloor = () => {
    const cipher = createCipheriv('aes-256-gcm', hmacFloor(), iv).setAAD(aad);
    cipher.update(content.data);
    cipher.final();
    return cipher.getAuthTag();
  };
  const openFloor = () => {
    // The HMAC's cost is what counts here; the blob above was sealed under `key`, so that opens.
    hmacFloor();
    const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(aad).setAuthTag(tag);
    decipher.update(ciphertext);
    return decipher.final();
  };
  report('crypto: record envelope, 1 KiB', [
    measure('deriveRecordKey (HKDF-SHA-256 expand)', () => deriveRecordKey(material, salt), 50_000),
    measure('node:crypto floor: createHmac + digest', hmacFloor, 50_000),
    measure('sealRecord', () => sealRecord(material, place, content), 50_000),
    measure('node:crypto floor: HMAC + AES-256-GCM seal', sealFloor, 50_000),
    measure('openRecord', () => openRecord(material, place, sealed), 50_000),
    measure('node:crypto floor: HMAC + AES-256-GCM open', openFloor, 50_000),
  ]);
}
