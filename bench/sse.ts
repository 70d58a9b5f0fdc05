// The cost of server-side encryption, measured: the same PutRecords and GetRecords load
// against a plain and an encrypted stream of one durable (LMDB) server, side by side,
// several rounds, medians; then the envelope code alone per record.
//
//   npm run bench:sse [-- --seconds 5 --rounds 3 --concurrency 4]
//
// Loopback only, bounded in time and records. Results also go to bench/results/sse-<time>.json.
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CreateStreamCommand, KinesisClient, PutRecordsCommand, StartStreamEncryptionCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import http from 'node:http';
import { defaults } from '../src/config/config.js';
import { startSealstream } from '../src/main.js';
import { createLogger } from '../src/log.js';
import { openRecord, sealRecord } from '../src/crypto/envelope.js';
import { batch, drainShards, loadOptions, median, saveResults, shards, timedLoad, waitActive } from './sdk-loads.js';

const { seconds, rounds, concurrency } = loadOptions();


async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sealstream-bench-sse-'));
  const server = await startSealstream({ ...defaults, port: 0, dataDir, transitionMs: 10, logLevel: 'silent' }, { log: createLogger('silent') });
  const client = new KinesisClient({
    endpoint: `http://127.0.0.1:${server.port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true, maxSockets: concurrency }) }),
  });
  const ingest = (name: string) =>
    timedLoad(concurrency, seconds, async () => {
      await client.send(new PutRecordsCommand({ StreamName: name, Records: batch }));
      return batch.length;
    });
  const drain = (name: string) => drainShards(client, name, shards);
  const active = (name: string) => waitActive(client, name);

  const results: Array<{ round: number; plainPut: number; encryptedPut: number; plainGet: number; encryptedGet: number }> = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const plain = `plain-${round}`;
      const sealed = `sealed-${round}`;
      for (const name of [plain, sealed]) await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
      await active(plain);
      await active(sealed);
      await client.send(new StartStreamEncryptionCommand({ StreamName: sealed, EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }));
      await active(sealed);
      // Alternate which goes first, so neither always gets the cooler machine.
      const order = round % 2 === 0 ? [plain, sealed] : [sealed, plain];
      const put: Record<string, number> = {};
      const get: Record<string, number> = {};
      for (const name of order) put[name] = await ingest(name);
      for (const name of order) get[name] = (await drain(name)).perSecond;
      results.push({ round, plainPut: put[plain]!, encryptedPut: put[sealed]!, plainGet: get[plain]!, encryptedGet: get[sealed]! });
    }
  } finally {
    client.destroy();
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }

  // The envelope alone: per-record seal and open of a 1 KiB record.
  const material = randomBytes(32);
  const place = { streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/bench', shardIndex: 0, seq: 1 };
  const content = { partitionKey: 'key-1', data: randomBytes(1024) };
  const iterations = 50_000;
  let started = performance.now();
  let sealedRecord = sealRecord(material, place, content);
  for (let index = 0; index < iterations; index++) sealedRecord = sealRecord(material, place, content);
  const sealMicros = ((performance.now() - started) * 1000) / iterations;
  started = performance.now();
  for (let index = 0; index < iterations; index++) openRecord(material, place, sealedRecord);
  const openMicros = ((performance.now() - started) * 1000) / iterations;

  const plainPut = median(results.map((result) => result.plainPut));
  const encryptedPut = median(results.map((result) => result.encryptedPut));
  const plainGet = median(results.map((result) => result.plainGet));
  const encryptedGet = median(results.map((result) => result.encryptedGet));
  const summary = {
    node: process.version,
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    load: { seconds, rounds, concurrency, shards, recordsPerCall: batch.length, recordBytes: 1024, storage: 'lmdb (durable)', http: '1.1 keep-alive' },
    put: { plainRecordsPerSecond: Math.round(plainPut), encryptedRecordsPerSecond: Math.round(encryptedPut), ratio: encryptedPut / plainPut, addedMicrosPerRecord: (1 / encryptedPut - 1 / plainPut) * 1e6 },
    get: { plainRecordsPerSecond: Math.round(plainGet), encryptedRecordsPerSecond: Math.round(encryptedGet), ratio: encryptedGet / plainGet, addedMicrosPerRecord: (1 / encryptedGet - 1 / plainGet) * 1e6 },
    envelope: { sealMicrosPerRecord: sealMicros, openMicrosPerRecord: openMicros },
    rounds: results,
  };
  console.log(`Sealstream SSE cost — Node ${summary.node}, ${summary.cpu} (${summary.cores} cores); ${rounds} rounds of ${seconds}s, ${concurrency} concurrent PutRecords of 500 × 1 KiB, durable LMDB`);
  console.table({
    PutRecords: { 'plain rec/s': summary.put.plainRecordsPerSecond, 'encrypted rec/s': summary.put.encryptedRecordsPerSecond, 'ratio': summary.put.ratio.toFixed(3), 'added µs/record': summary.put.addedMicrosPerRecord.toFixed(2) },
    GetRecords: { 'plain rec/s': summary.get.plainRecordsPerSecond, 'encrypted rec/s': summary.get.encryptedRecordsPerSecond, 'ratio': summary.get.ratio.toFixed(3), 'added µs/record': summary.get.addedMicrosPerRecord.toFixed(2) },
  });
  console.log(`envelope alone: seal ${sealMicros.toFixed(2)} µs, open ${openMicros.toFixed(2)} µs per 1 KiB record`);
  await saveResults('sse', summary);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
