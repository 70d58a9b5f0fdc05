// Strict-mode test servers (--auth strict, the root's credentials in a 0600 file the test
// writes) and clients of every service signed with a given principal's credentials.
import http from 'node:http';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { KMSClient } from '@aws-sdk/client-kms';
import { IAMClient, CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';
import type { StartOptions } from '../../src/main.js';
import type { Config } from '../../src/config/config.js';
import { startServer, testCredentials, uniqueName, writeRootCredentialsFile, type HttpVersion, type TestServer } from './server.js';

export const accountId = '000000000000';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The account root of every strict test server. */
export const rootCredentials: Credentials = testCredentials;

/** A strict server whose root credentials come from a file the test wrote, readable by its owner only. */
export async function startStrictServer(overrides: Partial<Config> = {}, internal: Omit<StartOptions, 'log'> = {}): Promise<TestServer> {
  const rootFile = await writeRootCredentialsFile(rootCredentials);
  const server = await startServer({ auth: 'strict', rootCredentialsFile: rootFile.file, ...overrides }, internal);
  return {
    ...server,
    close: async () => {
      await server.close();
      await rootFile.remove();
    },
  };
}

function handler(version: HttpVersion) {
  return version === 'h2'
    ? new NodeHttp2Handler({ requestTimeout: 30_000, sessionTimeout: 30_000 })
    : new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true }), requestTimeout: 30_000 });
}

export interface ClientOptions {
  /** Milliseconds added to the client's clock when it signs. */
  systemClockOffset?: number;
  /** us-east-1 unless told. */
  region?: string;
}

/** Clients of every service on one server, all signing with `credentials`. */
export class Clients {
  readonly kinesis: KinesisClient;
  readonly kms: KMSClient;
  readonly iam: IAMClient;
  readonly sts: STSClient;
  readonly cloudTrail: CloudTrailClient;

  constructor(endpoint: string, credentials: Credentials, version: HttpVersion = 'h2', options: ClientOptions = {}) {
    const common = { endpoint, region: options.region ?? 'us-east-1', credentials, maxAttempts: 1, ...(options.systemClockOffset !== undefined ? { systemClockOffset: options.systemClockOffset } : {}) };
    this.kinesis = new KinesisClient({ ...common, requestHandler: handler(version) });
    this.kms = new KMSClient({ ...common, requestHandler: handler(version) });
    this.iam = new IAMClient({ ...common, requestHandler: handler('h1') });
    this.sts = new STSClient({ ...common, requestHandler: handler('h1') });
    this.cloudTrail = new CloudTrailClient({ ...common, requestHandler: handler(version) });
  }

  destroy(): void {
    for (const client of [this.kinesis, this.kms, this.iam, this.sts, this.cloudTrail]) client.destroy();
  }
}

export interface TestUser {
  name: string;
  arn: string;
  userId: string;
  credentials: Credentials;
}

/** An IAM user with an access key and, for each entry of `policies`, an inline policy of that name. */
export async function createUser(root: IAMClient, policies: Record<string, object> = {}, prefix = 'user'): Promise<TestUser> {
  const name = uniqueName(prefix);
  const { User } = await root.send(new CreateUserCommand({ UserName: name }));
  const { AccessKey } = await root.send(new CreateAccessKeyCommand({ UserName: name }));
  for (const [policyName, document] of Object.entries(policies)) await root.send(new PutUserPolicyCommand({ UserName: name, PolicyName: policyName, PolicyDocument: JSON.stringify(document) }));
  return { name, arn: User!.Arn!, userId: User!.UserId!, credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! } };
}

export function allow(action: string | string[], resource: string | string[] = '*', extra: object = {}): object {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...extra }] };
}

/** Asserts the promise fails with this error name, HTTP status and message (exact text or pattern). */
export async function refused(promise: Promise<unknown>, name: string, status: number, message?: string | RegExp): Promise<void> {
  await assert.rejects(promise, (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(error.name, name, error.message);
    assert.equal(error.$metadata?.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(error.message, message);
    else if (message) assert.match(error.message, message);
    return true;
  });
}

export interface StrictSuite {
  server: TestServer;
  /** Clients signing as the account root. */
  root: Clients;
  /** Clients signing with `credentials` (a clock `offset` ms off, in `region`), closed with the suite. */
  as(credentials: Credentials, offset?: number, region?: string): Clients;
}

/** For a describe block: a strict server started before its tests, and clients made through it closed after them. */
export function strictSuite(version: HttpVersion, internal: Omit<StartOptions, 'log'> = {}): StrictSuite {
  const clients: Clients[] = [];
  const state = {} as StrictSuite;
  before(async () => {
    state.server = await startStrictServer({}, internal);
    state.as = (credentials, offset, region) => {
      const made = new Clients(state.server.endpoint, credentials, version, { ...(offset === undefined ? {} : { systemClockOffset: offset }), ...(region ? { region } : {}) });
      clients.push(made);
      return made;
    };
    state.root = state.as(rootCredentials);
  });
  after(async () => {
    for (const made of clients) made.destroy();
    await state.server.close();
  });
  return state;
}
