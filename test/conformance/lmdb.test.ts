import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LmdbEngine } from '../../src/storage/engines/lmdb.js';
import { crashLog, crashRecord } from './fixtures/crash-records.js';
import { appendTo, records } from './helpers.js';
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
