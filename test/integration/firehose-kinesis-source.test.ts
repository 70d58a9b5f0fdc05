// A KinesisStreamAsSource delivery stream reads a Sealstream stream through the Kinesis
// domain (no HTTP), opening its records when the stream is encrypted, from LATEST at
// creation, and takes no direct puts and no SSE of its own (aws-wire.md §3.2, §3.4 rule 1).
import { after, before, describe as suite, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateDeliveryStreamCommand, PutRecordCommand, StartDeliveryStreamEncryptionCommand, type FirehoseClient } from '@aws-sdk/client-firehose';
import { PutRecordsCommand, StartStreamEncryptionCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { CreateKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { kinesisClient, removeDir, startServer, uniqueName, waitFor, type TestServer } from '../helpers/server.js';
import { kmsClient } from '../helpers/kms.js';
import { bucketArn, firehoseClient, objectsOf, roleArn, waitActive } from '../helpers/firehose.js';
import { createActiveStream, waitForStreamStatus } from '../helpers/streams.js';

suite('firehose with a Kinesis stream as source', () => {
  let server: TestServer;
  let client: FirehoseClient;
  let kinesis: KinesisClient;
  let kms: KMSClient;

  before(async () => {
    server = await startServer({ transitionMs: 20 });
    client = firehoseClient(server.endpoint);
    kinesis = kinesisClient(server.endpoint);
    kms = kmsClient(server.endpoint);
  });
  after(async () => {
    client.destroy();
    kinesis.destroy();
    kms.destroy();
    await server.close();
    await removeDir(server.server.s3Dir);
  });

  const putToStream = (name: string, texts: string[]) =>
    kinesis.send(new PutRecordsCommand({ StreamName: name, Records: texts.map((text, index) => ({ Data: Buffer.from(text), PartitionKey: `key-${index}` })) }));

  it('delivers what is put on an encrypted source stream after its creation, decrypted, and describes its source', async () => {
    const { name: streamName, arn: streamArn } = await createActiveStream(kinesis, { shardCount: 2, prefix: 'source' });
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await kinesis.send(new StartStreamEncryptionCommand({ StreamName: streamName, EncryptionType: 'KMS', KeyId: key }));
    await waitForStreamStatus(kinesis, streamName);
    assert.equal((await putToStream(streamName, ['before-1;', 'before-2;'])).EncryptionType, 'KMS');

    const name = uniqueName('from-kinesis');
    const bucket = uniqueName('bucket');
    await client.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: name,
        DeliveryStreamType: 'KinesisStreamAsSource',
        KinesisStreamSourceConfiguration: { KinesisStreamARN: streamArn, RoleARN: roleArn },
        ExtendedS3DestinationConfiguration: { RoleARN: roleArn, BucketARN: bucketArn(bucket), BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 } },
      }),
    );
    const description = await waitActive(client, name);
    assert.equal(description.DeliveryStreamType, 'KinesisStreamAsSource');
    assert.equal(description.DeliveryStreamEncryptionConfiguration, undefined);
    const source = description.Source!.KinesisStreamSourceDescription!;
    assert.equal(source.KinesisStreamARN, streamArn);
    assert.equal(source.RoleARN, roleArn);
    assert.ok(source.DeliveryStartTimestamp instanceof Date);

    const texts = Array.from({ length: 20 }, (_, index) => `after-${index};`);
    await putToStream(streamName, texts);
    const delivered = await waitFor(async () => {
      const parts = (await objectsOf(server.server.s3Dir, bucket)).flatMap((object) => object.body.toString().split(';').filter((part) => part !== ''));
      return parts.length >= texts.length ? parts : undefined;
    });
    assert.deepEqual([...delivered].sort(), texts.map((text) => text.slice(0, -1)).sort(), 'each record once, none from before the delivery stream');
  });

  it('refuses PutRecord and SSE on a KinesisStreamAsSource delivery stream with AWS texts', async () => {
    const { arn: streamArn } = await createActiveStream(kinesis, { shardCount: 2, prefix: 'source' });
    const name = uniqueName('no-puts');
    await client.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: name,
        DeliveryStreamType: 'KinesisStreamAsSource',
        KinesisStreamSourceConfiguration: { KinesisStreamARN: streamArn, RoleARN: roleArn },
        S3DestinationConfiguration: { RoleARN: roleArn, BucketARN: bucketArn('unused') },
      }),
    );
    await waitActive(client, name);
    const refusal = (error: Error) => {
      assert.equal(error.name, 'InvalidArgumentException');
      assert.equal(error.message, 'This operation is not permitted on KinesisStreamAsSource delivery stream type.');
      return true;
    };
    await assert.rejects(client.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: Buffer.from('x') } })), refusal);
    await assert.rejects(client.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: name, DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' } })), refusal);
  });
});
