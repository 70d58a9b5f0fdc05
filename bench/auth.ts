// The data-path cost of strict authentication: the same loads against an open server and a
// strict one (verified SigV4, IAM policy and KMS key-policy decisions, the SSE permission
// asked on every request), each durable, on a stream encrypted under a customer CMK.
// The strict client is an IAM user whose policy allows exactly what the load does.
//
//   npm run bench:auth [-- --seconds 4 --rounds 3 --concurrency 4]
//
// Loopback only, bounded in time. Results also go to bench/results/auth-<time>.json.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { CreateStreamCommand, KinesisClient, PutRecordCommand, PutRecordsCommand, StartStreamEncryptionCommand } from '@aws-sdk/client-kinesis';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { defaults, type AuthMode } from '../src/config/config.js';
import { startSealstream } from '../src/main.js';
import { createLogger } from '../src/log.js';
import { batch, drainShards, loadOptions, median, saveResults, shards, timedLoad, waitActive } from './sdk-loads.js';

const { seconds, rounds, concurrency } = loadOptions();
const single = randomBytes(1024);

type Credentials = { accessKeyId: string; secretAccessKey: string };
const agent = () => new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true, maxSockets: concurrency }) });

interface Figures {
  putRecordsPerSecond: number;
  putRecordCallsPerSecond: number;
  getRecordsPerSecond: number;
}

async function measure(mode: AuthMode, round: number): Promise<Figures> {
  const dataDir = await mkdtemp(join(tmpdir(), `sealstream-bench-auth-${mode}-`));
  const root: Credentials = { accessKeyId: 'AKIABENCHROOT0000001', secretAccessKey: randomBytes(30).toString('base64') };
  const rootFile = join(dataDir, 'root.json');
  await writeFile(rootFile, JSON.stringify({ Version: 1, AccessKeyId: root.accessKeyId, SecretAccessKey: root.secretAccessKey }), { mode: 0o600 });
  const server = await startSealstream({ ...defaults, port: 0, dataDir, transitionMs: 10, logLevel: 'silent', auth: mode, rootCredentialsFile: rootFile }, { log: createLogger('silent') });
  const endpoint = `http://127.0.0.1:${server.port}`;
  const admin = { endpoint, region: 'us-east-1', credentials: root, maxAttempts: 1 };
  const kms = new KMSClient(admin);
  const iam = new IAMClient(admin);
  const adminKinesis = new KinesisClient(admin);
  let client: KinesisClient | undefined;
  try {
    const stream = `auth-${mode}-${round}`;
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    await adminKinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: shards }));
    const active = () => waitActive(adminKinesis, stream);
    await active();
    await adminKinesis.send(new StartStreamEncryptionCommand({ StreamName: stream, EncryptionType: 'KMS', KeyId: key }));
    await active();
    // Open mode takes any signature as the root; strict mode's client is a user allowed just this.
    let credentials: Credentials = { accessKeyId: 'AKIAOPENMODE00000000', secretAccessKey: 'open' };
    if (mode === 'strict') {
      await iam.send(new CreateUserCommand({ UserName: 'bench' }));
      const policy = {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['kinesis:PutRecord', 'kinesis:PutRecords', 'kinesis:GetShardIterator', 'kinesis:GetRecords'], Resource: `arn:aws:kinesis:us-east-1:${defaults.accountId}:stream/${stream}` },
          { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: key },
        ],
      };
      await iam.send(new PutUserPolicyCommand({ UserName: 'bench', PolicyName: 'bench', PolicyDocument: JSON.stringify(policy) }));
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'bench' }));
      credentials = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    }
    const user = new KinesisClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: agent() });
    client = user;

    const timed = (call: () => Promise<number>) => timedLoad(concurrency, seconds, call);
    const putRecordsPerSecond = await timed(async () => {
      await user.send(new PutRecordsCommand({ StreamName: stream, Records: batch }));
      return batch.length;
    });
    // Single-record calls: the per-request share of authentication and authorization shows here.
    let next = 0;
    const putRecordCallsPerSecond = await timed(async () => {
      await user.send(new PutRecordCommand({ StreamName: stream, PartitionKey: `single-${next++}`, Data: single }));
      return 1;
    });
    const getRecordsPerSecond = (await drainShards(user, stream, shards)).perSecond;
    return { putRecordsPerSecond, putRecordCallsPerSecond, getRecordsPerSecond };
  } finally {
    client?.destroy();
    for (const admin of [kms, iam, adminKinesis]) admin.destroy();
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const results: Array<{ round: number; mode: AuthMode } & Figures> = [];
  for (let round = 0; round < rounds; round++) {
    // Alternate which goes first, so neither always gets the cooler machine.
    const order: AuthMode[] = round % 2 === 0 ? ['open', 'strict'] : ['strict', 'open'];
    for (const mode of order) results.push({ round, mode, ...(await measure(mode, round)) });
  }
  const of = (mode: AuthMode, field: keyof Figures) => median(results.filter((result) => result.mode === mode).map((result) => result[field]));
  const row = (field: keyof Figures, unit: string) => {
    const open = of('open', field);
    const strict = of('strict', field);
    return { [`open ${unit}`]: Math.round(open), [`strict ${unit}`]: Math.round(strict), 'strict/open': (strict / open).toFixed(3), 'added µs per unit': ((1 / strict - 1 / open) * 1e6).toFixed(2) };
  };
  const table = {
    'PutRecords (500 × 1 KiB)': row('putRecordsPerSecond', 'rec/s'),
    'PutRecord (1 KiB)': row('putRecordCallsPerSecond', 'calls/s'),
    'GetRecords drain': row('getRecordsPerSecond', 'rec/s'),
  };
  const summary = {
    node: process.version,
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    load: { seconds, rounds, concurrency, shards, recordBytes: 1024, storage: 'lmdb (durable)', http: '1.1 keep-alive', stream: 'SSE under a customer CMK' },
    table,
    rounds: results,
  };
  console.log(`Sealstream strict vs open auth — Node ${summary.node}, ${summary.cpu} (${summary.cores} cores); ${rounds} rounds of ${seconds}s per load, ${concurrency} in flight, durable LMDB, SSE stream`);
  console.table(table);
  await saveResults('auth', summary);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
