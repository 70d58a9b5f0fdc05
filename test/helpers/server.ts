// Test servers on port 0: in-process for most tests, a child process where a test must
// kill the server. Clients are the real AWS SDK v3 ones, retries off.
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before } from 'node:test';
import http from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';
import { defaults, type Config } from '../../src/config/config.js';
import { startSealstream, type RunningServer, type StartOptions } from '../../src/main.js';
import { createLogger } from '../../src/log.js';

export type HttpVersion = 'h2' | 'h1';
export const httpVersions: HttpVersion[] = ['h2', 'h1'];

export interface TestServer {
  endpoint: string;
  port: number;
  server: RunningServer;
  dataDir: string | undefined;
  close(): Promise<void>;
}

/** `internal`: what tests may set and no flag does (StartOptions in src/main.ts). */
export async function startServer(overrides: Partial<Config> = {}, internal: Omit<StartOptions, 'log'> = {}): Promise<TestServer> {
  const inMemory = overrides.inMemory ?? overrides.dataDir === undefined;
  const dataDir = inMemory ? undefined : overrides.dataDir ?? (await mkdtemp(join(tmpdir(), 'sealstream-test-')));
  const config: Config = {
    ...defaults,
    port: 0,
    transitionMs: 50,
    logLevel: 'silent',
    ...overrides,
    inMemory,
    dataDir: dataDir ?? defaults.dataDir,
  };
  // SEALSTREAM_TEST_AUTH=strict (npm test's second pass over the data-path tests): the
  // same tests, with verified signatures, as an IAM user whose policy allows them.
  const strict = process.env.SEALSTREAM_TEST_AUTH === 'strict' && overrides.auth === undefined;
  let root: typeof testCredentials | undefined;
  let rootFile: RootCredentialsFile | undefined;
  if (strict) {
    root = { accessKeyId: `AKIAROOT${randomBytes(6).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(30).toString('base64') };
    rootFile = await writeRootCredentialsFile(root);
    config.auth = 'strict';
    config.rootCredentialsFile = rootFile.file;
  }
  const server = await startSealstream(config, { ...internal, log: createLogger(process.env.SEALSTREAM_TEST_LOG_LEVEL as Config['logLevel'] ?? 'silent') });
  if (root) {
    // One user for both ports: a TLS client signs as the same user as a plain one.
    const user = await allowedUser(`http://127.0.0.1:${server.port}`, root);
    credentialsByPort.set(server.port, user);
    if (server.tls) credentialsByPort.set(server.tls.port, user);
  }
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    port: server.port,
    server,
    dataDir,
    close: async () => {
      await server.close();
      await rootFile?.remove();
    },
  };
}

export interface RootCredentialsFile {
  file: string;
  remove(): Promise<void>;
}

/** The account root's credentials in a file of their own, as --root-credentials-file reads it, readable by its owner only. */
export async function writeRootCredentialsFile(credentials: typeof testCredentials): Promise<RootCredentialsFile> {
  const dir = await mkdtemp(join(tmpdir(), 'sealstream-root-'));
  const file = join(dir, 'root.json');
  await writeFile(file, JSON.stringify({ Version: 1, AccessKeyId: credentials.accessKeyId, SecretAccessKey: credentials.secretAccessKey }), { mode: 0o600 });
  return { file, remove: () => removeDir(dir) };
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

export const testCredentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** Strict-mode servers' allowed users, by port; open-mode servers take any credentials. */
const credentialsByPort = new Map<number, typeof testCredentials>();

/** The policy of the data-path tests' user in strict mode: the Kinesis, KMS and Firehose actions they call, on every resource. */
const dataPathPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kinesis:*', 'kms:*', 'firehose:*'], Resource: '*' }] });

async function allowedUser(endpoint: string, root: typeof testCredentials): Promise<typeof testCredentials> {
  const iam = new IAMClient({ endpoint, region: 'us-east-1', credentials: root, maxAttempts: 1 });
  try {
    const userName = `data-path-${randomBytes(4).toString('hex')}`;
    await iam.send(new CreateUserCommand({ UserName: userName }));
    await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: 'data-path', PolicyDocument: dataPathPolicy }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
    return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
  } finally {
    iam.destroy();
  }
}

/** The credentials for a test server's endpoint: its allowed user in strict mode, else the fixed test ones. Read when a client first signs. */
export function credentialsFor(endpoint: string | (() => string)): () => Promise<typeof testCredentials> {
  return async () => {
    const url = new URL(typeof endpoint === 'string' ? endpoint : endpoint());
    return credentialsByPort.get(Number(url.port)) ?? testCredentials;
  };
}

/** `endpoint` may be read late, on each request, for a client made before its server starts. */
export function kinesisClient(endpoint: string | (() => string), version: HttpVersion = 'h2', region = 'us-east-1'): KinesisClient {
  return new KinesisClient({
    endpoint: typeof endpoint === 'string' ? endpoint : async () => ({ url: new URL(endpoint()) }),
    region,
    credentials: credentialsFor(endpoint),
    maxAttempts: 1,
    requestHandler:
      version === 'h2'
        ? new NodeHttp2Handler({ requestTimeout: 30_000, sessionTimeout: 30_000 })
        : new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true }), requestTimeout: 30_000 }),
  });
}

export interface ServerSuite<Server, Client> {
  /** A client of the suite's server, for the suite's tests and hooks. */
  client: Client;
  /** The running server: read it in a test or hook, not while the suite is declared. */
  readonly server: Server;
}

/**
 * For a describe block: a server started before its tests and closed after them, and a
 * client of it. The client exists at once (its endpoint is read when it sends) so that the
 * block's helpers and tests can name it as they are declared.
 */
export function serverSuite<Server extends { endpoint: string; close(): Promise<void> }, Client extends { destroy(): void }>(
  start: () => Promise<Server>,
  clientOf: (endpoint: () => string) => Client,
): ServerSuite<Server, Client> {
  let server: Server | undefined;
  const client = clientOf(() => server!.endpoint);
  before(async () => {
    server = await start();
  });
  after(async () => {
    client.destroy();
    await server?.close();
  });
  return {
    client,
    get server() {
      return server!;
    },
  };
}

/** Kinesis tests over one HTTP version, on a server of their own. */
export function kinesisSuite(version: HttpVersion, overrides: Partial<Config> = {}): ServerSuite<TestServer, KinesisClient> {
  return serverSuite(
    () => startServer(overrides),
    (endpoint) => kinesisClient(endpoint, version),
  );
}

/** A unique stream name per test, so tests never see each other's streams. */
let counter = 0;
export function uniqueName(prefix = 'stream'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

// ---- a server in a child process, for tests that kill it

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliPath = join(root, 'src', 'cli', 'main.js');

export interface ChildServer {
  process: ChildProcess;
  endpoint: string;
  port: number;
  /** Everything the child wrote to stdout and stderr so far. */
  output(): string;
  exited: Promise<number | null>;
}

export function spawnServer(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--log-level', 'info', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"port":(\d+)[^\n]*"msg":"sealstream listening"/.exec(output);
      if (match) {
        clearTimeout(timer);
        const port = Number(match[1]);
        resolve({ process: child, endpoint: `http://127.0.0.1:${port}`, port, output: () => output, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
}
