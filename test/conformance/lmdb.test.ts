import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { open } from 'lmdb';
import { storageErrorCodes, type LogRecord } from '../../src/storage/engine.js';
import { LmdbEngine } from '../../src/storage/engines/lmdb.js';
import { crashLog, crashRecord } from './fixtures/crash-records.js';
import { appendTo, patternBytes, record, records, rejectsAsInvalid, rejectsWithCode } from './helpers.js';
import { storageConformance } from './storage-engine.js';

async function temporaryDirectory(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'sealstream-lmdb-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

storageConformance('lmdb', async () => {
  const directory = await temporaryDirectory();
  return { engine: new LmdbEngine({ path: directory.path }), cleanup: directory.remove };
});

describe('lmdb engine durability', () => {
  const directories: Array<() => Promise<void>> = [];
  after(async () => {
    for (const remove of directories) await remove();
  });

  it('the lmdb engine says it is durable', () => {
    assert.deepEqual(new LmdbEngine({ path: 'unused' }).capabilities, { durable: true, name: 'lmdb' });
  });

  it('logs, remembered last sequence numbers and metadata survive close and reopen', async () => {
    const directory = await temporaryDirectory();
    directories.push(directory.remove);
    const first = new LmdbEngine({ path: directory.path });
    await first.open();
    await first.append([appendTo('kept', 0, records(1, 4)), appendTo('trimmed', 0, records(1, 2))]);
    await first.trim('trimmed', 3);
    await first.putMeta('stream/kept', { shards: 2 }, null);
    await first.putMeta('stream/kept', { shards: 4 }, 1);
    await first.close();

    const second = new LmdbEngine({ path: directory.path });
    await second.open();
    try {
      assert.deepEqual(await second.read('kept', 0, { limit: 100 }), records(1, 4));
      assert.deepEqual(await second.bounds('trimmed'), { firstSeq: undefined, lastSeq: 2, lastArrival: undefined });
      assert.deepEqual(await second.getMeta('stream/kept'), { key: 'stream/kept', value: { shards: 4 }, version: 2 });
      await second.append([appendTo('kept', 4, records(5, 1))]);
      assert.equal((await second.bounds('kept')).lastSeq, 5);
    } finally {
      await second.close();
    }
  });

  it('every acknowledged append survives kill -9 of the writing process, in order', { timeout: 120_000 }, async () => {
    const directory = await temporaryDirectory();
    directories.push(directory.remove);
    const fixture = fileURLToPath(new URL('./fixtures/append-until-killed.js', import.meta.url));
    const child = spawn(process.execPath, [fixture, directory.path], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));

    const acknowledged: number[] = [];
    // readline yields complete lines only, so a line cut short by the kill is not counted.
    for await (const line of createInterface({ input: child.stdout })) {
      acknowledged.push(Number(line));
      if (acknowledged.length === 100) child.kill('SIGKILL');
    }
    assert.equal(await exited, 'SIGKILL', 'the writer must die by SIGKILL, not finish or fail');
    assert.ok(acknowledged.length >= 100, `only ${acknowledged.length} appends were acknowledged`);
    assert.deepEqual(acknowledged, acknowledged.map((_, index) => index + 1), 'acknowledgements are in order');

    const reopened = new LmdbEngine({ path: directory.path });
    await reopened.open();
    try {
      const stored = await reopened.read(crashLog, 0, { limit: 1_000_000 });
      const lastAcknowledged = acknowledged.at(-1)!;
      assert.ok(stored.length >= lastAcknowledged, `${stored.length} records stored, ${lastAcknowledged} acknowledged`);
      // Every stored record, acknowledged or written just before the kill, is whole and in order.
      assert.deepEqual(stored, stored.map((_, index) => crashRecord(index + 1)));
      assert.equal((await reopened.bounds(crashLog)).lastSeq, stored.length);
    } finally {
      await reopened.close();
    }
  });
});

interface OldLog {
  log: string;
  lastSeq: number;
  stored: LogRecord[];
}

/**
 * Writes a store as Sealstream wrote it before chunks, straight through lmdb-js: `records` with
 * key [log, seq] and value arrival (float64 big-endian) + payload, `log-states` and `meta`
 * in lmdb-js's default msgpack (records with inline definitions), as stores were written
 * before they took plain maps.
 */
async function writeOneEntryPerRecordStore(path: string, logs: OldLog[]): Promise<void> {
  const root = open({ path });
  const recordsDb = root.openDB<Buffer, [string, number]>({ name: 'records', encoding: 'binary' });
  const logStates = root.openDB<{ lastSeq: number; lastArrival: number }, string>({ name: 'log-states' });
  const meta = root.openDB<{ value: unknown; version: number }, string>({ name: 'meta' });
  await root.transaction(() => {
    for (const { log, lastSeq, stored } of logs) {
      for (const each of stored) {
        const value = Buffer.alloc(8 + each.payload.byteLength);
        value.writeDoubleBE(each.arrival, 0);
        value.set(each.payload, 8);
        recordsDb.putSync([log, each.seq], value);
      }
      logStates.putSync(log, { lastSeq, lastArrival: stored.at(-1)?.arrival ?? 1 });
    }
    meta.putSync('stream/old', { value: { shards: 2 }, version: 3 });
  });
  await root.close();
}

async function countOneEntryPerRecord(path: string): Promise<number> {
  const root = open({ path });
  try {
    return root.openDB({ name: 'records', encoding: 'binary' }).getCount();
  } finally {
    await root.close();
  }
}

describe('lmdb engine: stores written with one entry per record, before chunks', () => {
  const directories: Array<() => Promise<void>> = [];
  after(async () => {
    for (const remove of directories) await remove();
  });

  // More records than one migrated chunk holds, sparse sequence numbers, payloads from empty to
  // 70 KB, a trimmed prefix, and a log whose every record was trimmed.
  const oldLogs: OldLog[] = [
    {
      log: 'old/0',
      lastSeq: 3 * 1203,
      stored: Array.from({ length: 1203 }, (_, index) => ({ seq: 3 * (index + 1), arrival: 1_000 + Math.floor(index / 2), payload: patternBytes((index * 57) % 3000, index + 1) })),
    },
    { log: 'old/1', lastSeq: 3, stored: [record(1, 5, ''), record(2, 6), { seq: 3, arrival: 7, payload: patternBytes(70_000, 9) }] },
    { log: 'old/trimmed', lastSeq: 10, stored: records(8, 3) },
    { log: 'old/emptied', lastSeq: 4, stored: [] },
  ];
  const all = { limit: 1_000_000 };

  async function oldStore(): Promise<string> {
    const directory = await temporaryDirectory();
    directories.push(directory.remove);
    await writeOneEntryPerRecordStore(directory.path, oldLogs);
    return directory.path;
  }

  it('opening for writing moves every record into chunks: reads, bounds, seekTime and metadata are unchanged, and appends go on', async () => {
    const path = await oldStore();
    const engine = new LmdbEngine({ path });
    await engine.open();
    try {
      for (const { log, lastSeq, stored } of oldLogs) {
        assert.deepEqual(await engine.read(log, 0, all), stored, log);
        const last = stored.at(-1);
        assert.deepEqual(await engine.bounds(log), { firstSeq: stored[0]?.seq, lastSeq, lastArrival: last?.arrival }, log);
      }
      const [big] = oldLogs;
      assert.deepEqual(await engine.read('old/0', 1499, { limit: 3 }), big!.stored.slice(499, 502), 'a read across migrated chunks');
      assert.equal(await engine.seekTime('old/0', 1250), big!.stored[500]!.seq);
      assert.deepEqual(await engine.getMeta('stream/old'), { key: 'stream/old', value: { shards: 2 }, version: 3 });
      await rejectsAsInvalid(engine.append([appendTo('old/1', 3, [record(4, 6)])]));
      await engine.append([appendTo('old/1', 3, [record(4, 7)]), appendTo('old/emptied', 4, [record(5, 1)])]);
      assert.deepEqual(await engine.read('old/1', 3, all), [oldLogs[1]!.stored[2], record(4, 7)]);
      assert.deepEqual(await engine.read('old/emptied', 0, all), [record(5, 1)]);
    } finally {
      await engine.close();
    }
    assert.equal(await countOneEntryPerRecord(path), 0, 'the old database is emptied');
    const reopened = new LmdbEngine({ path, readOnly: true });
    await reopened.open();
    try {
      assert.deepEqual(await reopened.read('old/0', 0, all), oldLogs[0]!.stored, 'a migrated store opens read-only');
    } finally {
      await reopened.close();
    }
  });

  it('a read-only engine refuses a store not yet migrated with STORAGE_NEEDS_MIGRATION, and changes nothing', async () => {
    const path = await oldStore();
    await rejectsWithCode(new LmdbEngine({ path, readOnly: true }).open(), storageErrorCodes.needsMigration);
    assert.equal(await countOneEntryPerRecord(path), 1203 + 3 + 3);
  });
});
