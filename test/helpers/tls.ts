// Clients of the HTTPS port that trust the server's self-signed certificate, the way a
// user would: by its PEM as the only certificate authority (Node's `ca`).
import https from 'node:https';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { KMSClient } from '@aws-sdk/client-kms';
import { STSClient } from '@aws-sdk/client-sts';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';
import { credentialsFor, type HttpVersion, type TestServer } from './server.js';

export function tlsOf(server: TestServer): { endpoint: string; ca: string; port: number } {
  const tls = server.server.tls;
  if (!tls) throw new Error('the server has no --tls-port');
  return { endpoint: `https://127.0.0.1:${tls.port}`, ca: tls.certificatePem, port: tls.port };
}

export function tlsKinesisClient(server: TestServer, version: HttpVersion = 'h2', host = '127.0.0.1'): KinesisClient {
  const { ca, port } = tlsOf(server);
  return new KinesisClient({
    endpoint: `https://${host}:${port}`,
    region: 'us-east-1',
    credentials: credentialsFor(server.endpoint),
    maxAttempts: 1,
    requestHandler:
      version === 'h2'
        ? new NodeHttp2Handler({ requestTimeout: 30_000, sessionTimeout: 30_000, nodeHttp2ConnectOptions: { ca } })
        : new NodeHttpHandler({ httpsAgent: new https.Agent({ keepAlive: true, ca }), requestTimeout: 30_000 }),
  });
}

/** The settings of an HTTPS client over HTTP/1.1 (the KMS, Firehose and STS SDK clients' default handler). */
function tlsHttp1Settings(server: TestServer) {
  const { endpoint, ca } = tlsOf(server);
  return {
    endpoint,
    region: 'us-east-1',
    credentials: credentialsFor(server.endpoint),
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpsAgent: new https.Agent({ keepAlive: true, ca }), requestTimeout: 30_000 }),
  };
}

export function tlsKmsClient(server: TestServer): KMSClient {
  return new KMSClient(tlsHttp1Settings(server));
}

export function tlsFirehoseClient(server: TestServer): FirehoseClient {
  return new FirehoseClient(tlsHttp1Settings(server));
}

export function tlsStsClient(server: TestServer): STSClient {
  return new STSClient(tlsHttp1Settings(server));
}
