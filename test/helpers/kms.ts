// KMS test servers in both modes: built-in (this server's own key store) and external
// (a Sealstream whose --kms-endpoint is a second Sealstream). The same KMS suite runs
// against both.
import { CreateKeyCommand, KMSClient, type CreateKeyCommandInput, type KeyMetadata } from '@aws-sdk/client-kms';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import http from 'node:http';
import type { Config } from '../../src/config/config.js';
import { serverSuite, startServer, testCredentials, credentialsFor, type ServerSuite, type TestServer } from './server.js';

export type KmsMode = 'built-in' | 'external';
export const kmsModes: KmsMode[] = ['built-in', 'external'];

export interface KmsTestServer {
  /** The endpoint clients talk to. */
  endpoint: string;
  /** The server whose key store holds the keys (the second one in external mode). */
  keyServer: TestServer;
  close(): Promise<void>;
}

export async function startKmsServer(mode: KmsMode, overrides: Partial<Config> = {}): Promise<KmsTestServer> {
  if (mode === 'built-in') {
    const server = await startServer(overrides);
    return { endpoint: server.endpoint, keyServer: server, close: () => server.close() };
  }
  // The external KMS takes the front server's configured credentials; it stays open even in strict test runs.
  const keyServer = await startServer({ auth: 'open' });
  const front = await startServer({ ...overrides, kmsEndpoint: keyServer.endpoint, kmsAccessKeyId: testCredentials.accessKeyId, kmsSecretAccessKey: testCredentials.secretAccessKey });
  return {
    endpoint: front.endpoint,
    keyServer,
    close: async () => {
      await front.close();
      await keyServer.close();
    },
  };
}

/** `endpoint` may be read late, on each request, for a client made before its server starts. */
export function kmsClient(endpoint: string | (() => string), region = 'us-east-1'): KMSClient {
  return new KMSClient({
    endpoint: typeof endpoint === 'string' ? endpoint : async () => ({ url: new URL(endpoint()) }),
    region,
    credentials: credentialsFor(endpoint),
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true }), requestTimeout: 30_000 }),
  });
}

export interface KmsSuite extends ServerSuite<KmsTestServer, KMSClient> {
  newKey(input?: CreateKeyCommandInput): Promise<KeyMetadata>;
}

/** KMS tests in one mode, on servers of their own (serverSuite), and keys made through the suite's client. */
export function kmsSuite(mode: KmsMode, overrides: Partial<Config> = {}): KmsSuite {
  const suite = serverSuite(
    () => startKmsServer(mode, overrides),
    (endpoint) => kmsClient(endpoint),
  );
  // Assigned, not spread: spreading would read the server before it has started.
  return Object.assign(suite, {
    newKey: async (input: CreateKeyCommandInput = {}) => (await suite.client.send(new CreateKeyCommand(input))).KeyMetadata!,
  });
}
