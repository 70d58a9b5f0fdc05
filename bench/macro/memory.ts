// Resident memory after a million records (issue: benchmarks, "resident memory ≤ 256 MB
// after a million records"): a durable Sealstream with SSE in its own process takes
// PutRecords of 500 × 1 KiB until a million records are acknowledged, and its memory is
// read from /proc at checkpoints on the way. The memory the process holds itself
// (RssAnon: heap, buffers, native allocations) is told apart from pages of the mapped LMDB
// file (RssFile), which the kernel drops and rereads as it needs.
//
//   npm run bench:memory [-- --records 1000000]
//
// Loopback only; bounded in records (at most 2,000,000) and time (10 minutes).
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createStream, makeBatch, shardCount } from './loads.js';
import { RawClient } from './raw-client.js';
import { residentMemory, startServerUnderTest, type Resident } from './servers.js';

const { values } = parseArgs({ options: { records: { type: 'string', default: '1000000' }, concurrency: { type: 'string', default: '4' } } });
const target = Math.min(Number(values.records), 2_000_000);
const concurrency = Math.min(Number(values.concurrency), 16);
const timeLimitMs = 10 * 60_000;

async function main(): Promise<void> {
  const server = await startServerUnderTest('sealstream');
  const client = new RawClient(server.endpoint, 'h1', concurrency);
  const checkpoints: Array<{ records: number; seconds: number } & Resident> = [];
  try {
    const name = 'memory';
    await createStream(client, name, shardCount, server.encrypt);
    const batch = makeBatch();
    const body = batch.body(name);
    const marks = [100_000, 250_000, 500_000, 750_000, target].filter((mark) => mark <= target);
    const started = performance.now();
    let acknowledged = 0;
    let nextMark = 0;
    const worker = async () => {
      while (acknowledged < target && performance.now() - started < timeLimitMs) {
        const answer = await client.call('PutRecords', body);
        if (answer.status !== 200 || !answer.body.includes('"FailedRecordCount":0')) throw new Error(`PutRecords: HTTP ${answer.status} ${answer.body.toString().slice(0, 200)}`);
        acknowledged += batch.data.length;
        while (nextMark < marks.length && acknowledged >= marks[nextMark]!) {
          nextMark++;
          const resident = await residentMemory(server.process);
          if (resident) checkpoints.push({ records: acknowledged, seconds: (performance.now() - started) / 1000, ...resident });
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    if (acknowledged < target) throw new Error(`only ${acknowledged} records acknowledged in ${timeLimitMs / 60_000} minutes`);
    // After the load, once the server has had a moment to collect garbage.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const settled = await residentMemory(server.process);
    if (settled) checkpoints.push({ records: acknowledged, seconds: (performance.now() - started) / 1000, ...settled });
  } finally {
    client.close();
    await server.stop();
  }
  const rows = checkpoints.map((mark) => ({
    records: mark.records,
    'after s': Math.round(mark.seconds),
    'own MiB (RssAnon)': Math.round(mark.anonymousMiB),
    'mapped file MiB (RssFile)': Math.round(mark.fileMiB),
    'total MiB (VmRSS)': Math.round(mark.totalMiB),
  }));
  console.log(`Sealstream resident memory, durable LMDB with SSE, PutRecords of 500 × 1 KiB, ${concurrency} in flight — Node ${process.version}, ${cpus()[0]?.model} (${cpus().length} cores)`);
  console.table(rows);
  const file = join('bench', 'results', `memory-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, JSON.stringify({ node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, target, concurrency, checkpoints }, null, 2) + '\n');
  console.log(`written to ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
