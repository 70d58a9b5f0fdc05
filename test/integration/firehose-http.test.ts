// HTTP endpoint delivery to a local receiver on 127.0.0.1 (the server runs with
// --allow-http-endpoints): Firehose's documented headers and body, the request id kept
// across retries, exponential backoff for RetryOptions.DurationInSeconds, then the S3
// backup of the failed data (aws-wire.md §3.6, §3.8, §5.7 item 39).
import { after, before, describe as suite, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateDeliveryStreamCommand, PutRecordBatchCommand, type FirehoseClient, type HttpEndpointDestinationConfiguration } from '@aws-sdk/client-firehose';
import { removeDir, startServer, uniqueName, waitFor, type TestServer } from '../helpers/server.js';
import { bucketArn, describe, firehoseClient, objectsOf, roleArn, startReceiver, waitActive, type Receiver } from '../helpers/firehose.js';

suite('firehose HTTP endpoint delivery', () => {
  let server: TestServer;
  let client: FirehoseClient;
  const receivers: Receiver[] = [];

  before(async () => {
    server = await startServer({ transitionMs: 20, allowHttpEndpoints: true });
    client = firehoseClient(server.endpoint);
  });
  after(async () => {
    client.destroy();
    await server.close();
    for (const receiver of receivers) await receiver.close();
    await removeDir(server.server.s3Dir);
  });

  async function setUp(extra: Partial<HttpEndpointDestinationConfiguration> = {}, endpoint: Partial<HttpEndpointDestinationConfiguration['EndpointConfiguration']> = {}) {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const name = uniqueName('http');
    const backupBucket = uniqueName('backup');
    await client.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: name,
        HttpEndpointDestinationConfiguration: {
          EndpointConfiguration: { Url: receiver.url, Name: 'local receiver', ...endpoint },
          BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 },
          S3Configuration: { RoleARN: roleArn, BucketARN: bucketArn(backupBucket) },
          ...extra,
        },
      }),
    );
    const description = await waitActive(client, name);
    return { receiver, name, backupBucket, description };
  }

  const put = (name: string, texts: string[]) => client.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: texts.map((text) => ({ Data: Buffer.from(text) })) }));

  it('POSTs the documented headers and body, and describes the destination without the access key', async () => {
    const { receiver, name, description } = await setUp(
      { RequestConfiguration: { CommonAttributes: [{ AttributeName: 'team', AttributeValue: 'data' }] } },
      { AccessKey: 'secret-access-key-1' },
    );
    const destination = description.Destinations![0]!.HttpEndpointDestinationDescription!;
    assert.deepEqual(destination.EndpointConfiguration, { Url: receiver.url, Name: 'local receiver' });
    assert.deepEqual(destination.RetryOptions, { DurationInSeconds: 300 });
    assert.equal(destination.S3BackupMode, 'FailedDataOnly');
    assert.equal(destination.RequestConfiguration!.ContentEncoding, 'NONE');
    const before = Date.now();
    await put(name, ['hello', 'hello world']);
    const [request] = await waitFor(async () => (receiver.requests.length > 0 ? receiver.requests : undefined));
    const headers = request!.headers;
    assert.equal(headers['content-type'], 'application/json');
    assert.equal(headers['x-amz-firehose-protocol-version'], '1.0');
    assert.equal(headers['x-amz-firehose-source-arn'], `arn:aws:firehose:us-east-1:000000000000:deliverystream/${name}`);
    assert.equal(headers['x-amz-firehose-access-key'], 'secret-access-key-1');
    assert.deepEqual(JSON.parse(headers['x-amz-firehose-common-attributes'] as string), { commonAttributes: { team: 'data' } });
    assert.equal(headers['content-encoding'], undefined);
    assert.equal(Number(headers['content-length']), request!.rawBody.length);
    const body = JSON.parse(request!.body.toString()) as { requestId: string; timestamp: number; records: Array<{ data: string }> };
    assert.equal(body.requestId, headers['x-amz-firehose-request-id']);
    assert.ok(Number.isInteger(body.timestamp) && body.timestamp >= before - 1000, 'timestamp in epoch milliseconds');
    assert.deepEqual(body.records, [{ data: Buffer.from('hello').toString('base64') }, { data: Buffer.from('hello world').toString('base64') }]);
  });

  it('sends no access-key header when none is configured, and gzips the body when asked', async () => {
    const { receiver, name } = await setUp({ RequestConfiguration: { ContentEncoding: 'GZIP' } });
    await put(name, ['compressed']);
    const [request] = await waitFor(async () => (receiver.requests.length > 0 ? receiver.requests : undefined));
    assert.equal(request!.headers['x-amz-firehose-access-key'], undefined);
    assert.equal(request!.headers['content-encoding'], 'gzip');
    assert.notDeepEqual(request!.rawBody, request!.body);
    assert.deepEqual((JSON.parse(request!.body.toString()) as { records: unknown[] }).records, [{ data: Buffer.from('compressed').toString('base64') }]);
  });

  it('retries a batch answered with a 500 after backing off, with the same request id, and backs nothing up', async () => {
    const { receiver, name, backupBucket } = await setUp({ RetryOptions: { DurationInSeconds: 60 } });
    const answer = receiver.respond;
    receiver.respond = (request) => (receiver.requests.length === 1 ? { status: 500, body: 'try later' } : answer(request));
    await put(name, ['once']);
    const requests = await waitFor(async () => (receiver.requests.length >= 2 ? receiver.requests : undefined));
    const ids = requests.map((request) => request.headers['x-amz-firehose-request-id']);
    assert.equal(ids[0], ids[1]);
    assert.equal((JSON.parse(requests[1]!.body.toString()) as { requestId: string }).requestId, ids[0]);
    // Backoff starts at 1 s with ±15 % jitter (aws-wire.md §3.8).
    assert.ok(requests[1]!.receivedAt - requests[0]!.receivedAt >= 850, 'the retry waited');
    await put(name, ['twice']);
    await waitFor(async () => (receiver.requests.length >= 3 ? true : undefined));
    assert.notEqual(receiver.requests[2]!.headers['x-amz-firehose-request-id'], ids[0], 'a new batch has a new request id');
    assert.equal(receiver.requests.length, 3, 'the delivered batch was not sent again');
    assert.deepEqual(await objectsOf(server.server.s3Dir, backupBucket), []);
  });

  it('backs off exponentially for RetryOptions.DurationInSeconds, then writes the failed records to the S3 backup', async () => {
    const { receiver, name, backupBucket } = await setUp({ RetryOptions: { DurationInSeconds: 2 } });
    receiver.respond = () => ({ status: 503, body: 'down' });
    await put(name, ['lost-1', 'lost-2']);
    const [object] = await waitFor(async () => {
      const found = await objectsOf(server.server.s3Dir, backupBucket);
      return found.length > 0 ? found : undefined;
    }, 20_000);
    const attempts = receiver.requests;
    // Attempts at 0 s and ~1 s; the next wait (~2 s) would end past the 2-second duration.
    assert.equal(attempts.length, 2);
    assert.equal(new Set(attempts.map((request) => request.headers['x-amz-firehose-request-id'])).size, 1);
    assert.ok(attempts[1]!.receivedAt - attempts[0]!.receivedAt >= 850);
    assert.match(object!.key, new RegExp(`^http-endpoint-failed/\\d{4}/\\d{2}/\\d{2}/\\d{2}/${name}-1-`));
    const lines = object!.body.toString().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(lines.map((line) => Buffer.from(line['rawData'] as string, 'base64').toString()), ['lost-1', 'lost-2']);
    for (const line of lines) {
      assert.equal(line['attemptsMade'], 2);
      assert.equal(line['errorCode'], 'HttpEndpoint.DestinationException');
      assert.match(line['errorMessage'] as string, /503: down/);
      assert.equal(typeof line['arrivalTimestamp'], 'number');
      assert.equal(typeof line['attemptEndingTimestamp'], 'number');
    }
    // The failed batch is done with: a later batch goes to the endpoint again.
    receiver.respond = (request) => ({ status: 200, body: JSON.stringify({ requestId: (JSON.parse(request.body.toString()) as { requestId: string }).requestId, timestamp: Date.now() }) });
    await put(name, ['later']);
    await waitFor(async () => (receiver.requests.length === 3 ? true : undefined));
    assert.equal((await describe(client, name)).DeliveryStreamStatus, 'ACTIVE');
  });
});
