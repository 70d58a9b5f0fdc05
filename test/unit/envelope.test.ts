// The envelope code on its own: a record opens only with the material that sealed it, at
// the place (stream, shard, sequence number) it was sealed for, and unaltered.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { openRecord, sealRecord, saltLength, type RecordPlace } from '../../src/crypto/envelope.js';

const material = randomBytes(32);
const place: RecordPlace = { streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/orders', shardIndex: 3, seq: 42 };
const content = { partitionKey: 'customer-ü-1', data: Buffer.from('payload-marker-0123456789') };

function integrityFailure(error: unknown): boolean {
  return (error as { code?: string }).code === 'CRYPTO_INTEGRITY';
}

describe('record envelope', () => {
  it('round trip: the record opens to its partition key and data', () => {
    const sealed = sealRecord(material, place, content);
    const opened = openRecord(material, place, sealed);
    assert.equal(opened.partitionKey, content.partitionKey);
    assert.deepEqual(opened.data, content.data);
  });

  it('round trip holds for empty data', () => {
    const sealed = sealRecord(material, place, { partitionKey: 'k', data: Buffer.alloc(0) });
    assert.equal(openRecord(material, place, sealed).data.length, 0);
  });

  it('nothing of the partition key or data appears in the sealed bytes', () => {
    const sealed = sealRecord(material, place, content);
    assert.equal(sealed.indexOf(content.data), -1);
    assert.equal(sealed.indexOf(Buffer.from(content.partitionKey)), -1);
  });

  it('each record gets its own salt, so equal records seal differently', () => {
    const first = sealRecord(material, place, content);
    const second = sealRecord(material, place, content);
    assert.notDeepEqual(first.subarray(0, saltLength), second.subarray(0, saltLength));
    assert.notDeepEqual(first, second);
  });

  it('a flipped bit anywhere fails to open', () => {
    const sealed = sealRecord(material, place, content);
    for (const index of [0, saltLength, saltLength + 5, sealed.length - 1]) {
      const altered = Buffer.from(sealed);
      altered[index]! ^= 0x01;
      assert.throws(() => openRecord(material, place, altered), integrityFailure, `bit at byte ${index}`);
    }
  });

  it('a record moved to another shard, sequence number or stream fails to open', () => {
    const sealed = sealRecord(material, place, content);
    assert.throws(() => openRecord(material, { ...place, shardIndex: 4 }, sealed), integrityFailure);
    assert.throws(() => openRecord(material, { ...place, seq: 43 }, sealed), integrityFailure);
    assert.throws(() => openRecord(material, { ...place, streamArn: place.streamArn + 'x' }, sealed), integrityFailure);
  });

  it('a wrong key fails to open', () => {
    const sealed = sealRecord(material, place, content);
    assert.throws(() => openRecord(randomBytes(32), place, sealed), integrityFailure);
  });

  it('Precondition: key material must be 32 bytes', () => {
    assert.throws(() => sealRecord(randomBytes(16), place, content), (error: unknown) => (error as { code?: string }).code === 'CRYPTO_KEY_LENGTH');
  });

  it('puts a caller prefix before the sealed record, and the rest opens as before', () => {
    const prefix = Buffer.from([2, 9, 9, 9]);
    const sealed = sealRecord(material, place, content, prefix);
    assert.deepEqual(sealed.subarray(0, 4), prefix);
    assert.deepEqual(openRecord(material, place, sealed.subarray(4)).data, content.data);
  });

  it('a truncated record fails to open', () => {
    const sealed = sealRecord(material, place, content);
    assert.throws(() => openRecord(material, place, sealed.subarray(0, 20)), integrityFailure);
  });
});

describe('record key derivation', () => {
  it('is HKDF-SHA-256 exactly: it agrees with node:crypto hkdfSync', async () => {
    const { hkdfSync } = await import('node:crypto');
    const { deriveRecordKey, recordKeyInfo, recordKeyExtractSalt } = await import('../../src/crypto/envelope.js');
    for (let round = 0; round < 20; round++) {
      const key = randomBytes(32);
      const salt = randomBytes(16);
      const expected = Buffer.from(hkdfSync('sha256', key, recordKeyExtractSalt, Buffer.concat([recordKeyInfo, salt]), 32));
      assert.deepEqual(deriveRecordKey(key, salt), expected);
      assert.deepEqual(deriveRecordKey(key, salt), expected, 'and again, with the extracted key kept');
    }
  });

  it('gives every salt its own key', async () => {
    const { deriveRecordKey } = await import('../../src/crypto/envelope.js');
    const key = randomBytes(32);
    assert.notDeepEqual(deriveRecordKey(key, randomBytes(16)), deriveRecordKey(key, randomBytes(16)));
  });
});
