// Metadata and lifecycle invariants of src/storage/engine.ts, registered by storageConformance.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { EngineFactory, CurrentEngine } from './storage-engine.js';
import { appendTo, records, rejectsAsClosed, rejectsAsInvalid, rejectsWithConflict } from './helpers.js';

const document = {
  name: 'orders',
  shards: [{ id: 'shardId-000000000000', range: ['0', '340282366920938463463374607431768211455'] }],
  retentionHours: 24,
  ratio: 0.25,
  isEncrypted: true,
  tags: null,
  description: 'données 数据 😀',
};

export function describeMetaInvariants(engine: CurrentEngine): void {
  it('getMeta of a key never put is undefined', async () => {
    assert.equal(await engine().getMeta('missing'), undefined);
  });

  it('putMeta with expected null creates the key at version 1 and returns the document as put', async () => {
    assert.equal(await engine().putMeta('stream/orders', document, null), 1);
    assert.deepEqual(await engine().getMeta('stream/orders'), { key: 'stream/orders', value: document, version: 1 });
  });

  it('putMeta with expected null fails with STORAGE_CONFLICT when the key exists, and writes nothing', async () => {
    await engine().putMeta('exists', { generation: 1 }, null);
    await rejectsWithConflict(engine().putMeta('exists', { generation: 2 }, null));
    assert.deepEqual(await engine().getMeta('exists'), { key: 'exists', value: { generation: 1 }, version: 1 });
  });

  it('putMeta with a version must match the current version; versions increase by one on every put', async () => {
    await engine().putMeta('versioned', 'a', null);
    assert.equal(await engine().putMeta('versioned', 'b', 1), 2);
    assert.equal(await engine().putMeta('versioned', 'c', 2), 3);
    await rejectsWithConflict(engine().putMeta('versioned', 'stale', 2));
    await rejectsWithConflict(engine().putMeta('versioned', 'ahead', 4));
    await rejectsWithConflict(engine().putMeta('never-put', 'x', 1));
    assert.deepEqual(await engine().getMeta('versioned'), { key: 'versioned', value: 'c', version: 3 });
    assert.equal(await engine().getMeta('never-put'), undefined);
  });

  it('putMeta calls issued without awaiting take effect in submission order: one create wins', async () => {
    const first = engine().putMeta('race', 'first', null);
    const second = engine().putMeta('race', 'second', null);
    const update = engine().putMeta('race', 'update', 1);
    assert.equal(await first, 1);
    await rejectsWithConflict(second);
    assert.equal(await update, 2);
    assert.deepEqual(await engine().getMeta('race'), { key: 'race', value: 'update', version: 2 });
  });

  it('deleteMeta requires the current version, else STORAGE_CONFLICT and nothing is deleted', async () => {
    await engine().putMeta('deleted', 1, null);
    await engine().putMeta('deleted', 2, 1);
    await rejectsWithConflict(engine().deleteMeta('deleted', 1));
    await rejectsWithConflict(engine().deleteMeta('never-put', 1));
    assert.equal((await engine().getMeta('deleted'))?.version, 2);
    await engine().deleteMeta('deleted', 2);
    assert.equal(await engine().getMeta('deleted'), undefined);
  });

  it('a deleted key can be created again, and its versions start at 1 again', async () => {
    await engine().putMeta('reborn', 'old', null);
    await engine().deleteMeta('reborn', 1);
    await rejectsWithConflict(engine().putMeta('reborn', 'new', 1));
    assert.equal(await engine().putMeta('reborn', 'new', null), 1);
  });

  it('stored documents are the engine\'s own: changing the value put or the value got changes nothing stored', async () => {
    const value = { list: [1, 2], nested: { flag: true } };
    const putting = engine().putMeta('isolated', value, null);
    value.list.push(3);
    value.nested.flag = false;
    await putting;
    const got = await engine().getMeta<typeof value>('isolated');
    got!.value.list.push(4);
    const [listed] = await engine().listMeta<typeof value>('isolated');
    listed!.value.nested.flag = false;
    assert.deepEqual((await engine().getMeta('isolated'))?.value, { list: [1, 2], nested: { flag: true } });
  });

  it('listMeta returns the keys with the prefix in ascending byte order', async () => {
    // Byte (UTF-8) order differs from JavaScript's UTF-16 order: U+FFFD sorts before U+1F600.
    const keys = ['a/2', 'a/😀', 'a/10', 'b/1', 'a', 'a/\uFFFD', 'a/1', 'a0'];
    for (const key of keys) await engine().putMeta(key, key, null);
    const listed = await engine().listMeta('a/');
    assert.deepEqual(listed.map((entry) => entry.key), ['a/1', 'a/10', 'a/2', 'a/\uFFFD', 'a/😀']);
    assert.deepEqual(listed[0], { key: 'a/1', value: 'a/1', version: 1 });
    assert.deepEqual((await engine().listMeta('')).map((entry) => entry.key), [
      'a', 'a/1', 'a/10', 'a/2', 'a/\uFFFD', 'a/😀', 'a0', 'b/1',
    ]);
    assert.deepEqual(await engine().listMeta('c'), []);
  });

  it('listMeta pages with after (exclusive) and limit', async () => {
    for (const key of ['p/a', 'p/b', 'p/c', 'p/d', 'q/a']) await engine().putMeta(key, 0, null);
    const keysOf = async (options: { after?: string; limit?: number }) =>
      (await engine().listMeta('p/', options)).map((entry) => entry.key);
    assert.deepEqual(await keysOf({ limit: 2 }), ['p/a', 'p/b']);
    assert.deepEqual(await keysOf({ after: 'p/b', limit: 2 }), ['p/c', 'p/d']);
    assert.deepEqual(await keysOf({ after: 'p/bb' }), ['p/c', 'p/d']);
    assert.deepEqual(await keysOf({ after: 'p/d' }), []);
    assert.deepEqual(await keysOf({ after: 'a' }), ['p/a', 'p/b', 'p/c', 'p/d']);
    assert.deepEqual(await keysOf({ after: 'z' }), []);
    await rejectsAsInvalid(engine().listMeta('p/', { limit: 0 }));
  });
}

export function describeLifecycleInvariants(engine: CurrentEngine, create: EngineFactory): void {
  it('close finishes pending writes: appends issued before close resolve', async () => {
    const pending = engine().append([appendTo('before-close', 0, records(1, 3))]);
    const meta = engine().putMeta('before-close', 'value', null);
    await engine().close();
    await pending;
    assert.equal(await meta, 1);
  });

  it('a closed engine rejects every operation with STORAGE_CLOSED', async () => {
    await engine().close();
    await rejectsAsClosed(engine().append([appendTo('closed', 0, records(1, 1))]));
    await rejectsAsClosed(engine().read('closed', 0, { limit: 1 }));
    await rejectsAsClosed(engine().bounds('closed'));
    await rejectsAsClosed(engine().seekTime('closed', 0));
    await rejectsAsClosed(engine().trim('closed', 1));
    await rejectsAsClosed(engine().dropLog('closed'));
    await rejectsAsClosed(engine().getMeta('closed'));
    await rejectsAsClosed(engine().putMeta('closed', 1, null));
    await rejectsAsClosed(engine().deleteMeta('closed', 1));
    await rejectsAsClosed(engine().listMeta(''));
    await rejectsAsClosed(engine().open());
  });

  it('an engine not yet opened rejects operations with STORAGE_CLOSED', async () => {
    const { engine: unopened, cleanup } = await create();
    try {
      await rejectsAsClosed(unopened.append([appendTo('unopened', 0, records(1, 1))]));
      await rejectsAsClosed(unopened.getMeta('unopened'));
    } finally {
      await unopened.close();
      await cleanup();
    }
  });
}
