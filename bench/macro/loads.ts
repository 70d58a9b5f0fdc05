// The loads, the same for every server: ingest, drain, put-to-get (issue: benchmarks
// side by side with the peers). Every loop is bounded in time and count.
import { randomBytes } from 'node:crypto';
import type { RawClient } from './raw-client.js';

export const shardCount = 4;
const recordsPerCall = 500;
const recordBytes = 1024;

export interface Batch {
  /** base64 of each record's data, for verifying what comes back. */
  data: string[];
  body(streamName: string): string;
}

export function makeBatch(): Batch {
  const data = Array.from({ length: recordsPerCall }, () => randomBytes(recordBytes).toString('base64'));
  const records = data.map((item, index) => ({ Data: item, PartitionKey: `partition-${index}` }));
  return { data, body: (streamName) => JSON.stringify({ StreamName: streamName, Records: records }) };
}

export const percentile = (values: number[], fraction: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
};

async function expectOk(promise: Promise<{ status: number; body: Buffer }>, what: string): Promise<Record<string, unknown>> {
  const answer = await promise;
  if (answer.status !== 200) throw new Error(`${what}: HTTP ${answer.status} ${answer.body.toString().slice(0, 200)}`);
  return answer.body.length ? (JSON.parse(answer.body.toString()) as Record<string, unknown>) : {};
}

export async function createStream(client: RawClient, name: string, shards: number, encrypt: boolean): Promise<void> {
  await expectOk(client.call('CreateStream', JSON.stringify({ StreamName: name, ShardCount: shards })), 'CreateStream');
  await waitActive(client, name);
  if (encrypt) {
    await expectOk(client.call('StartStreamEncryption', JSON.stringify({ StreamName: name, EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' })), 'StartStreamEncryption');
    await waitActive(client, name);
  }
}

async function waitActive(client: RawClient, name: string): Promise<void> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const answer = await client.call('DescribeStreamSummary', JSON.stringify({ StreamName: name }));
    if (answer.status === 200 && (JSON.parse(answer.body.toString()) as { StreamDescriptionSummary: { StreamStatus: string } }).StreamDescriptionSummary.StreamStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${name} never became ACTIVE`);
}

export interface IngestResult {
  recordsPerSecond: number;
  mibPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  calls: number;
  failedCalls: number;
}

export async function ingest(client: RawClient, name: string, batch: Batch, concurrency: number, seconds: number): Promise<IngestResult> {
  const body = batch.body(name);
  const latencies: number[] = [];
  let failedCalls = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline && latencies.length < 1_000_000) {
      const started = performance.now();
      const answer = await client.call('PutRecords', body);
      if (answer.status === 200 && answer.body.includes('"FailedRecordCount":0')) latencies.push(performance.now() - started);
      else failedCalls++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  const records = latencies.length * batch.data.length;
  return {
    recordsPerSecond: records / elapsed,
    mibPerSecond: (records * 1024) / elapsed / 1024 / 1024,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    calls: latencies.length,
    failedCalls,
  };
}

export interface DrainResult {
  recordsPerSecond: number;
  records: number;
  isVerified: boolean;
}

/** Reads every shard to its end; verified when the count and each record's bytes match what was written. */
export async function drain(client: RawClient, name: string, batch: Batch, expectedCalls: number): Promise<DrainResult> {
  const index = new Map(batch.data.map((item, position) => [item, position]));
  const seen = new Array<number>(batch.data.length).fill(0);
  let records = 0;
  let unknown = 0;
  // Every shard at once, one reader each, as a consumer runs one worker per shard (the KCL's
  // ShardConsumer): the server reads and answers one shard while the client parses another's page.
  const readShard = async (shard: number) => {
    const shardId = `shardId-${String(shard).padStart(12, '0')}`;
    let iterator = (await expectOk(client.call('GetShardIterator', JSON.stringify({ StreamName: name, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' })), 'GetShardIterator')).ShardIterator as string | undefined;
    for (let calls = 0; calls < 100_000 && iterator; calls++) {
      const page = await expectOk(client.call('GetRecords', JSON.stringify({ ShardIterator: iterator, Limit: 10_000 })), 'GetRecords');
      const items = page.Records as Array<{ Data: string }>;
      if (items.length === 0) break;
      for (const item of items) {
        const position = index.get(item.Data);
        if (position === undefined) unknown++;
        else seen[position]!++;
      }
      records += items.length;
      iterator = page.NextShardIterator as string | undefined;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: shardCount }, (_, shard) => readShard(shard)));
  const elapsed = (performance.now() - started) / 1000;
  const isVerified = unknown === 0 && records === expectedCalls * batch.data.length && seen.every((count) => count === expectedCalls);
  return { recordsPerSecond: records / elapsed, records, isVerified };
}

export interface LatencyResult {
  p50Ms: number;
  p99Ms: number;
  samples: number;
}

/**
 * PutRecord of 1 KiB, one at a time, while a consumer polls GetRecords back to back; time
 * from send to seen. The first `warmUp` records are not measured: the loads before warm
 * other calls, and a JIT still optimizing PutRecord and the polls adds milliseconds to a
 * few records in a hundred, which a long-running server does not spend.
 */
export async function putToGet(producer: RawClient, consumer: RawClient, name: string, samples: number, warmUp: number): Promise<LatencyResult> {
  const start = await expectOk(consumer.call('GetShardIterator', JSON.stringify({ StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'LATEST' })), 'GetShardIterator');
  let iterator = start.ShardIterator as string;
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let isDone = false;
  const deadline = performance.now() + 60_000;
  const poll = async () => {
    while (!isDone && performance.now() < deadline) {
      const answer = await consumer.call('GetRecords', JSON.stringify({ ShardIterator: iterator }));
      const seenAt = performance.now();
      if (answer.status !== 200) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      const page = JSON.parse(answer.body.toString()) as { Records: Array<{ PartitionKey: string }>; NextShardIterator: string };
      for (const record of page.Records) {
        const sent = sentAt.get(record.PartitionKey);
        if (sent !== undefined) latencies.push(seenAt - sent);
      }
      iterator = page.NextShardIterator;
    }
  };
  const polling = poll();
  const padding = randomBytes(1000).toString('base64').slice(0, 1364);
  for (let sample = -warmUp; sample < samples && performance.now() < deadline; sample++) {
    // Warm-up records have keys the poller does not know, so they are never measured.
    const key = `latency-${sample}`;
    if (sample >= 0) sentAt.set(key, performance.now());
    await expectOk(producer.call('PutRecord', JSON.stringify({ StreamName: name, PartitionKey: key, Data: padding })), 'PutRecord');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  while (latencies.length < samples && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  isDone = true;
  await polling;
  return { p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99), samples: latencies.length };
}
