// `npm run bench`: Sealstream side by side with kinesalite, kinesis-mock and a null sink,
// the same loads with the same client against each, in turns, several rounds, medians.
//
//   npm run bench -- [--seconds 3] [--rounds 3] [--only sealstream,kinesalite] [--samples 500] [--warm-up-samples 500]
//
// Loopback only; every load is bounded in time. Results: a table here, JSON in bench/results/.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { RawClient, type HttpVersion } from './raw-client.js';
import { createStream, drain, ingest, makeBatch, putToGet, shardCount, type IngestResult } from './loads.js';
import { cpuMillis, residentMemory, startServerUnderTest, type Resident, type ServerKind } from './servers.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
    only: { type: 'string' },
    samples: { type: 'string', default: '500' },
    'warm-up-samples': { type: 'string', default: '500' },
  },
});
const seconds = Math.min(Math.max(Number(values.seconds), 1), 30);
const rounds = Math.min(Math.max(Number(values.rounds), 1), 9);
const samples = Math.min(Math.max(Number(values.samples), 200), 2000);
const warmUpSamples = Math.min(Math.max(Number(values['warm-up-samples']), 0), 5000);
const allKinds: ServerKind[] = ['sealstream', 'sealstream-plain', 'sealstream-memory', 'kinesalite', 'kinesis-mock', 'null-sink'];
const kinds = values.only ? allKinds.filter((kind) => values.only!.split(',').includes(kind)) : allKinds;
const loads: Array<{ version: HttpVersion; concurrency: number }> = [
  { version: 'h1', concurrency: 4 },
  { version: 'h1', concurrency: 16 },
  { version: 'h2', concurrency: 4 },
  { version: 'h2', concurrency: 16 },
];

interface Row {
  ingest: Record<string, (IngestResult & { cpuMicrosPerRecord: number }) | string>;
  drain?: number;
  drainVerified?: boolean;
  putToGet?: { p50Ms: number; p99Ms: number };
  resident?: Resident;
  recordsStored: number;
  startupMs: number;
  failures: string[];
}

const median = (numbers: number[]) => {
  const sorted = numbers.filter((value) => Number.isFinite(value)).sort((left, right) => left - right);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : NaN;
};

async function runOnce(kind: ServerKind, round: number): Promise<Row> {
  const server = await startServerUnderTest(kind);
  const batch = makeBatch();
  const row: Row = { ingest: {}, recordsStored: 0, startupMs: server.startupMs, failures: [] };
  try {
    let calls = 0;
    const stream = `bench-${round}`;
    const setup = new RawClient(server.endpoint, 'h1');
    await createStream(setup, stream, shardCount, server.encrypt);
    // One unmeasured second first, the same for every server: JIT compilation, lazily started
    // threads and first allocations are not what a long-running server spends its time on.
    const warmUp = new RawClient(server.endpoint, 'h1', 4);
    try {
      calls += (await ingest(warmUp, stream, batch, 4, 1)).calls;
    } catch (error) {
      row.failures.push(`warm-up: ${(error as Error).message.slice(0, 80)}`);
    } finally {
      warmUp.close();
    }
    for (const load of loads) {
      const client = new RawClient(server.endpoint, load.version, load.concurrency);
      const label = `${load.version} x${load.concurrency}`;
      try {
        const cpuBefore = await cpuMillis(server.process);
        const result = await ingest(client, stream, batch, load.concurrency, seconds);
        const cpuAfter = await cpuMillis(server.process);
        const cpuMicrosPerRecord = cpuBefore === undefined || cpuAfter === undefined || result.calls === 0 ? NaN : ((cpuAfter - cpuBefore) * 1000) / (result.calls * batch.data.length);
        row.ingest[label] = result.calls === 0 ? `fails (${result.failedCalls} failed calls)` : { ...result, cpuMicrosPerRecord };
        calls += result.calls;
      } catch (error) {
        row.ingest[label] = `fails: ${(error as Error).message.slice(0, 60)}`;
      } finally {
        client.close();
      }
    }
    row.recordsStored = calls * 500;
    if (kind !== 'null-sink') {
      try {
        const drained = await drain(setup, stream, batch, calls);
        row.drain = drained.recordsPerSecond;
        row.drainVerified = drained.isVerified;
      } catch (error) {
        row.failures.push(`drain: ${(error as Error).message.slice(0, 80)}`);
      }
      const consumer = new RawClient(server.endpoint, 'h1');
      try {
        const latencyStream = `latency-${round}`;
        await createStream(setup, latencyStream, 1, server.encrypt);
        row.putToGet = await putToGet(setup, consumer, latencyStream, samples, warmUpSamples);
      } catch (error) {
        row.failures.push(`put-to-get: ${(error as Error).message.slice(0, 80)}`);
      } finally {
        consumer.close();
      }
    }
    row.resident = await residentMemory(server.process);
    setup.close();
  } finally {
    await server.stop();
  }
  return row;
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const results = new Map<ServerKind, Row[]>(kinds.map((kind) => [kind, []]));
  for (let round = 0; round < rounds; round++) {
    // In turns: every server once per round, in a rotating order.
    const order = kinds.map((_, index) => kinds[(index + round) % kinds.length]!);
    for (const kind of order) {
      const started = performance.now();
      process.stderr.write(`round ${round + 1}/${rounds}: ${kind}`);
      results.get(kind)!.push(await runOnce(kind, round));
      process.stderr.write(` (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
    }
  }

  const table: Record<string, Record<string, string | number>> = {};
  const summary: Record<string, unknown> = {};
  const reference = results.get('sealstream') ?? results.get(kinds[0]!)!;
  const referenceIngest = median(reference.map((row) => (typeof row.ingest['h1 x4'] === 'object' ? (row.ingest['h1 x4'] as IngestResult).recordsPerSecond : NaN)));
  for (const [kind, rows] of results) {
    const entry: Record<string, string | number> = {};
    for (const load of loads) {
      const label = `${load.version} x${load.concurrency}`;
      const values = rows.map((row) => row.ingest[label]).filter((value): value is IngestResult & { cpuMicrosPerRecord: number } => typeof value === 'object');
      if (values.length === 0) {
        entry[`ingest ${label} rec/s`] = String(rows[0]?.ingest[label] ?? 'n/a');
        continue;
      }
      entry[`ingest ${label} rec/s`] = Math.round(median(values.map((value) => value.recordsPerSecond)));
      if (label === 'h1 x4') {
        entry['MiB/s (h1 x4)'] = Number(median(values.map((value) => value.mibPerSecond)).toFixed(1));
        entry['p50/p99 ms (h1 x4)'] = `${median(values.map((value) => value.p50Ms)).toFixed(1)}/${median(values.map((value) => value.p99Ms)).toFixed(1)}`;
        entry['server CPU µs/record (h1 x4)'] = Number(median(values.map((value) => value.cpuMicrosPerRecord)).toFixed(1));
        entry['vs sealstream'] = Number((median(values.map((value) => value.recordsPerSecond)) / referenceIngest).toFixed(2));
      }
    }
    if (kind !== 'null-sink') {
      entry['drain rec/s'] = Math.round(median(rows.map((row) => row.drain ?? NaN)));
      entry['drain verified'] = rows.every((row) => row.drainVerified) ? 'yes' : 'NO';
      entry['put-to-get p50/p99 ms'] = `${median(rows.map((row) => row.putToGet?.p50Ms ?? NaN)).toFixed(2)}/${median(rows.map((row) => row.putToGet?.p99Ms ?? NaN)).toFixed(2)}`;
    }
    entry['RSS MiB after'] = Math.round(median(rows.map((row) => row.resident?.totalMiB ?? NaN)));
    entry['  of which own (anon)'] = Math.round(median(rows.map((row) => row.resident?.anonymousMiB ?? NaN)));
    entry['  of which mapped files'] = Math.round(median(rows.map((row) => row.resident?.fileMiB ?? NaN)));
    entry['records stored'] = Math.round(median(rows.map((row) => row.recordsStored)));
    entry['start ms'] = Math.round(median(rows.map((row) => row.startupMs)));
    const failures = [...new Set(rows.flatMap((row) => row.failures))];
    if (failures.length > 0) entry['failures'] = failures.join('; ');
    table[kind] = entry;
    summary[kind] = { median: entry, rounds: rows };
  }
  const header = `Node ${process.version}, ${cpus()[0]?.model} x${cpus().length}; ${rounds} rounds, ${seconds} s per ingest load, PutRecords of 500 x 1 KiB on ${shardCount} shards; put-to-get over ${samples} PutRecords after ${warmUpSamples} unmeasured; ` +
    'sealstream = durable LMDB + SSE (alias/aws/kinesis); sealstream-plain = durable, no SSE; sealstream-memory = in memory + SSE';
  console.log(header);
  for (const [kind, entry] of Object.entries(table)) {
    console.log(`\n${kind}`);
    console.table(entry);
  }
  await mkdir('bench/results', { recursive: true });
  const file = `bench/results/compare-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  await writeFile(file, JSON.stringify({ header, node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, seconds, rounds, samples, warmUpSamples, results: summary }, null, 2) + '\n');
  console.log(`\nwritten to ${file}; the run took ${((performance.now() - benchStarted) / 60_000).toFixed(1)} minutes`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
