// Storage on the hot path: durable appends of 125-record batches (a 500-record PutRecords
// over 4 shards) and range reads, for both engines. LMDB in a temporary directory.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StorageEngine } from '../../../src/storage/engine.js';
import { LmdbEngine } from '../../../src/storage/engines/lmdb.js';
import { MemoryEngine } from '../../../src/storage/engines/memory.js';
import { measureAsync, report, type Measurement } from '../measure.js';

async function engineFigures(name: string, engine: StorageEngine): Promise<Measurement[]> {
  await engine.open();
  const payload = randomBytes(1024);
  let last = 0;
  const append = () => {
    const records = Array.from({ length: 125 }, () => ({ seq: ++last, arrival: Date.now(), payload }));
    return engine.append([{ log: 'bench/0', afterSeq: last - 125, records }]);
  };
  // Awaited one at a time: the latency of one durable commit.
  const single = await measureAsync(`${name}: append 125 × 1 KiB, awaited`, append, 300);
  // Eight in flight: what group commit gives.
  const started = performance.now();
  const pipelined: Promise<void>[] = [];
  for (let index = 0; index < 800; index++) pipelined.push(append());
  await Promise.all(pipelined);
  const micros = ((performance.now() - started) * 1000) / 800;
  const grouped = { name: `${name}: append 125 × 1 KiB, 800 in flight`, microsPerCall: micros, callsPerSecond: 1e6 / micros };
  let from = 1;
  const read = await measureAsync(`${name}: read 10,000 records`, async () => {
    const records = await engine.read('bench/0', from, { limit: 10_000 });
    from = records.length === 10_000 ? from + 10_000 : 1;
  }, 30);
  await engine.close();
  return [single, grouped, read];
}

export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sealstream-bench-storage-'));
  try {
    report('storage', [...(await engineFigures('memory', new MemoryEngine())), ...(await engineFigures('lmdb', new LmdbEngine({ path: join(dir, 'store') })))]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
