// SubscribeToShard on the wire, below the JS SDK: CBOR over HTTP/2 prior knowledge as the
// Java SDK and the KCL send it, JSON over chunked HTTP/1.1 as botocore reads it, and the
// framing of initial-response, events and exception events, each message decoded (CRCs
// checked) by the AWS SDK's event-stream codec (aws-wire.md §1.9, §1.10).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Decoder } from 'cbor-x';
import { DeleteStreamCommand, PutRecordCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { CborTimestamp } from '../../src/protocol/shapes.js';
import { encodeCbor } from '../helpers/raw.js';
import { kinesisClient, startServer, waitFor, type TestServer } from '../helpers/server.js';
import { activeConsumer } from '../helpers/fan-out.js';
import { createActiveStream } from '../helpers/streams.js';
import { rawSubscribeH1, rawSubscribeH2, type RawSubscription } from '../helpers/event-stream.js';

const shardId = 'shardId-000000000000';
const cbor = 'application/x-amz-cbor-1.1';
const json = 'application/x-amz-json-1.1';
const cborDecoder = new Decoder({ mapsAsObjects: true, useRecords: false } as ConstructorParameters<typeof Decoder>[0]);

describe('SubscribeToShard on the wire', () => {
  let server: TestServer;
  let client: KinesisClient;
  before(async () => {
    server = await startServer({}, { subscriptionLimits: { takeoverAfterMs: 60_000 } });
    client = kinesisClient(server.endpoint);
  });
  after(async () => {
    client.destroy();
    await server.close();
  });

  async function streamWithRecord(text: string): Promise<{ name: string; consumerArn: string; sequenceNumber: string }> {
    const stream = await createActiveStream(client);
    const consumerArn = await activeConsumer(client, stream.arn);
    const put = await client.send(new PutRecordCommand({ StreamName: stream.name, PartitionKey: 'pk', Data: Buffer.from(text) }));
    return { name: stream.name, consumerArn, sequenceNumber: put.SequenceNumber! };
  }

  /** The first message, initial-response, whose payload is the empty structure in the request's codec. */
  async function expectInitialResponse(subscription: RawSubscription, contentType: string): Promise<void> {
    assert.equal(subscription.status, 200);
    assert.equal(subscription.headers['content-type'], 'application/vnd.amazon.eventstream');
    assert.match(String(subscription.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/);
    const initial = await subscription.next();
    assert.deepEqual(initial?.headers, { ':message-type': 'event', ':event-type': 'initial-response', ':content-type': contentType });
    assert.deepEqual(contentType === cbor ? cborDecoder.decode(initial!.body) : JSON.parse(initial!.body.toString()), {});
  }

  it('answers a CBOR request over HTTP/2 with CBOR events: byte-string Data, tag-1 integer-millisecond timestamps', async () => {
    const { consumerArn, sequenceNumber } = await streamWithRecord('cbor record');
    const before = Date.now();
    const subscription = await rawSubscribeH2(server.endpoint, encodeCbor({ ConsumerARN: consumerArn, ShardId: shardId, StartingPosition: { Type: 'TRIM_HORIZON' } }), cbor);
    try {
      await expectInitialResponse(subscription, cbor);
      const event = await subscription.next();
      assert.deepEqual(event?.headers, { ':message-type': 'event', ':event-type': 'SubscribeToShardEvent', ':content-type': cbor });
      const payload = cborDecoder.decode(event!.body) as { Records: Record<string, unknown>[]; ContinuationSequenceNumber: string; MillisBehindLatest: number };
      assert.equal(payload.ContinuationSequenceNumber, sequenceNumber);
      assert.equal(payload.MillisBehindLatest, 0);
      assert.equal(payload.Records.length, 1);
      const record = payload.Records[0]!;
      assert.ok(record.Data instanceof Uint8Array, 'Data is a CBOR byte string');
      assert.equal(Buffer.from(record.Data).toString(), 'cbor record');
      assert.equal(record.PartitionKey, 'pk');
      assert.equal(record.SequenceNumber, sequenceNumber);
      const arrival = record.ApproximateArrivalTimestamp as CborTimestamp;
      assert.ok(arrival instanceof CborTimestamp, 'the timestamp is CBOR tag 1');
      assert.ok(Number.isInteger(arrival.millis) && arrival.millis <= Date.now() && arrival.millis > before - 60_000, 'of integer epoch milliseconds');
    } finally {
      subscription.close();
    }
  });

  it('answers over HTTP/1.1 with a chunked body of JSON events, as botocore reads them', async () => {
    const { consumerArn, sequenceNumber } = await streamWithRecord('json record');
    const subscription = await rawSubscribeH1(server.endpoint, Buffer.from(JSON.stringify({ ConsumerARN: consumerArn, ShardId: shardId, StartingPosition: { Type: 'TRIM_HORIZON' } })), json);
    try {
      assert.equal(subscription.headers['transfer-encoding'], 'chunked');
      assert.equal(subscription.headers['content-length'], undefined);
      await expectInitialResponse(subscription, json);
      const event = await subscription.next();
      assert.equal(event?.headers[':event-type'], 'SubscribeToShardEvent');
      const payload = JSON.parse(event!.body.toString()) as { Records: { Data: string; ApproximateArrivalTimestamp: number }[]; ContinuationSequenceNumber: string; ChildShards?: unknown };
      assert.equal(payload.ContinuationSequenceNumber, sequenceNumber);
      assert.equal(payload.Records[0]!.Data, Buffer.from('json record').toString('base64'));
      assert.equal(typeof payload.Records[0]!.ApproximateArrivalTimestamp, 'number', 'epoch seconds');
      assert.ok(payload.Records[0]!.ApproximateArrivalTimestamp < Date.now() / 1000 + 1);
      assert.equal(payload.ChildShards, undefined);
    } finally {
      subscription.close();
    }
  });

  it('frames a failure during the stream as an exception message with :exception-type and a message payload', async () => {
    const { name, consumerArn } = await streamWithRecord('doomed');
    const subscription = await rawSubscribeH2(server.endpoint, Buffer.from(JSON.stringify({ ConsumerARN: consumerArn, ShardId: shardId, StartingPosition: { Type: 'LATEST' } })), json);
    try {
      await expectInitialResponse(subscription, json);
      assert.equal((await subscription.next())?.headers[':event-type'], 'SubscribeToShardEvent');
      await client.send(new DeleteStreamCommand({ StreamName: name, EnforceConsumerDeletion: true }));
      const exception = await subscription.next();
      assert.deepEqual(exception?.headers, { ':message-type': 'exception', ':exception-type': 'ResourceNotFoundException', ':content-type': json });
      assert.deepEqual(JSON.parse(exception!.body.toString()), { message: `Stream ${name} under account 000000000000 not found.` });
      assert.equal(await subscription.next(), undefined, 'the response ends after the exception');
    } finally {
      subscription.close();
    }
  });

  it('answers a CBOR request refused before the stream starts with an ordinary CBOR error', async () => {
    const stream = await createActiveStream(client);
    const unknown = `${stream.arn}/consumer/nobody:1700000000`;
    const subscription = await rawSubscribeH2(server.endpoint, encodeCbor({ ConsumerARN: unknown, ShardId: shardId, StartingPosition: { Type: 'LATEST' } }), cbor);
    try {
      assert.equal(subscription.status, 400);
      assert.equal(subscription.headers['content-type'], cbor);
      assert.equal(subscription.headers['x-amzn-errortype'], 'ResourceNotFoundException');
      await waitFor(async () => (subscription.received().length > 0 ? true : undefined));
      const body = cborDecoder.decode(subscription.received()) as Record<string, unknown>;
      assert.equal(body.__type, 'ResourceNotFoundException');
    } finally {
      subscription.close();
    }
  });

  it('releases the consumer shard when an HTTP/1.1 subscriber goes away', async () => {
    const { consumerArn } = await streamWithRecord('x');
    const request = Buffer.from(JSON.stringify({ ConsumerARN: consumerArn, ShardId: shardId, StartingPosition: { Type: 'LATEST' } }));
    const first = await rawSubscribeH1(server.endpoint, request, json);
    await expectInitialResponse(first, json);
    first.close();
    const second = await waitFor(async () => {
      const attempt = await rawSubscribeH1(server.endpoint, request, json);
      if (attempt.status === 200) return attempt;
      attempt.close();
      return undefined;
    }, 3_000);
    await expectInitialResponse(second, json);
    second.close();
  });
});
