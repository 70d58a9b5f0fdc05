// SubscribeToShard through @aws-sdk/client-kinesis, over h2c and over TLS (HTTP/2 by
// ALPN): 10,000 records written during the subscription to an encrypted stream arrive
// in order, across a split, the parent's last event naming the children the reader then
// subscribes to; one subscription per consumer and shard; failures after the response
// has started (KMS refusing, the stream deleted) arrive as exception events
// (aws-wire.md §1.9; issue 7).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteStreamCommand,
  PutRecordCommand,
  PutRecordsCommand,
  SplitShardCommand,
  StartStreamEncryptionCommand,
  type KinesisClient,
  type _Record,
} from '@aws-sdk/client-kinesis';
import { CreateKeyCommand, DisableKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { kinesisClient, startServer, waitFor, type TestServer } from '../helpers/server.js';
import { kmsClient } from '../helpers/kms.js';
import { tlsKinesisClient } from '../helpers/tls.js';
import { activeConsumer, rejection, subscribe, type SdkSubscription } from '../helpers/fan-out.js';
import { createActiveStream, waitForStreamStatus } from '../helpers/streams.js';

const parentShard = 'shardId-000000000000';
const recordCount = 10_000;
const keys = Array.from({ length: 16 }, (_, index) => `key-${index}`);
// Where SplitShard cuts the hash space in two: 2^127.
const middle = (2n ** 127n).toString();

describe('SubscribeToShard through the AWS SDK', () => {
  let server: TestServer;
  let plain: KinesisClient;
  let kms: KMSClient;
  before(async () => {
    // A short key cache, so a disabled CMK bites within the test; a long takeover time, so
    // only a released subscription lets a new one in at once.
    server = await startServer({ keyCacheTtlMs: 200, tlsPort: 0, tlsSelfSigned: true }, { subscriptionLimits: { takeoverAfterMs: 60_000 } });
    plain = kinesisClient(server.endpoint);
    kms = kmsClient(server.endpoint);
  });
  after(async () => {
    plain.destroy();
    kms.destroy();
    await server.close();
  });

  async function encryptedStream(shardCount = 1): Promise<{ name: string; arn: string; keyId: string }> {
    const stream = await createActiveStream(plain, { shardCount });
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await plain.send(new StartStreamEncryptionCommand({ StreamName: stream.name, EncryptionType: 'KMS', KeyId: keyId }));
    await waitForStreamStatus(plain, stream.name);
    return { ...stream, keyId };
  }

  for (const transport of ['h2c', 'tls'] as const) {
    it(`over ${transport}: delivers 10,000 records written during the subscription, in order, across a split into child shards, decrypted`, { timeout: 120_000 }, async () => {
      const client = transport === 'h2c' ? kinesisClient(server.endpoint) : tlsKinesisClient(server);
      try {
        const stream = await encryptedStream();
        const consumerArn = await activeConsumer(plain, stream.arn);
        const received = new Map<string, _Record[]>();
        let total = 0;
        const take = (shardId: string, records: _Record[]) => {
          const list = received.get(shardId) ?? [];
          list.push(...records);
          received.set(shardId, list);
          total += records.length;
        };

        const parent = await subscribe(client, consumerArn, parentShard, { Type: 'LATEST' });
        const writing = (async () => {
          for (let start = 0; start < recordCount; start += 500) {
            if (start === recordCount / 2) await plain.send(new SplitShardCommand({ StreamName: stream.name, ShardToSplit: parentShard, NewStartingHashKey: middle }));
            const entries = Array.from({ length: 500 }, (_, offset) => ({ PartitionKey: keys[(start + offset) % keys.length]!, Data: Buffer.from(String(start + offset)) }));
            const answer = await plain.send(new PutRecordsCommand({ StreamName: stream.name, Records: entries }));
            assert.equal(answer.FailedRecordCount, 0);
          }
        })();

        // The parent: events with a ContinuationSequenceNumber until the last, which names the children instead.
        let children: string[] = [];
        for (;;) {
          const event = await parent.next();
          assert.ok(event, 'the parent subscription ended before its last event');
          take(parentShard, event.Records ?? []);
          if (event.ChildShards && event.ChildShards.length > 0) {
            assert.equal(event.ContinuationSequenceNumber, undefined);
            children = event.ChildShards.map((child) => child.ShardId!);
            for (const child of event.ChildShards) assert.deepEqual(child.ParentShards, [parentShard]);
            break;
          }
          assert.match(event.ContinuationSequenceNumber ?? '', /^\d+$/);
        }
        assert.equal(await parent.next(), undefined, 'the subscription ends after ChildShards');
        assert.equal(children.length, 2);

        const subscriptions: SdkSubscription[] = [];
        let isDone = false;
        const readChild = async (shardId: string) => {
          const subscription = await subscribe(client, consumerArn, shardId, { Type: 'TRIM_HORIZON' });
          subscriptions.push(subscription);
          try {
            while (!isDone) {
              const event = await subscription.next();
              assert.ok(event, `the subscription to ${shardId} ended early`);
              assert.match(event.ContinuationSequenceNumber ?? '', /^\d+$/);
              take(shardId, event.Records ?? []);
              if (total >= recordCount) {
                isDone = true;
                for (const other of subscriptions) other.cancel();
              }
            }
          } catch (error) {
            if (!isDone) throw error;
          }
        };
        await Promise.all([writing, ...children.map(readChild)]);

        assert.equal(total, recordCount);
        const all = [...received.values()].flat();
        assert.deepEqual(new Set(all.map((record) => Number(Buffer.from(record.Data!).toString()))).size, recordCount);
        assert.ok(all.every((record) => record.EncryptionType === 'KMS'));
        for (const [shardId, records] of received) {
          for (let index = 1; index < records.length; index++) {
            assert.ok(BigInt(records[index]!.SequenceNumber!) > BigInt(records[index - 1]!.SequenceNumber!), `sequence numbers of ${shardId} increase`);
          }
        }
        // Per partition key: the parent's records, then its child's, in the order written.
        for (const key of keys) {
          const values = [parentShard, ...children].flatMap((shardId) => (received.get(shardId) ?? []).filter((record) => record.PartitionKey === key)).map((record) => Number(Buffer.from(record.Data!).toString()));
          assert.deepEqual(values, [...values].sort((left, right) => left - right), `records of ${key} in order`);
        }
        assert.ok((received.get(parentShard) ?? []).length >= recordCount / 2, 'the first half went to the parent');
      } finally {
        client.destroy();
      }
    });
  }

  it('refuses a second subscription to the same consumer and shard with ResourceInUseException, and takes one again once the first is gone', async () => {
    const stream = await createActiveStream(plain);
    const consumerArn = await activeConsumer(plain, stream.arn);
    const first = await subscribe(plain, consumerArn, parentShard, { Type: 'LATEST' });
    assert.ok(await first.next());
    const refused = await rejection(subscribe(plain, consumerArn, parentShard, { Type: 'LATEST' }));
    assert.equal(refused.name, 'ResourceInUseException');
    assert.equal(refused.message, 'Another active subscription exists for this consumer');
    assert.equal(refused.$metadata?.httpStatusCode, 400);

    // Another consumer, or another shard, is another subscription.
    const otherConsumer = await activeConsumer(plain, stream.arn);
    const second = await subscribe(plain, otherConsumer, parentShard, { Type: 'LATEST' });
    assert.ok(await second.next());
    second.cancel();

    first.cancel();
    const again = await waitFor(async () => {
      try {
        return await subscribe(plain, consumerArn, parentShard, { Type: 'LATEST' });
      } catch (error) {
        if ((error as Error).name === 'ResourceInUseException') return undefined;
        throw error;
      }
    }, 3_000);
    assert.ok(await again.next());
    again.cancel();
  });

  it('sends KMSDisabledException as an exception event when the CMK of an encrypted stream is disabled', async () => {
    const stream = await encryptedStream();
    const consumerArn = await activeConsumer(plain, stream.arn);
    for (const text of ['a', 'b']) await plain.send(new PutRecordCommand({ StreamName: stream.name, PartitionKey: text, Data: Buffer.from(text) }));
    await kms.send(new DisableKeyCommand({ KeyId: stream.keyId }));
    // Past the 200 ms key cache: the next read must ask KMS to decrypt the key material.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const subscription = await subscribe(plain, consumerArn, parentShard, { Type: 'TRIM_HORIZON' });
    const failure = await rejection(subscription.next());
    assert.equal(failure.name, 'KMSDisabledException');
    assert.match(failure.message, /disabled/i);
  });

  it('sends ResourceNotFoundException as an exception event when the stream is deleted under the subscription', async () => {
    const stream = await createActiveStream(plain);
    const consumerArn = await activeConsumer(plain, stream.arn);
    const subscription = await subscribe(plain, consumerArn, parentShard, { Type: 'LATEST' });
    assert.deepEqual((await subscription.next())?.Records, []);
    await plain.send(new DeleteStreamCommand({ StreamName: stream.name, EnforceConsumerDeletion: true }));
    const failure = await rejection(subscription.next());
    assert.equal(failure.name, 'ResourceNotFoundException');
    assert.equal(failure.message, `Stream ${stream.name} under account 000000000000 not found.`);
  });
});
