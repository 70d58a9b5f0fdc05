// The clock of a subscription, with AWS's 5 s heartbeat, 5 min lifetime and 5 s takeover
// shortened through the server's internal test option (never a flag): an idle
// subscription still gets events, a subscription ends by itself and the client resumes
// from its last ContinuationSequenceNumber, and a late second subscription takes over
// while the first gets ResourceInUseException (aws-wire.md §1.9).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PutRecordCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { kinesisClient, startServer, type TestServer } from '../helpers/server.js';
import { activeConsumer, rejection, subscribe } from '../helpers/fan-out.js';
import { createActiveStream } from '../helpers/streams.js';

const shardId = 'shardId-000000000000';

describe('SubscribeToShard heartbeat, lifetime and takeover', () => {
  let server: TestServer;
  let client: KinesisClient;
  before(async () => {
    server = await startServer({}, { subscriptionLimits: { heartbeatMs: 150, lifetimeMs: 1_500, takeoverAfterMs: 400 } });
    client = kinesisClient(server.endpoint);
  });
  after(async () => {
    client.destroy();
    await server.close();
  });

  it('sends empty events to an idle subscriber, each with the same ContinuationSequenceNumber', { timeout: 20_000 }, async () => {
    const stream = await createActiveStream(client);
    const consumerArn = await activeConsumer(client, stream.arn);
    const subscription = await subscribe(client, consumerArn, shardId, { Type: 'LATEST' });
    const events = [await subscription.next(), await subscription.next(), await subscription.next()];
    subscription.cancel();
    for (const event of events) {
      assert.deepEqual(event?.Records, []);
      assert.equal(event?.MillisBehindLatest, 0);
      assert.equal(event?.ContinuationSequenceNumber, events[0]?.ContinuationSequenceNumber);
    }
    assert.match(events[0]?.ContinuationSequenceNumber ?? '', /^\d+$/);
  });

  it('ends the subscription when its lifetime is over; a new one from the last ContinuationSequenceNumber misses nothing', { timeout: 20_000 }, async () => {
    const stream = await createActiveStream(client);
    const consumerArn = await activeConsumer(client, stream.arn);
    const subscription = await subscribe(client, consumerArn, shardId, { Type: 'TRIM_HORIZON' });
    await client.send(new PutRecordCommand({ StreamName: stream.name, PartitionKey: 'pk', Data: Buffer.from('before') }));
    const seen: string[] = [];
    let continuation: string | undefined;
    for (let event = await subscription.next(); event; event = await subscription.next()) {
      seen.push(...(event.Records ?? []).map((record) => Buffer.from(record.Data!).toString()));
      continuation = event.ContinuationSequenceNumber;
    }
    assert.deepEqual(seen, ['before']);
    await client.send(new PutRecordCommand({ StreamName: stream.name, PartitionKey: 'pk', Data: Buffer.from('between') }));
    const resumed = await subscribe(client, consumerArn, shardId, { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: continuation });
    assert.deepEqual((await resumed.next())?.Records?.map((record) => Buffer.from(record.Data!).toString()), ['between']);
    resumed.cancel();
  });

  it('lets a subscription made after the takeover time replace the first, which ends with ResourceInUseException', { timeout: 20_000 }, async () => {
    const stream = await createActiveStream(client);
    const consumerArn = await activeConsumer(client, stream.arn);
    const first = await subscribe(client, consumerArn, shardId, { Type: 'LATEST' });
    assert.ok(await first.next());
    const tooSoon = await rejection(subscribe(client, consumerArn, shardId, { Type: 'LATEST' }));
    assert.equal(tooSoon.name, 'ResourceInUseException');
    await new Promise((resolve) => setTimeout(resolve, 450));
    const second = await subscribe(client, consumerArn, shardId, { Type: 'LATEST' });
    let failure: Error | undefined;
    try {
      while (await first.next());
    } catch (error) {
      failure = error as Error;
    }
    assert.equal(failure?.name, 'ResourceInUseException');
    await client.send(new PutRecordCommand({ StreamName: stream.name, PartitionKey: 'pk', Data: Buffer.from('to the second') }));
    let delivered: string[] = [];
    while (delivered.length === 0) delivered = ((await second.next())?.Records ?? []).map((record) => Buffer.from(record.Data!).toString());
    assert.deepEqual(delivered, ['to the second']);
    second.cancel();
  });
});
