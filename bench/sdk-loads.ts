// Loads through the AWS SDK's Kinesis client, shared by the benchmarks that compare one
// server with itself (bench:sse, bench:auth). Every loop is bounded in time or count.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, type KinesisClient } from '@aws-sdk/client-kinesis';

/** `-- --seconds 4 --rounds 3 --concurrency 4`, each bounded. */
export function loadOptions(): { seconds: number; rounds: number; concurrency: number } {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '4' }, rounds: { type: 'string', default: '3' }, concurrency: { type: 'string', default: '4' } } });
  return { seconds: Math.min(Number(values.seconds), 60), rounds: Math.min(Number(values.rounds), 10), concurrency: Math.min(Number(values.concurrency), 64) };
}

export const shards = 4;

/** One PutRecords' records: 500 × 1 KiB of random data. */
export const batch = Array.from({ length: 500 }, (_, index) => ({ PartitionKey: `key-${index}`, Data: randomBytes(1024) }));

export const median = (values: number[]) => [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)]!;

export async function waitActive(client: KinesisClient, name: string): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    if ((await client.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!.StreamStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${name} did not become ACTIVE`);
}

/** `concurrency` workers calling `call` until `seconds` pass; units (records, calls) a second. */
export async function timedLoad(concurrency: number, seconds: number, call: () => Promise<number>): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let count = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      // Not `count += await call()`: that reads count before the await and loses the other workers' additions.
      const done = await call();
      count += done;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count / ((performance.now() - started) / 1000);
}

/** Reads every shard from TRIM_HORIZON to its end; records read and records a second. */
export async function drainShards(client: KinesisClient, name: string, shards: number): Promise<{ records: number; perSecond: number }> {
  let records = 0;
  const started = performance.now();
  for (let shard = 0; shard < shards; shard++) {
    const shardId = `shardId-${String(shard).padStart(12, '0')}`;
    let iterator = (await client.send(new GetShardIteratorCommand({ StreamName: name, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    for (let calls = 0; calls < 100_000 && iterator; calls++) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
      if (page.Records!.length === 0) break;
      records += page.Records!.length;
      iterator = page.NextShardIterator;
    }
  }
  return { records, perSecond: records / ((performance.now() - started) / 1000) };
}

/** Writes a benchmark's summary to bench/results/<prefix>-<time>.json and says where. */
export async function saveResults(prefix: string, summary: unknown): Promise<void> {
  const file = join('bench', 'results', `${prefix}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, JSON.stringify(summary, null, 2) + '\n');
  console.log(`written to ${file}`);
}
