// Firehose test helpers: the SDK client (retries off), waiting for states, the files of the
// local S3 store, and a local HTTP receiver that records what Firehose POSTs to it.
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DescribeDeliveryStreamCommand, FirehoseClient, type DeliveryStreamDescription } from '@aws-sdk/client-firehose';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { filesUnder } from './children.js';
import { testCredentials, waitFor } from './server.js';

export function firehoseClient(endpoint: string, region = 'us-east-1'): FirehoseClient {
  return new FirehoseClient({
    endpoint,
    region,
    credentials: testCredentials,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true }), requestTimeout: 30_000 }),
  });
}

export const roleArn = 'arn:aws:iam::000000000000:role/firehose-test';

export function bucketArn(bucket: string): string {
  return `arn:aws:s3:::${bucket}`;
}

export async function describe(client: FirehoseClient, name: string): Promise<DeliveryStreamDescription> {
  return (await client.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))).DeliveryStreamDescription!;
}

/** Waits until the delivery stream's description satisfies `test`, and returns it. */
export function waitForDescription(client: FirehoseClient, name: string, test: (description: DeliveryStreamDescription) => boolean): Promise<DeliveryStreamDescription> {
  return waitFor(async () => {
    const description = await describe(client, name);
    return test(description) ? description : undefined;
  });
}

export function waitActive(client: FirehoseClient, name: string): Promise<DeliveryStreamDescription> {
  return waitForDescription(client, name, (description) => description.DeliveryStreamStatus === 'ACTIVE');
}

export interface StoredObject {
  /** The object key: the path below the bucket, with / separators. */
  key: string;
  body: Buffer;
}

/** Every object of a bucket in the local S3 store in the order they were delivered (one at a time per stream), gunzipped when the key ends in .gz. */
export async function objectsOf(s3Dir: string, bucket: string): Promise<StoredObject[]> {
  const bucketDir = `${s3Dir}${sep}${bucket}`;
  let files: string[];
  try {
    files = await filesUnder(bucketDir);
  } catch {
    return [];
  }
  const objects: Array<StoredObject & { writtenAt: number }> = [];
  for (const file of files) {
    const key = relative(bucketDir, file).split(sep).join('/');
    if (key.split('/').some((part) => part.startsWith('.'))) continue;
    const raw = await readFile(file);
    objects.push({ key, body: key.endsWith('.gz') ? gunzipSync(raw) : raw, writtenAt: (await stat(file)).mtimeMs });
  }
  objects.sort((left, right) => left.writtenAt - right.writtenAt || (left.key < right.key ? -1 : 1));
  return objects.map(({ key, body }) => ({ key, body }));
}

export interface ReceivedRequest {
  headers: http.IncomingHttpHeaders;
  /** The body, gunzipped if Content-Encoding was gzip. */
  body: Buffer;
  rawBody: Buffer;
  receivedAt: number;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** The status (and body) the next requests get; by default 200 with the conforming answer. */
  respond: (request: ReceivedRequest) => { status: number; body?: string };
  close(): Promise<void>;
}

/** A local HTTP endpoint on 127.0.0.1 (needs --allow-http-endpoints), answering as the Firehose documentation asks. */
export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    requests: [],
    respond: (request) => {
      const { requestId } = JSON.parse(request.body.toString()) as { requestId: string };
      return { status: 200, body: JSON.stringify({ requestId, timestamp: Date.now() }) };
    },
    close: async () => {},
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const received: ReceivedRequest = {
        headers: request.headers,
        rawBody,
        body: request.headers['content-encoding'] === 'gzip' ? gunzipSync(rawBody) : rawBody,
        receivedAt: Date.now(),
      };
      receiver.requests.push(received);
      const answer = receiver.respond(received);
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  receiver.url = `http://127.0.0.1:${port}/ingest`;
  receiver.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return receiver;
}
