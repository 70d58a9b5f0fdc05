// The shape engine against the Kinesis model: decoding, AWS-worded validation, encoding.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../src/protocol/model.js';
import { CborTimestamp, ShapeEngine, decodeBase64Strict } from '../../src/protocol/shapes.js';
import type { AwsError } from '../../src/services/errors.js';

const shapes = new ShapeEngine(loadModel('kinesis'));

describe('shape engine', () => {
  it('decodes blobs from strict base64 and timestamps from epoch seconds', () => {
    const decoded = shapes.decode('GetShardIteratorInput', { StreamName: 's', ShardId: '0', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: 1572297168.48 }, 'json') as { Timestamp: Date };
    assert.equal(decoded.Timestamp.getTime(), 1572297168480);
    const record = shapes.decode('PutRecordInput', { Data: 'AAEC', PartitionKey: 'k' }, 'json') as { Data: Buffer };
    assert.deepEqual([...record.Data], [0, 1, 2]);
  });

  it('refuses base64 with bad length, bad characters or a non-canonical last character', () => {
    assert.throws(() => decodeBase64Strict('abc'), /multiple of 4 bytes but found: 3/);
    assert.throws(() => decodeBase64Strict('a=bc'), /Invalid Base64 character: '='/);
    assert.throws(() => decodeBase64Strict('ab-c'), /Invalid Base64 character: '-'/);
    assert.throws(() => decodeBase64Strict('AB=='), /Invalid last non-pad Base64 character/);
    assert.deepEqual([...decodeBase64Strict('AA==')], [0]);
  });

  it('refuses what Node decodes but AWS does not, each with its AWS text', () => {
    const refused: Array<[string, string]> = [
      ['QUJDQQ==QUJD', "Invalid Base64 character: '='"],
      ['QU=D', "Invalid Base64 character: '='"],
      ['QU D', "Invalid Base64 character: ' '"],
      ['QUJD\nQUJD', 'Base64 encoded length is expected a multiple of 4 bytes but found: 9'],
      ['QUJ\tQUJD', "Invalid Base64 character: '\t'"],
      ['QUJ-', "Invalid Base64 character: '-'"],
      ['QUJ_', "Invalid Base64 character: '_'"],
      ['QR==', 'Invalid last non-pad Base64 character dectected'],
      ['QUJ=', 'Invalid last non-pad Base64 character dectected'],
      ['QQ', 'Base64 encoded length is expected a multiple of 4 bytes but found: 2'],
      ['QQ=', 'Base64 encoded length is expected a multiple of 4 bytes but found: 3'],
      ['Q===', 'Invalid last non-pad Base64 character dectected'],
      // Node 20 reads a code unit past U+00FF by its low byte: these three decode to 'QUJD''s bytes.
      ['Q\u0155JD', "Invalid Base64 character: '\u0155'"],
      ['QU\u0142D', "Invalid Base64 character: '\u0142'"],
      ['QUJ\u0144', "Invalid Base64 character: '\u0144'"],
      ['QUJ\u00c4', "Invalid Base64 character: '\u00c4'"],
      ['QUJ\u{1F600}', 'Base64 encoded length is expected a multiple of 4 bytes but found: 5'],
    ];
    for (const [text, reason] of refused) {
      assert.throws(
        () => decodeBase64Strict(text),
        (error: AwsError) => error.code === 'SerializationException' && error.message === `'${text}' can not be converted to a Blob: ${reason}`,
        JSON.stringify(text),
      );
    }
    assert.equal(decodeBase64Strict('').length, 0);
    assert.equal(decodeBase64Strict('QUJD').toString(), 'ABC');
  });

  it('takes exactly the canonical padded base64 strings, as re-encoding would tell', () => {
    const isCanonical = (text: string) => Buffer.from(text, 'base64').toString('base64') === text;
    const accepts = (text: string) => {
      try {
        const bytes = decodeBase64Strict(text);
        assert.deepEqual(bytes, Buffer.from(text, 'base64'), JSON.stringify(text));
        return true;
      } catch {
        return false;
      }
    };
    const tricky = ['A', 'Q', 'R', 'g', 'w', '/', '+', '=', '-', '_', ' ', '\n', '*', '.', '\u00c4', '\u0141', '\u0100', '\ud83d'];
    const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const cases: string[] = [];
    // Every four-character string over the tricky characters, and every last quantum with padding.
    for (const a of tricky) for (const b of tricky) for (const c of tricky) for (const d of tricky) cases.push(a + b + c + d);
    for (const a of digits) for (const b of digits) cases.push(`QUJD${a}${b}==`);
    for (const b of digits) for (const c of digits) cases.push(`QUJDQ${b}${c}=`);
    // Canonical encodings of random bytes, and each with one character replaced, inserted or dropped.
    // mulberry32: a fixed, well-mixed sequence, so a failure names an input that recurs.
    let seed = 7;
    const random = (below: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let mixed = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
      return Math.floor((((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296) * below);
    };
    for (let round = 0; round < 5000; round++) {
      const text = Buffer.from(Array.from({ length: random(40) }, () => random(256))).toString('base64');
      const at = random(text.length + 1);
      const character = tricky[random(tricky.length)]!;
      cases.push(text, text.slice(0, at) + character + text.slice(at + 1), text.slice(0, at) + character + text.slice(at), text.slice(0, at) + text.slice(at + 1));
    }
    let accepted = 0;
    for (const text of cases) {
      assert.equal(accepts(text), isCanonical(text), JSON.stringify(text));
      if (isCanonical(text)) accepted++;
    }
    assert.ok(accepted > 10_000 && accepted < cases.length / 2, `${accepted} of ${cases.length} canonical`);
  });

  it('encodes timestamps as seconds for JSON and tag-1 milliseconds for CBOR', () => {
    const output = { Records: [], MillisBehindLatest: 0, NextShardIterator: 'x' };
    assert.deepEqual(shapes.encode('GetRecordsOutput', output, 'json'), output);
    const summary = { StreamName: 's', StreamCreationTimestamp: new Date(1611248009879) };
    const json = shapes.encode('StreamSummary', summary, 'json') as { StreamCreationTimestamp: number };
    assert.equal(JSON.stringify(json.StreamCreationTimestamp), '1611248009.879');
    const cbor = shapes.encode('StreamSummary', summary, 'cbor') as { StreamCreationTimestamp: CborTimestamp };
    assert.equal(cbor.StreamCreationTimestamp.millis, 1611248009879);
  });

  it("counts a string's length in code points: 256 emoji are a partition key, 257 are not, nor 256 lone surrogates and a letter", () => {
    const record = (PartitionKey: string) => ({ StreamName: 's', Data: Buffer.alloc(1), PartitionKey });
    assert.deepEqual(shapes.validate('PutRecordInput', record('\u{1F600}'.repeat(256))), []);
    const tooLong = "at 'partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256";
    assert.deepEqual(shapes.validate('PutRecordInput', record('\u{1F600}'.repeat(257))), [`Value '${'\u{1F600}'.repeat(257)}' ${tooLong}`]);
    assert.deepEqual(shapes.validate('PutRecordInput', record('\ud83d'.repeat(256) + 'a')), [`Value '${'\ud83d'.repeat(256)}a' ${tooLong}`]);
    assert.deepEqual(shapes.validate('PutRecordInput', record('')), ["Value '' at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1"]);
  });

  it('reports members in model order, a missing required one as null, and map values by their key', () => {
    const long = 'x'.repeat(257);
    assert.deepEqual(shapes.validate('CreateStreamInput', { Tags: { k: long, ok: 'v' }, ShardCount: 0 }), [
      "Value null at 'streamName' failed to satisfy constraint: Member must not be null",
      "Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1",
      `Value '${long}' at 'tags.k.value' failed to satisfy constraint: Member must have length less than or equal to 256`,
    ]);
  });

  it('lists an enum violation with the allowed values and stops at ten errors', () => {
    const errors = shapes.validate('GetShardIteratorInput', { StreamName: 's', ShardId: 'x', ShardIteratorType: 'NEWEST' });
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^Value 'NEWEST' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: \[/);
    const records = Array.from({ length: 12 }, () => ({ Data: Buffer.alloc(0), PartitionKey: '' }));
    assert.throws(() => shapes.check('PutRecordsInput', { Records: records }), (error: Error) => {
      assert.match(error.message, /^10 validation errors detected: /);
      return true;
    });
  });
});
