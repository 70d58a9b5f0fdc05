// The AWS JSON 1.1 body codec: what it writes (errors, small documents) is the UTF-8 of
// JSON.stringify, byte for byte, short or long, ASCII or not. Answers of operations are
// written by the shape engine's encodeJson (json-bytes.test.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jsonCodec } from '../../src/protocol/codecs.js';

const expected = (document: unknown) => Buffer.from(JSON.stringify(document), 'utf8');

describe('JSON codec', () => {
  it('serializes short and long answers, ASCII or not, to the UTF-8 of their JSON text', () => {
    const base64 = Buffer.alloc(3000, 7).toString('base64');
    const records = (partitionKey: (index: number) => string) =>
      Array.from({ length: 200 }, (_, index) => ({ SequenceNumber: String(10n ** 40n + BigInt(index)), Data: base64, PartitionKey: partitionKey(index) }));
    const documents: unknown[] = [
      {},
      { __type: 'ResourceNotFoundException', message: 'Stream s under account 123456789012 not found.' },
      { ShardIterator: 'x'.repeat(4094) },
      { ShardIterator: 'x'.repeat(4095) },
      { Records: records((index) => `key-${index}`), MillisBehindLatest: 0 },
      { Records: records((index) => (index === 199 ? 'clé' : `key-${index}`)) },
      { Records: records(() => 'é'), NextShardIterator: 'é' },
      // More multi-byte text than the codec first makes room for: CJK takes 3 bytes a character.
      { Text: '中文'.repeat(20_000) },
      { Text: 'a'.repeat(10_000) + '\u{1F600}'.repeat(10_000) },
      // JSON.stringify writes lone surrogates as \u escapes, which are ASCII.
      { Text: '\ud83d'.repeat(5000) + 'x' + '\ude00'.repeat(5000) },
    ];
    for (const document of documents) {
      const bytes = jsonCodec.serialize(document);
      assert.ok(bytes.equals(expected(document)), JSON.stringify(document).slice(0, 60));
      assert.equal(bytes.length, Buffer.byteLength(JSON.stringify(document)));
    }
  });

  it('parses an object and refuses anything else with SerializationException', () => {
    assert.deepEqual(jsonCodec.parse(Buffer.from('{"StreamName":"clé"}')), { StreamName: 'clé' });
    for (const body of ['', 'not json', '[1]', 'null', '"text"', '{"a":']) {
      assert.throws(() => jsonCodec.parse(Buffer.from(body)), (error: Error & { code?: string }) => error.code === 'SerializationException', body);
    }
  });
});
