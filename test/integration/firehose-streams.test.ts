// Firehose control plane through @aws-sdk/client-firehose: create, describe (AWS's shape
// with defaults), list, tags, UpdateDestination and delete, with AWS's error codes and texts
// (aws-wire.md §3.1–3.2, §3.6).
import { after, before, describe as suite, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateDeliveryStreamCommand,
  DeleteDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  ListDeliveryStreamsCommand,
  ListTagsForDeliveryStreamCommand,
  TagDeliveryStreamCommand,
  UntagDeliveryStreamCommand,
  UpdateDestinationCommand,
  type FirehoseClient,
} from '@aws-sdk/client-firehose';
import { removeDir, startServer, uniqueName, waitFor, type TestServer } from '../helpers/server.js';
import { bucketArn, describe, firehoseClient, roleArn, waitActive } from '../helpers/firehose.js';

async function rejects(promise: Promise<unknown>, name: string, message?: string | RegExp): Promise<void> {
  await assert.rejects(promise, (error: Error) => {
    assert.equal(error.name, name, error.message);
    if (typeof message === 'string') assert.equal(error.message, message);
    else if (message) assert.match(error.message, message);
    return true;
  });
}

suite('firehose delivery streams', () => {
  let server: TestServer;
  let client: FirehoseClient;
  const s3 = (bucket = 'control-plane') => ({ RoleARN: roleArn, BucketARN: bucketArn(bucket) });

  before(async () => {
    // Long enough that the first Describe after a create, a fresh client's slowest call, still sees CREATING on a busy machine.
    server = await startServer({ transitionMs: 250 });
    client = firehoseClient(server.endpoint);
  });
  after(async () => {
    client.destroy();
    await server.close();
    await removeDir(server.server.s3Dir);
  });

  it('creates a DirectPut stream CREATING, then ACTIVE, and describes it as AWS does with every default filled in', async () => {
    const name = uniqueName('describe');
    const created = await client.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: name, ExtendedS3DestinationConfiguration: s3() }));
    assert.equal(created.DeliveryStreamARN, `arn:aws:firehose:us-east-1:000000000000:deliverystream/${name}`);
    assert.equal((await describe(client, name)).DeliveryStreamStatus, 'CREATING');
    const description = await waitActive(client, name);
    assert.equal(description.DeliveryStreamType, 'DirectPut');
    assert.equal(description.VersionId, '1');
    assert.equal(description.HasMoreDestinations, false);
    assert.ok(description.CreateTimestamp instanceof Date);
    assert.deepEqual(description.DeliveryStreamEncryptionConfiguration, { Status: 'DISABLED' });
    const defaults = {
      RoleARN: roleArn,
      BucketARN: bucketArn('control-plane'),
      BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 },
      CompressionFormat: 'UNCOMPRESSED',
      EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' },
      CloudWatchLoggingOptions: { Enabled: false },
    };
    assert.deepEqual(description.Destinations, [
      { DestinationId: 'destinationId-000000000001', ExtendedS3DestinationDescription: { ...defaults, S3BackupMode: 'Disabled' }, S3DestinationDescription: defaults },
    ]);
  });

  it('refuses a second stream of the same name and describes an unknown one with AWS texts', async () => {
    const name = uniqueName('twice');
    await client.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: name, S3DestinationConfiguration: s3() }));
    await rejects(client.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: name, S3DestinationConfiguration: s3() })), 'ResourceInUseException', `Firehose ${name} under accountId 000000000000 already exists`);
    await rejects(client.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'no-such-hose' })), 'ResourceNotFoundException', 'Firehose no-such-hose under account 000000000000 not found.');
  });

  it('needs exactly one destination and both buffering hints or neither', async () => {
    await rejects(
      client.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: uniqueName('two'), S3DestinationConfiguration: s3(), ExtendedS3DestinationConfiguration: s3() })),
      'InvalidArgumentException',
      'Exactly one destination configuration is supported for a Firehose',
    );
    await rejects(client.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: uniqueName('none') })), 'InvalidArgumentException', 'Exactly one destination configuration is supported for a Firehose');
    await rejects(
      client.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: uniqueName('half'), ExtendedS3DestinationConfiguration: { ...s3(), BufferingHints: { SizeInMBs: 1 } } })),
      'InvalidArgumentException',
      /SizeInMBs and IntervalInSeconds/,
    );
  });

  it('checks buffering hints against the model: interval 0 is allowed, 901 s and 129 MB are not', async () => {
    const name = uniqueName('zero');
    await client.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: name, ExtendedS3DestinationConfiguration: { ...s3(), BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 } } }));
    const description = await waitActive(client, name);
    assert.deepEqual(description.Destinations![0]!.ExtendedS3DestinationDescription!.BufferingHints, { SizeInMBs: 1, IntervalInSeconds: 0 });
    await rejects(
      client.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: uniqueName('long'), ExtendedS3DestinationConfiguration: { ...s3(), BufferingHints: { SizeInMBs: 129, IntervalInSeconds: 901 } } })),
      'ValidationException',
      "2 validation errors detected: Value '129' at 'extendedS3DestinationConfiguration.bufferingHints.sizeInMBs' failed to satisfy constraint: Member must have value less than or equal to 128; Value '901' at 'extendedS3DestinationConfiguration.bufferingHints.intervalInSeconds' failed to satisfy constraint: Member must have value less than or equal to 900",
    );
  });

  it('refuses an http:// endpoint URL when the server was not started with --allow-http-endpoints', async () => {
    await rejects(
      client.send(
        new CreateDeliveryStreamCommand({
          DeliveryStreamName: uniqueName('plain-http'),
          HttpEndpointDestinationConfiguration: { EndpointConfiguration: { Url: 'http://127.0.0.1:9/' }, S3Configuration: s3() },
        }),
      ),
      'ValidationException',
      "1 validation error detected: Value at 'httpEndpointDestinationConfiguration.endpointConfiguration.url' failed to satisfy constraint: Member must satisfy regular expression pattern: https://.*",
    );
  });

  it('lists names alphabetically, a page at a time, filtered by type', async () => {
    const prefix = uniqueName('list');
    for (const suffix of ['c', 'a', 'b']) await client.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: `${prefix}-${suffix}`, S3DestinationConfiguration: s3() }));
    const all = (await client.send(new ListDeliveryStreamsCommand({ Limit: 10000 }))).DeliveryStreamNames!.filter((name) => name.startsWith(prefix));
    assert.deepEqual(all, [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
    const page = await client.send(new ListDeliveryStreamsCommand({ Limit: 1, ExclusiveStartDeliveryStreamName: `${prefix}-a` }));
    assert.deepEqual(page.DeliveryStreamNames, [`${prefix}-b`]);
    assert.equal(page.HasMoreDeliveryStreams, true);
    const kinesisSourced = await client.send(new ListDeliveryStreamsCommand({ DeliveryStreamType: 'KinesisStreamAsSource' }));
    assert.ok(!kinesisSourced.DeliveryStreamNames!.some((name) => name.startsWith(prefix)));
  });

  it('tags, pages through tags, untags, and stops at 50 tags', async () => {
    const name = uniqueName('tags');
    await client.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: name, S3DestinationConfiguration: s3(), Tags: [{ Key: 'team', Value: 'data' }] }));
    await client.send(new TagDeliveryStreamCommand({ DeliveryStreamName: name, Tags: [{ Key: 'env', Value: 'test' }, { Key: 'team', Value: 'platform' }] }));
    const first = await client.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: name, Limit: 1 }));
    assert.deepEqual(first, { Tags: [{ Key: 'team', Value: 'platform' }], HasMoreTags: true, $metadata: first.$metadata });
    const rest = await client.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: name, ExclusiveStartTagKey: 'team' }));
    assert.deepEqual(rest.Tags, [{ Key: 'env', Value: 'test' }]);
    assert.equal(rest.HasMoreTags, false);
    await client.send(new UntagDeliveryStreamCommand({ DeliveryStreamName: name, TagKeys: ['team', 'absent'] }));
    assert.deepEqual((await client.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: name }))).Tags, [{ Key: 'env', Value: 'test' }]);
    const many = Array.from({ length: 50 }, (_, index) => ({ Key: `key-${index}`, Value: 'v' }));
    await rejects(client.send(new TagDeliveryStreamCommand({ DeliveryStreamName: name, Tags: many })), 'LimitExceededException');
    assert.equal((await client.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: name }))).Tags!.length, 1, 'a refused TagDeliveryStream changes nothing');
  });

  it('updates the destination only with the current VersionId, merging fields and counting versions', async () => {
    const name = uniqueName('update');
    await client.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: name, ExtendedS3DestinationConfiguration: { ...s3(), Prefix: 'first/' } }));
    await waitActive(client, name);
    await rejects(
      client.send(new UpdateDestinationCommand({ DeliveryStreamName: name, CurrentDeliveryStreamVersionId: '7', DestinationId: 'destinationId-000000000001', ExtendedS3DestinationUpdate: { Prefix: 'x/' } })),
      'ConcurrentModificationException',
      `Cannot update firehose: ${name} since the current version id: 1 and specified version id: 7 do not match`,
    );
    await rejects(
      client.send(new UpdateDestinationCommand({ DeliveryStreamName: name, CurrentDeliveryStreamVersionId: '1', DestinationId: 'destinationId-000000000009', ExtendedS3DestinationUpdate: { Prefix: 'x/' } })),
      'InvalidArgumentException',
      'Destination Id destinationId-000000000009 not found',
    );
    await rejects(
      client.send(
        new UpdateDestinationCommand({
          DeliveryStreamName: name,
          CurrentDeliveryStreamVersionId: '1',
          DestinationId: 'destinationId-000000000001',
          HttpEndpointDestinationUpdate: { EndpointConfiguration: { Url: 'https://example.com/' } },
        }),
      ),
      'InvalidArgumentException',
      'Changing the destination type to or from HttpEndpoint is not supported at this time.',
    );
    await client.send(
      new UpdateDestinationCommand({ DeliveryStreamName: name, CurrentDeliveryStreamVersionId: '1', DestinationId: 'destinationId-000000000001', ExtendedS3DestinationUpdate: { CompressionFormat: 'GZIP' } }),
    );
    const description = await describe(client, name);
    assert.equal(description.VersionId, '2');
    assert.ok(description.LastUpdateTimestamp instanceof Date);
    const extended = description.Destinations![0]!.ExtendedS3DestinationDescription!;
    assert.equal(extended.Prefix, 'first/', 'fields not in the update are kept');
    assert.equal(extended.CompressionFormat, 'GZIP');
  });

  it('refuses to delete a CREATING stream, then deletes: DELETING, then gone', async () => {
    const name = uniqueName('delete');
    await client.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: name, S3DestinationConfiguration: s3() }));
    await rejects(client.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: name })), 'ResourceInUseException');
    await waitActive(client, name);
    await client.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: name }));
    assert.equal((await describe(client, name)).DeliveryStreamStatus, 'DELETING');
    await waitFor(async () => {
      try {
        await describe(client, name);
        return undefined;
      } catch (error) {
        return (error as Error).name === 'ResourceNotFoundException' ? true : undefined;
      }
    });
    await rejects(client.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: name })), 'ResourceNotFoundException', `Firehose ${name} under account 000000000000 not found.`);
  });
});
