// The appender hands appends to the engine in the order their counters were assigned,
// however long each one's sealing takes (records.ts, Appender).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryEngine } from '../../src/storage/engines/memory.js';
import { Appender, type PlacedRecord } from '../../src/services/kinesis/domain/records.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/** Payloads that name their record's counter, so a read shows which bytes went where. */
const named = (placed: PlacedRecord[]) => placed.map((record) => Buffer.from(`${record.log}#${record.seq}`));

async function setUp() {
  const engine = new MemoryEngine();
  await engine.open();
  return { engine, appender: new Appender(engine, () => 1000) };
}

async function stored(engine: MemoryEngine, log: string): Promise<string[]> {
  return (await engine.read(log, 1, { limit: 100 })).map((record) => `${record.seq}:${Buffer.from(record.payload).toString()}`);
}

describe('appender', () => {
  it('sealing that finishes out of order still reaches the engine in counter order', async () => {
    const { engine, appender } = await setUp();
    const first = deferred<Uint8Array[]>();
    const second = deferred<Uint8Array[]>();
    const earlier = appender.append([{ log: 'a' }, { log: 'a' }], (placed) => first.promise.then(() => named(placed)));
    const later = appender.append([{ log: 'a' }], (placed) => second.promise.then(() => named(placed)));
    second.resolve([]);
    await new Promise((resolve) => setImmediate(resolve));
    first.resolve([]);
    assert.deepEqual((await earlier).map((record) => record.seq), [1, 2]);
    assert.deepEqual((await later).map((record) => record.seq), [3]);
    assert.deepEqual(await stored(engine, 'a'), ['1:a#1', '2:a#2', '3:a#3']);
  });

  it('a plain append waits for an earlier append to its log that is still sealing', async () => {
    const { engine, appender } = await setUp();
    const sealing = deferred<void>();
    const earlier = appender.append([{ log: 'a' }], (placed) => sealing.promise.then(() => named(placed)));
    let isPlainDone = false;
    const plain = appender.append([{ log: 'a', payload: Buffer.from('plain') }]).then((placed) => {
      isPlainDone = true;
      return placed;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(isPlainDone, false);
    sealing.resolve();
    await Promise.all([earlier, plain]);
    assert.deepEqual(await stored(engine, 'a'), ['1:a#1', '2:plain']);
  });

  it('an append to another log does not wait for a slow seal', async () => {
    const { engine, appender } = await setUp();
    const sealing = deferred<void>();
    const slow = appender.append([{ log: 'a' }], (placed) => sealing.promise.then(() => named(placed)));
    await appender.append([{ log: 'b', payload: Buffer.from('quick') }]);
    assert.deepEqual(await stored(engine, 'b'), ['1:quick']);
    assert.deepEqual(await stored(engine, 'a'), []);
    sealing.resolve();
    await slow;
    assert.deepEqual(await stored(engine, 'a'), ['1:a#1']);
  });

  it('a seal that fails leaves a gap in the counters, and the appends after it still succeed', async () => {
    const { engine, appender } = await setUp();
    await appender.append([{ log: 'a', payload: Buffer.from('one') }]);
    const sealing = deferred<Uint8Array[]>();
    const failing = appender.append([{ log: 'a' }, { log: 'a' }], () => sealing.promise);
    const waiting = appender.append([{ log: 'a' }], (placed) => Promise.resolve(named(placed)));
    sealing.reject(new Error('sealing failed'));
    await assert.rejects(failing, /sealing failed/);
    assert.deepEqual((await waiting).map((record) => record.seq), [4]);
    assert.deepEqual((await appender.append([{ log: 'a', payload: Buffer.from('five') }])).map((record) => record.seq), [5]);
    assert.deepEqual(await stored(engine, 'a'), ['1:one', '4:a#4', '5:five']);
  });

  it('an append over several logs is atomic and waits for each log in turn', async () => {
    const { engine, appender } = await setUp();
    const sealing = deferred<void>();
    const slow = appender.append([{ log: 'b' }], (placed) => sealing.promise.then(() => named(placed)));
    const both = appender.append([{ log: 'a' }, { log: 'b' }], (placed) => named(placed));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(await stored(engine, 'a'), []);
    sealing.resolve();
    await Promise.all([slow, both]);
    assert.deepEqual(await stored(engine, 'a'), ['1:a#1']);
    assert.deepEqual(await stored(engine, 'b'), ['1:b#1', '2:b#2']);
  });
});
