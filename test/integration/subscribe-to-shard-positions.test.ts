// SubscribeToShard's starting positions (the same rules as GetShardIterator, aws-wire.md
// §1.6), the refusals that come before the response starts (ordinary JSON errors, §1.9),
// and a subscriber behind the tip: bounded events, MillisBehindLatest saying how far.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand, PutRecordsCommand, RegisterStreamConsumerCommand, type KinesisClient, type StartingPosition } from '@aws-sdk/client-kinesis';
import { kinesisClient, startServer, uniqueName, type TestServer } from '../helpers/server.js';
import { activeConsumer, rejection, subscribe } from '../helpers/fan-out.js';
import { createActiveStream } from '../helpers/streams.js';

const shardId = 'shardId-000000000000';
const account = '000000000000';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SubscribeToShard starting positions and refusals', () => {
  let server: TestServer;
  let client: KinesisClient;
  before(async () => {
    server = await startServer({ transitionMs: 200 });
    client = kinesisClient(server.endpoint);
  });
  after(async () => {
    client.destroy();
    await server.close();
  });

  const texts = (records: { Data?: Uint8Array }[] | undefined) => (records ?? []).map((record) => Buffer.from(record.Data!).toString());

  it('starts at TRIM_HORIZON, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, AT_TIMESTAMP and LATEST as GetShardIterator does', async () => {
    const stream = await createActiveStream(client);
    const written: { sequenceNumber: string }[] = [];
    for (const text of ['r0', 'r1', 'r2']) {
      const answer = await client.send(new PutRecordCommand({ StreamName: stream.name, PartitionKey: 'pk', Data: Buffer.from(text) }));
      written.push({ sequenceNumber: answer.SequenceNumber! });
      // Distinct arrival milliseconds, so AT_TIMESTAMP can land between records.
      await sleep(5);
    }
    const iterator = (await client.send(new GetShardIteratorCommand({ StreamName: stream.name, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    const stored = (await client.send(new GetRecordsCommand({ ShardIterator: iterator }))).Records!;
    const cases: { position: StartingPosition; expected: string[] }[] = [
      { position: { Type: 'TRIM_HORIZON' }, expected: ['r0', 'r1', 'r2'] },
      { position: { Type: 'AT_SEQUENCE_NUMBER', SequenceNumber: written[1]!.sequenceNumber }, expected: ['r1', 'r2'] },
      { position: { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: written[1]!.sequenceNumber }, expected: ['r2'] },
      { position: { Type: 'AT_TIMESTAMP', Timestamp: stored[1]!.ApproximateArrivalTimestamp }, expected: ['r1', 'r2'] },
      { position: { Type: 'LATEST' }, expected: [] },
    ];
    for (const { position, expected } of cases) {
      const consumerArn = await activeConsumer(client, stream.arn);
      const subscription = await subscribe(client, consumerArn, shardId, position);
      const first = await subscription.next();
      subscription.cancel();
      assert.deepEqual(texts(first?.Records), expected, position.Type);
      // Where the subscription stands: the last record delivered, or for LATEST the shard's last record.
      assert.equal(first?.ContinuationSequenceNumber, written[2]!.sequenceNumber, position.Type);
      assert.equal(first?.MillisBehindLatest, 0);
    }
  });

  it('continues from an empty shard with a ContinuationSequenceNumber that AFTER_SEQUENCE_NUMBER accepts', async () => {
    const stream = await createActiveStream(client);
    const consumerArn = await activeConsumer(client, stream.arn);
    const first = await subscribe(client, consumerArn, shardId, { Type: 'TRIM_HORIZON' });
    const empty = await first.next();
    first.cancel();
    assert.deepEqual(empty?.Records, []);
    assert.match(empty?.ContinuationSequenceNumber ?? '', /^\d+$/);
    await client.send(new PutRecordCommand({ StreamName: stream.name, PartitionKey: 'pk', Data: Buffer.from('after') }));
    const other = await activeConsumer(client, stream.arn);
    const resumed = await subscribe(client, other, shardId, { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: empty!.ContinuationSequenceNumber });
    assert.deepEqual(texts((await resumed.next())?.Records), ['after']);
    resumed.cancel();
  });

  it('refuses before the stream starts, as ordinary errors: unknown consumer, consumer not ACTIVE, unknown shard, bad position, bad ARN', async () => {
    const stream = await createActiveStream(client);
    const consumerArn = await activeConsumer(client, stream.arn);
    const expectError = async (promise: Promise<unknown>, name: string, message: string | RegExp) => {
      const error = await rejection(promise);
      assert.equal(error.name, name);
      if (typeof message === 'string') assert.equal(error.message, message);
      else assert.match(error.message, message);
      assert.equal(error.$metadata?.httpStatusCode, 400);
    };

    const unknownArn = `${stream.arn}/consumer/nobody:1700000000`;
    await expectError(subscribe(client, unknownArn, shardId, { Type: 'LATEST' }), 'ResourceNotFoundException', `Consumer nobody with creation timestamp 1700000000 under stream ${stream.name} and account ${account} not found.`);

    const creatingName = uniqueName('creating');
    const creating = (await client.send(new RegisterStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: creatingName }))).Consumer!;
    const seconds = creating.ConsumerCreationTimestamp!.getTime() / 1000;
    await expectError(
      subscribe(client, creating.ConsumerARN!, shardId, { Type: 'LATEST' }),
      'ResourceInUseException',
      `Consumer ${creatingName} with creation timestamp ${seconds} under stream ${stream.name} and account ${account} is not in ACTIVE status.`,
    );

    await expectError(subscribe(client, consumerArn, 'shardId-000000000007', { Type: 'LATEST' }), 'ResourceNotFoundException', `Shard shardId-000000000007 in stream ${stream.name} under account ${account} does not exist`);
    await expectError(subscribe(client, consumerArn, shardId, { Type: 'AT_SEQUENCE_NUMBER' }), 'InvalidArgumentException', /^Must either specify \(1\) AT_SEQUENCE_NUMBER/);
    await expectError(subscribe(client, consumerArn, shardId, { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: '12' }), 'InvalidArgumentException', /^StartingSequenceNumber 12 used in SubscribeToShard on shard shardId-000000000000/);
    await expectError(subscribe(client, 'not-an-arn', shardId, { Type: 'LATEST' }), 'ValidationException', /^1 validation error detected: Value 'not-an-arn' at 'consumerARN' failed to satisfy constraint/);

    // None of the refusals holds the consumer's shard: a good request still gets in.
    const subscription = await subscribe(client, consumerArn, shardId, { Type: 'LATEST' });
    assert.deepEqual((await subscription.next())?.Records, []);
    subscription.cancel();
  });

  it('sends a subscriber behind the tip bounded events whose MillisBehindLatest says how far behind it is, then 0 once caught up', async () => {
    const stream = await createActiveStream(client);
    const consumerArn = await activeConsumer(client, stream.arn);
    // 3 MiB in 30 records of 100 KiB, more than one event holds (2 MiB).
    for (let batch = 0; batch < 3; batch++) {
      const entries = Array.from({ length: 10 }, (_, index) => ({ PartitionKey: `pk-${batch}-${index}`, Data: randomBytes(100 * 1024) }));
      await client.send(new PutRecordsCommand({ StreamName: stream.name, Records: entries }));
    }
    await sleep(300);
    const subscription = await subscribe(client, consumerArn, shardId, { Type: 'TRIM_HORIZON' });
    const first = await subscription.next();
    assert.ok(first && first.Records!.length > 0 && first.Records!.length < 30, 'the first event holds part of the backlog');
    assert.ok(first.MillisBehindLatest! >= 300, `MillisBehindLatest ${first.MillisBehindLatest} says the records are at least 300 ms old`);
    let delivered = first.Records!.length;
    let last = first;
    while (delivered < 30) {
      last = (await subscription.next())!;
      delivered += last.Records!.length;
    }
    subscription.cancel();
    assert.equal(delivered, 30);
    assert.equal(last.MillisBehindLatest, 0);
  });
});
