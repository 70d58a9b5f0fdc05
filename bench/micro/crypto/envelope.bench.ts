// The per-record cost of server-side encryption: derive, seal and open a 1 KiB record.
import { randomBytes } from 'node:crypto';
import { deriveRecordKey, openRecord, sealRecord } from '../../../src/crypto/envelope.js';
import { measure, report } from '../measure.js';

export function run(): void {
  const material = randomBytes(32);
  const salt = randomBytes(16);
  const place = { streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/bench', shardIndex: 0, seq: 1 };
  const content = { partitionKey: 'partition-1', data: randomBytes(1024) };
  const sealed = sealRecord(material, place, content);
  report('crypto: record envelope, 1 KiB', [
    measure('deriveRecordKey (HKDF-SHA-256 expand)', () => deriveRecordKey(material, salt), 50_000),
    measure('sealRecord', () => sealRecord(material, place, content), 50_000),
    measure('openRecord', () => openRecord(material, place, sealed), 50_000),
  ]);
}
