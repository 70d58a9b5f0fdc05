// Enhanced fan-out latency, measured: how long from a PutRecord to the SubscribeToShard
// event that carries the record, over h2c against a server in a child process (its own
// event loop, as a user's would be), through two clients: @aws-sdk/client-kinesis (what
// users run; its signing and middleware are part of every figure) and a bare HTTP/2
// client on one session (what the server itself adds). One record at a time with a pause
// between, so each figure is one record's trip, not a batch's. Each measurement starts with
// unmeasured records that warm connections, key material and both processes' JIT, so the
// figures are a running server's: V8 goes on optimizing a fresh server's code for about
// its first 2,000 calls, and while it does, a few records in a hundred take 3 to 10 ms
// (the same records in every run; with V8's compiler kept on the main thread,
// --single-threaded, more of them and longer).
//
//   put → event   from just before PutRecord is sent to the event arriving at the subscriber
//   ack → event   from PutRecord's answer to the event (negative: the event came first)
//
// for the durable LMDB engine and the memory engine, plain and encrypted (SSE-KMS) streams,
// and for the fan-out sink (fan-out-sink.ts): Sealstream's transport and event framing with
// nothing behind them, the floor this machine, Node's HTTP/2 and each client set in the
// same run. The SDK client here shares one HTTP/2 connection between its calls (a
// NodeHttp2Handler of its own); the Kinesis client's default handler opens a connection
// per call (disableConcurrentStreams), which would add a TCP and HTTP/2 handshake to each put.
//
//   npm run bench:fan-out [-- --records 2000 --warm-up 3000 --gap-ms 2]
//
// Loopback only, bounded in records. Results also go to bench/results/fan-out-<time>.json.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  CreateStreamCommand,
  DescribeStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  PutRecordCommand,
  RegisterStreamConsumerCommand,
  StartStreamEncryptionCommand,
  SubscribeToShardCommand,
  type SubscribeToShardEventStream,
} from '@aws-sdk/client-kinesis';
import { NodeHttp2Handler } from '@smithy/node-http-handler';
import { EventStreamCodec } from '@smithy/core/event-streams';
import http2 from 'node:http2';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '2000' }, 'warm-up': { type: 'string', default: '3000' }, 'gap-ms': { type: 'string', default: '2' } },
});
const records = Math.min(Math.max(Number(values.records), 200), 5_000);
const warmUp = Math.min(Math.max(Number(values['warm-up']), 0), 5_000);
/** Records put per measurement: the warm-up's, then the measured ones. */
const total = warmUp + records;
const gapMs = Math.min(Number(values['gap-ms']), 100);
const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'src', 'cli', 'main.js');
const sink = join(here, 'fan-out-sink.js');

interface Figures {
  p50: number;
  p99: number;
  max: number;
}

const percentile = (sorted: number[], fraction: number) => sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
const figures = (samples: number[]): Figures => {
  const sorted = [...samples].sort((left, right) => left - right);
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return { p50: round(percentile(sorted, 0.5)), p99: round(percentile(sorted, 0.99)), max: round(sorted[sorted.length - 1]!) };
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `args` under this Node and waits for the line that says which port it listens on. */
async function startChild(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 15_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"port":(\d+)[^\n]*"msg":"(sealstream|fan-out sink) listening"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  child.stdout!.resume();
  return { child, port };
}

interface Timings {
  sentAt: number[];
  ackedAt: number[];
  arrivedAt: number[];
}

/** Polls `probe` every 10 ms until it holds, at most 500 times. */
async function until(probe: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 500 && !(await probe()); tries++) await sleep(10);
}

/** Puts the warm-up's and the measured records one at a time, `gapMs` apart, noting when each was sent and answered. */
async function putOneAtATime(put: (index: number) => Promise<unknown>, timings: Timings): Promise<void> {
  for (let index = 0; index < total; index++) {
    timings.sentAt[index] = performance.now();
    await put(index);
    timings.ackedAt[index] = performance.now();
    await sleep(gapMs);
  }
}

function summarize({ sentAt, ackedAt, arrivedAt }: Timings): { putToEvent: Figures; ackToEvent: Figures } {
  const measured = Array.from({ length: records }, (_, index) => warmUp + index);
  return {
    putToEvent: figures(measured.map((index) => arrivedAt[index]! - sentAt[index]!)),
    ackToEvent: figures(measured.map((index) => arrivedAt[index]! - ackedAt[index]!)),
  };
}

/** What a measurement puts to: a new stream on Sealstream, plain or encrypted, or the fan-out sink, which has no streams or consumers to make first. */
type Target = { server: 'sealstream'; encrypted: boolean } | { server: 'sink' };

/** The stream and consumer a measurement uses; on Sealstream made, ACTIVE and (if asked) encrypted before it starts. */
async function prepare(target: Target, client: string, calls: {
  createStream(name: string): Promise<unknown>;
  startEncryption(name: string): Promise<unknown>;
  summary(name: string): Promise<{ StreamStatus?: string; StreamARN?: string }>;
  registerConsumer(streamArn: string): Promise<string>;
  consumerStatus(consumerArn: string): Promise<string | undefined>;
}): Promise<{ name: string; consumerArn: string }> {
  if (target.server === 'sink') return { name: 'fan-out-sink', consumerArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/fan-out-sink/consumer/bench:1' };
  const name = `fan-out-${client}-${target.encrypted ? 'sealed' : 'plain'}`;
  const isActive = async () => (await calls.summary(name)).StreamStatus === 'ACTIVE';
  await calls.createStream(name);
  await until(isActive);
  if (target.encrypted) {
    await calls.startEncryption(name);
    await sleep(20);
    await until(isActive);
  }
  const consumerArn = await calls.registerConsumer((await calls.summary(name)).StreamARN!);
  await until(async () => (await calls.consumerStatus(consumerArn)) === 'ACTIVE');
  return { name, consumerArn };
}

async function measureSdk(port: number, target: Target): Promise<{ putToEvent: Figures; ackToEvent: Figures }> {
  const client = new KinesisClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
    requestHandler: new NodeHttp2Handler({ requestTimeout: 60_000, sessionTimeout: 60_000 }),
  });
  try {
    const { name, consumerArn } = await prepare(target, 'sdk', {
      createStream: (name) => client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 })),
      startEncryption: (name) => client.send(new StartStreamEncryptionCommand({ StreamName: name, EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' })),
      summary: async (name) => (await client.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!,
      registerConsumer: async (streamArn) => (await client.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: 'bench' }))).Consumer!.ConsumerARN!,
      consumerStatus: async (consumerArn) => (await client.send(new DescribeStreamConsumerCommand({ ConsumerARN: consumerArn }))).ConsumerDescription!.ConsumerStatus,
    });

    const controller = new AbortController();
    const response = await client.send(new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' } }), { abortSignal: controller.signal });
    const timings: Timings = { sentAt: [], ackedAt: [], arrivedAt: [] };
    let arrived = 0;
    const reading = (async () => {
      for await (const event of response.EventStream as AsyncIterable<SubscribeToShardEventStream>) {
        const now = performance.now();
        for (const record of event.SubscribeToShardEvent?.Records ?? []) {
          timings.arrivedAt[Number(Buffer.from(record.Data!).toString())] = now;
          arrived++;
        }
        if (arrived >= total) break;
      }
    })();
    await putOneAtATime((index) => client.send(new PutRecordCommand({ StreamName: name, PartitionKey: `key-${index}`, Data: Buffer.from(String(index)) })), timings);
    await reading;
    controller.abort();
    return summarize(timings);
  } finally {
    client.destroy();
  }
}

/** The same trip through a bare HTTP/2 session: JSON requests with a well-formed (unverified) signature header, events cut and CRC-checked by the SDK codec. */
async function measureRaw(port: number, target: Target): Promise<{ putToEvent: Figures; ackToEvent: Figures }> {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  const headers = (operation: string) => ({
    ':method': 'POST',
    ':path': '/',
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': `Kinesis_20131202.${operation}`,
    authorization: 'AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=00',
    'x-amz-date': '20260101T000000Z',
  });
  const call = <T = unknown>(operation: string, body: unknown) =>
    new Promise<T>((resolve, reject) => {
      const request = session.request(headers(operation));
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => resolve((text ? JSON.parse(text) : {}) as T));
      request.on('error', reject);
      request.end(JSON.stringify(body));
    });
  try {
    const { name, consumerArn } = await prepare(target, 'raw', {
      createStream: (name) => call('CreateStream', { StreamName: name, ShardCount: 1 }),
      startEncryption: (name) => call('StartStreamEncryption', { StreamName: name, EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }),
      summary: async (name) => (await call<{ StreamDescriptionSummary: { StreamStatus: string; StreamARN: string } }>('DescribeStreamSummary', { StreamName: name })).StreamDescriptionSummary,
      registerConsumer: async (streamArn) => (await call<{ Consumer: { ConsumerARN: string } }>('RegisterStreamConsumer', { StreamARN: streamArn, ConsumerName: 'bench' })).Consumer.ConsumerARN,
      consumerStatus: async (consumerArn) => (await call<{ ConsumerDescription: { ConsumerStatus: string } }>('DescribeStreamConsumer', { ConsumerARN: consumerArn })).ConsumerDescription.ConsumerStatus,
    });

    const timings: Timings = { sentAt: [], ackedAt: [], arrivedAt: [] };
    const codec = new EventStreamCodec((bytes) => Buffer.from(bytes).toString('utf8'), (text) => Buffer.from(text, 'utf8'));
    const subscription = session.request(headers('SubscribeToShard'));
    subscription.end(JSON.stringify({ ConsumerARN: consumerArn, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' } }));
    let pending = Buffer.alloc(0);
    let arrived = 0;
    let allArrived: () => void = () => {};
    const done = new Promise<void>((resolve) => (allArrived = resolve));
    subscription.on('data', (chunk: Buffer) => {
      const now = performance.now();
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= pending.readUInt32BE(0)) {
        const message = codec.decode(pending.subarray(0, pending.readUInt32BE(0)));
        pending = pending.subarray(pending.readUInt32BE(0));
        if (message.headers[':event-type']?.value !== 'SubscribeToShardEvent') continue;
        for (const record of JSON.parse(Buffer.from(message.body).toString()).Records as { Data: string }[]) {
          timings.arrivedAt[Number(Buffer.from(record.Data, 'base64').toString())] = now;
          if (++arrived >= total) allArrived();
        }
      }
    });
    await new Promise((resolve) => subscription.once('response', resolve));
    await putOneAtATime((index) => call('PutRecord', { StreamName: name, PartitionKey: `key-${index}`, Data: Buffer.from(String(index)).toString('base64') }), timings);
    await done;
    subscription.close();
    return summarize(timings);
  } finally {
    session.destroy();
  }
}

async function main(): Promise<void> {
  const results: Record<string, { putToEvent: Figures; ackToEvent: Figures }> = {};
  for (const server of ['sink', 'lmdb', 'memory'] as const) {
    const dataDir = server === 'lmdb' ? await mkdtemp(join(tmpdir(), 'sealstream-bench-fan-out-')) : undefined;
    const { child, port } = await startChild(
      server === 'sink' ? [sink] : [cli, 'serve', '--port', '0', '--log-level', 'info', '--transition-ms', '10', ...(dataDir ? ['--data-dir', dataDir] : ['--in-memory'])],
    );
    try {
      const targets: [string, Target][] =
        server === 'sink'
          ? [['fan-out sink (no storage)', { server: 'sink' }]]
          : [false, true].map((encrypted) => [`${server}${dataDir ? ' (durable)' : ''}, ${encrypted ? 'SSE-KMS' : 'plain'}`, { server: 'sealstream', encrypted }]);
      for (const [label, target] of targets) {
        results[`${label}, AWS SDK`] = await measureSdk(port, target);
        results[`${label}, bare h2`] = await measureRaw(port, target);
      }
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    }
  }
  const summary = { node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, load: { records, warmUp, gapMs, transport: 'h2c, each server in a child process; @aws-sdk/client-kinesis and a bare HTTP/2 session' }, results };
  console.log(`Sealstream fan-out latency — Node ${summary.node}, ${summary.cpu} (${summary.cores} cores); ${records} PutRecords measured after ${warmUp} unmeasured, one at a time, ${gapMs} ms apart; milliseconds`);
  console.table(
    Object.fromEntries(
      Object.entries(results).map(([label, result]) => [
        label,
        { 'put→event p50': result.putToEvent.p50, 'put→event p99': result.putToEvent.p99, 'put→event max': result.putToEvent.max, 'ack→event p50': result.ackToEvent.p50, 'ack→event p99': result.ackToEvent.p99 },
      ]),
    ),
  );
  const file = join('bench', 'results', `fan-out-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, JSON.stringify(summary, null, 2) + '\n');
  console.log(`written to ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
