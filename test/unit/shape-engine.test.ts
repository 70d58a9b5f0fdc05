// The shape engine against the Kinesis model: decoding, AWS-worded validation, encoding.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../src/protocol/model.js';
import { CborTimestamp, ShapeEngine, decodeBase64Strict } from '../../src/protocol/shapes.js';

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

  it('encodes timestamps as seconds for JSON and tag-1 milliseconds for CBOR', () => {
    const output = { Records: [], MillisBehindLatest: 0, NextShardIterator: 'x' };
    assert.deepEqual(shapes.encode('GetRecordsOutput', output, 'json'), output);
    const summary = { StreamName: 's', StreamCreationTimestamp: new Date(1611248009879) };
    const json = shapes.encode('StreamSummary', summary, 'json') as { StreamCreationTimestamp: number };
    assert.equal(JSON.stringify(json.StreamCreationTimestamp), '1611248009.879');
    const cbor = shapes.encode('StreamSummary', summary, 'cbor') as { StreamCreationTimestamp: CborTimestamp };
    assert.equal(cbor.StreamCreationTimestamp.millis, 1611248009879);
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
