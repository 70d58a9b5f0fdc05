// The acceptance test of issue 6: records put on an encrypted delivery stream with a long
// buffer interval survive kill -9 of the server, nothing of them is readable anywhere in
// the data dir meanwhile, and after the restart every record is delivered, once.
import { after, describe as suite, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateDeliveryStreamCommand, PutRecordBatchCommand, PutRecordCommand, UpdateDestinationCommand } from '@aws-sdk/client-firehose';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { removeDir, spawnServer, waitFor } from '../helpers/server.js';
import { filesUnder, stopChild } from '../helpers/children.js';
import { kmsClient } from '../helpers/kms.js';
import { bucketArn, firehoseClient, objectsOf, roleArn, startReceiver, waitForDescription } from '../helpers/firehose.js';

suite('firehose durability', () => {
  let dataDir: string | undefined;
  after(() => removeDir(dataDir));

  it('keeps acknowledged records sealed through kill -9 and delivers every one after the restart', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sealstream-firehose-'));
    const name = 'sealed-deliveries';
    const bucket = 'durable-bucket';
    const marker = 'FIREHOSE-MARKER-93be41';
    const written: string[] = [];

    const first = await spawnServer(['--data-dir', dataDir, '--transition-ms', '20']);
    const client = firehoseClient(first.endpoint);
    const kms = kmsClient(first.endpoint);
    try {
      const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
      await client.send(
        new CreateDeliveryStreamCommand({
          DeliveryStreamName: name,
          ExtendedS3DestinationConfiguration: { RoleARN: roleArn, BucketARN: bucketArn(bucket), BufferingHints: { SizeInMBs: 128, IntervalInSeconds: 900 } },
          DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: key },
        }),
      );
      await waitForDescription(client, name, (description) => description.DeliveryStreamStatus === 'ACTIVE' && description.DeliveryStreamEncryptionConfiguration?.Status === 'ENABLED');
      for (let index = 0; index < 20; index++) {
        const text = `${marker}-single-${index};`;
        written.push(text);
        assert.equal((await client.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: Buffer.from(text) } }))).Encrypted, true);
      }
      for (let call = 0; call < 5; call++) {
        const texts = Array.from({ length: 100 }, (_, index) => `${marker}-batch-${call}-${index};`);
        written.push(...texts);
        const answer = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: texts.map((text) => ({ Data: Buffer.from(text) })) }));
        assert.equal(answer.FailedPutCount, 0);
        assert.equal(answer.Encrypted, true);
      }
    } finally {
      client.destroy();
      kms.destroy();
      // No chance to flush or checkpoint anything.
      assert.equal(await stopChild(first, 'SIGKILL'), null);
    }

    assert.deepEqual(await objectsOf(join(dataDir, 's3'), bucket), [], 'nothing was delivered before the crash');
    const files = await filesUnder(dataDir);
    assert.ok(files.length >= 2, 'the store and the root key are on disk');
    for (const file of files) {
      const bytes = await readFile(file);
      assert.equal(bytes.indexOf(Buffer.from(marker)), -1, `${marker} found in ${file}`);
      assert.equal(bytes.indexOf(Buffer.from(marker, 'utf16le')), -1, `${marker} (UTF-16) found in ${file}`);
    }

    const second = await spawnServer(['--data-dir', dataDir, '--transition-ms', '20']);
    const after = firehoseClient(second.endpoint);
    try {
      // A shorter interval now: what was buffered before the crash is due at once.
      await after.send(
        new UpdateDestinationCommand({
          DeliveryStreamName: name,
          CurrentDeliveryStreamVersionId: '1',
          DestinationId: 'destinationId-000000000001',
          ExtendedS3DestinationUpdate: { BufferingHints: { SizeInMBs: 128, IntervalInSeconds: 0 } },
        }),
      );
      const delivered = await waitFor(async () => {
        const text = (await objectsOf(join(dataDir!, 's3'), bucket)).map((object) => object.body.toString()).join('');
        return text.length >= written.join('').length ? text : undefined;
      }, 20_000);
      assert.deepEqual(delivered.split(';').filter((part) => part !== ''), written.map((text) => text.slice(0, -1)), 'every record, in order, once');
    } finally {
      after.destroy();
      await stopChild(second);
    }
  });

  it('repeats a batch cut short by kill -9 during delivery, with the same request id, and never drops it', async () => {
    const crashDir = await mkdtemp(join(tmpdir(), 'sealstream-firehose-inflight-'));
    const receiver = await startReceiver();
    // Attempts fail until the server has been killed: it dies with the batch in flight (between
    // attempts, before any checkpoint could move past it).
    let holding = true;
    const answer = receiver.respond;
    receiver.respond = (request) => (holding ? { status: 500, body: 'unanswered before the crash' } : answer(request));
    const name = 'in-flight';
    const first = await spawnServer(['--data-dir', crashDir, '--transition-ms', '20', '--allow-http-endpoints']);
    const client = firehoseClient(first.endpoint);
    try {
      await client.send(
        new CreateDeliveryStreamCommand({
          DeliveryStreamName: name,
          HttpEndpointDestinationConfiguration: {
            EndpointConfiguration: { Url: receiver.url },
            BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 },
            RetryOptions: { DurationInSeconds: 300 },
            S3Configuration: { RoleARN: roleArn, BucketARN: bucketArn('in-flight-backup') },
          },
        }),
      );
      await waitForDescription(client, name, (description) => description.DeliveryStreamStatus === 'ACTIVE');
      await client.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: ['one', 'two', 'three'].map((text) => ({ Data: Buffer.from(text) })) }));
      await waitFor(async () => (receiver.requests.length > 0 ? true : undefined));
    } finally {
      client.destroy();
      await stopChild(first, 'SIGKILL');
    }
    const before = receiver.requests[0]!;
    holding = false;
    const second = await spawnServer(['--data-dir', crashDir, '--allow-http-endpoints']);
    try {
      const repeated = await waitFor(async () => (receiver.requests.length > 1 ? receiver.requests[receiver.requests.length - 1] : undefined));
      assert.equal(repeated!.headers['x-amz-firehose-request-id'], before.headers['x-amz-firehose-request-id'], 'the receiver can recognise the repeat');
      assert.deepEqual((JSON.parse(repeated!.body.toString()) as { records: unknown }).records, (JSON.parse(before.body.toString()) as { records: unknown }).records);
      assert.deepEqual(
        (JSON.parse(repeated!.body.toString()) as { records: Array<{ data: string }> }).records.map((record) => Buffer.from(record.data, 'base64').toString()),
        ['one', 'two', 'three'],
      );
    } finally {
      await stopChild(second);
      await receiver.close();
      await removeDir(crashDir);
    }
  });
});
