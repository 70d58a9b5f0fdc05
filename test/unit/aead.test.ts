// src/crypto/aead.ts: the Precondition/Postcondition sentences of the code name the tests
// (the AWS Encryption SDK's convention), plus a golden vector and every way a sealed blob
// can be tampered with.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cryptoErrorCodes, keyLength, open, seal, sealOverhead } from '../../src/crypto/aead.js';
import { InternalError } from '../../src/internal-error.js';

const hex = (text: string) => Buffer.from(text, 'hex');

// The GCM specification's test case 16 (McGrew & Viega, "The Galois/Counter Mode of
// Operation", AES-256 with AAD), laid out in our blob grammar: 0x01 | IV | tag | ciphertext.
const golden = {
  key: hex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308'),
  iv: hex('cafebabefacedbaddecaf888'),
  aad: hex('feedfacedeadbeeffeedfacedeadbeefabaddad2'),
  plaintext: hex('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39'),
  ciphertext: hex('522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662'),
  tag: hex('76fc6ece0f4e1768cddf8853bb2d551b'),
};
const goldenBlob = Buffer.concat([Buffer.from([1]), golden.iv, golden.tag, golden.ciphertext]);

function failsWith(code: string) {
  return (error: unknown) => error instanceof InternalError && error.code === code;
}

/** A copy of `blob` with one bit flipped at `index`. */
function flipped(blob: Buffer, index: number): Buffer {
  const copy = Buffer.from(blob);
  copy[index]! ^= 0x01;
  return copy;
}

describe('aead (AES-256-GCM)', () => {
  const key = Buffer.alloc(keyLength, 7);
  const aad = Buffer.from('stream-arn#shard-0#seq-1');
  const plaintext = Buffer.from('the plaintext of a record');

  it('opens the GCM specification test case 16 to its plaintext (golden vector)', () => {
    assert.deepEqual(open(golden.key, goldenBlob, golden.aad), golden.plaintext);
  });

  it('round-trips: what seal() sealed, open() returns, with the same key and AAD', () => {
    assert.deepEqual(open(key, seal(key, plaintext, aad), aad), plaintext);
    assert.deepEqual(open(key, seal(key, Buffer.alloc(0), aad), aad), Buffer.alloc(0));
  });

  it('seals the same plaintext differently each time (a fresh random IV per blob)', () => {
    const first = seal(key, plaintext, aad);
    const second = seal(key, plaintext, aad);
    assert.notDeepEqual(first.subarray(1, 13), second.subarray(1, 13));
    assert.notDeepEqual(first, second);
  });

  it('Postcondition: the blob is exactly version, IV, tag and ciphertext.', () => {
    const sealed = seal(key, plaintext, aad);
    assert.equal(sealOverhead, 1 + 12 + 16);
    assert.equal(sealed.length, sealOverhead + plaintext.length);
    assert.equal(sealed[0], 1);
    assert.ok(!sealed.includes(plaintext), 'the plaintext does not appear in the blob');
  });

  it('Precondition: the key is an AES-256 key. (seal refuses 16-, 31- and 33-byte keys)', () => {
    for (const length of [16, 31, 33]) {
      assert.throws(() => seal(Buffer.alloc(length), plaintext, aad), failsWith(cryptoErrorCodes.keyLength));
    }
  });

  it('Precondition: the key is an AES-256 key. (open refuses a key of the wrong length)', () => {
    const sealed = seal(key, plaintext, aad);
    assert.throws(() => open(key.subarray(0, 16), sealed, aad), failsWith(cryptoErrorCodes.keyLength));
    assert.throws(() => open(Buffer.alloc(0), sealed, aad), failsWith(cryptoErrorCodes.keyLength));
  });

  it('Precondition: a blob of our version with room for IV and tag.', () => {
    const sealed = seal(key, plaintext, aad);
    assert.throws(() => open(key, sealed.subarray(0, sealOverhead - 1), aad), failsWith(cryptoErrorCodes.integrity));
    assert.throws(() => open(key, Buffer.alloc(0), aad), failsWith(cryptoErrorCodes.integrity));
    const otherVersion = Buffer.from(sealed);
    otherVersion[0] = 2;
    assert.throws(() => open(key, otherVersion, aad), failsWith(cryptoErrorCodes.integrity));
  });

  it('fails with CRYPTO_INTEGRITY when any bit of the IV is flipped', () => {
    for (let index = 1; index < 13; index++) {
      assert.throws(() => open(golden.key, flipped(goldenBlob, index), golden.aad), failsWith(cryptoErrorCodes.integrity), `IV byte ${index}`);
    }
  });

  it('fails with CRYPTO_INTEGRITY when any bit of the tag is flipped', () => {
    for (let index = 13; index < sealOverhead; index++) {
      assert.throws(() => open(golden.key, flipped(goldenBlob, index), golden.aad), failsWith(cryptoErrorCodes.integrity), `tag byte ${index}`);
    }
  });

  it('fails with CRYPTO_INTEGRITY when the ciphertext is altered, cut or extended', () => {
    for (const index of [sealOverhead, sealOverhead + 17, goldenBlob.length - 1]) {
      assert.throws(() => open(golden.key, flipped(goldenBlob, index), golden.aad), failsWith(cryptoErrorCodes.integrity), `ciphertext byte ${index}`);
    }
    assert.throws(() => open(golden.key, goldenBlob.subarray(0, goldenBlob.length - 1), golden.aad), failsWith(cryptoErrorCodes.integrity));
    assert.throws(() => open(golden.key, Buffer.concat([goldenBlob, Buffer.from([0])]), golden.aad), failsWith(cryptoErrorCodes.integrity));
  });

  it('fails with CRYPTO_INTEGRITY when the AAD differs (changed, cut, extended or absent)', () => {
    assert.throws(() => open(golden.key, goldenBlob, flipped(golden.aad, 0)), failsWith(cryptoErrorCodes.integrity));
    assert.throws(() => open(golden.key, goldenBlob, golden.aad.subarray(1)), failsWith(cryptoErrorCodes.integrity));
    assert.throws(() => open(golden.key, goldenBlob, Buffer.concat([golden.aad, Buffer.from([0])])), failsWith(cryptoErrorCodes.integrity));
    assert.throws(() => open(golden.key, goldenBlob, Buffer.alloc(0)), failsWith(cryptoErrorCodes.integrity));
  });

  it('fails with CRYPTO_INTEGRITY under another key of the right length', () => {
    assert.throws(() => open(flipped(golden.key, 31), goldenBlob, golden.aad), failsWith(cryptoErrorCodes.integrity));
  });
});
