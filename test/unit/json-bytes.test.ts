// The shape engine's encodeJson writes an answer's JSON bytes in one walk; they must be the
// bytes of JSON.stringify(encode(...)) exactly, for every shape of every model, whatever the
// values: text to escape, multi-byte and lone surrogates, numbers JSON cannot hold, absent
// members, list items and map entries.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../src/protocol/model.js';
import { ShapeEngine } from '../../src/protocol/shapes.js';
import { JsonBytes } from '../../src/protocol/json-bytes.js';

const services = ['kinesis', 'firehose', 'kms', 'iam', 'sts', 'cloudtrail'] as const;

// A fixed-seed generator (mulberry32), so a failure names a case that can be run again.
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const texts = ['', 'plain', 'with "quotes" and \\backslash\\', 'control \u0000\u0001\u001f\n\r\t\b\f', 'é clé 中文', '\u{1F600} emoji', '\ud83d lone high', 'lone low \ude00', '</script> & /', '\u007f\u0080\u00ff', 'x'.repeat(5000), '\u2028\u2029'];
const numbers = [0, -0, 1, -1, 1.5, 2 ** 53 - 1, -(2 ** 53), 1e21, 1e-7, 123.456, NaN, Infinity, -Infinity, 1795387669.592];

function valueOf(engine: ShapeEngine, shapeName: string, random: () => number, depth: number): unknown {
  const shape = engine.shape(shapeName);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const maybeEmpty = (make: () => unknown) => {
    const roll = random();
    return roll < 0.15 ? undefined : roll < 0.25 ? null : make();
  };
  switch (shape.type) {
    case 'structure': {
      const value: Record<string, unknown> = {};
      if (depth > 4) return value;
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const item = maybeEmpty(() => valueOf(engine, ref.shape, random, depth + 1));
        if (item !== undefined || random() < 0.5) value[name] = item;
      }
      return value;
    }
    case 'list':
      return depth > 4 ? [] : Array.from({ length: Math.floor(random() * 4) }, () => maybeEmpty(() => valueOf(engine, shape.member!.shape, random, depth + 1)));
    case 'map': {
      const value: Record<string, unknown> = {};
      if (depth > 4) return value;
      for (let index = Math.floor(random() * 4); index > 0; index--) value[`${pick(texts).slice(0, 20)}${index}`] = maybeEmpty(() => valueOf(engine, shape.value!.shape, random, depth + 1));
      return value;
    }
    case 'string':
      return pick(texts);
    case 'boolean':
      return random() < 0.5;
    case 'blob': {
      const bytes = Buffer.from(Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * 256)));
      return random() < 0.9 ? bytes : new Uint8Array(bytes);
    }
    case 'timestamp':
      return random() < 0.5 ? new Date(Math.floor(random() * 4e12)) : random() < 0.9 ? Math.floor(random() * 4e12) : new Date(NaN);
    default:
      return pick(numbers);
  }
}

describe('JSON bytes', () => {
  it('encodeJson writes exactly the UTF-8 of JSON.stringify(encode(...)) for every structure of every model', () => {
    let compared = 0;
    for (const service of services) {
      const engine = new ShapeEngine(loadModel(service));
      const random = generator(service.length * 7919);
      for (const [name, shape] of Object.entries(engine.model.shapes)) {
        if (shape.type !== 'structure') continue;
        for (let round = 0; round < 12; round++) {
          const value = valueOf(engine, name, random, 0);
          const expected = Buffer.from(JSON.stringify(engine.encode(name, value, 'json') ?? {}), 'utf8');
          const written = engine.encodeJson(name, value);
          assert.ok(written.equals(expected), `${service} ${name} round ${round}:\n${written.toString()}\n${expected.toString()}`);
          compared++;
        }
      }
    }
    assert.ok(compared > 5000, `compared ${compared} values`);
  });

  it('writes a GetRecords answer of 10,000 records, growing its buffer as it goes, as JSON.stringify does', () => {
    const engine = new ShapeEngine(loadModel('kinesis'));
    const data = Buffer.alloc(1024, 3);
    const output = {
      Records: Array.from({ length: 10_000 }, (_, index) => ({
        SequenceNumber: `4959033827149025660855969253836157109592157598913658${String(index).padStart(4, '0')}`,
        ApproximateArrivalTimestamp: new Date(1_795_387_669_592 + index),
        Data: data,
        PartitionKey: index % 1000 === 0 ? `clé-${index}` : `partition-${index}`,
        EncryptionType: 'KMS',
      })),
      NextShardIterator: 'AAAA',
      MillisBehindLatest: 0,
    };
    const expected = Buffer.from(JSON.stringify(engine.encode('GetRecordsOutput', output, 'json')), 'utf8');
    assert.ok(engine.encodeJson('GetRecordsOutput', output).equals(expected));
    assert.equal(engine.encodeJson('GetRecordsOutput', undefined).toString(), '{}');
  });

  it('escapes strings as JSON.stringify does, character by character', () => {
    for (let code = 0; code < 0x10000; code += code < 0x300 ? 1 : 97) {
      const text = `a${String.fromCharCode(code)}b`;
      const out = new JsonBytes(4);
      out.string(text);
      assert.ok(out.done().equals(Buffer.from(JSON.stringify(text), 'utf8')), `U+${code.toString(16)}`);
    }
  });
});
