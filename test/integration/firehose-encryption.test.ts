// StartDeliveryStreamEncryption / StopDeliveryStreamEncryption and every SSE rule of
// aws-wire.md §3.3–3.4: DirectPut only, KeyType/KeyARN agreement, symmetric keys only,
// ENABLING → ENABLED and DISABLING → DISABLED after --transition-ms, unusable keys refused
// at once or ENABLING_FAILED with a FailureDescription, a failed key change keeping the old
// key, Firehose's grant on a customer CMK (ListGrants) retired on change and stop, and
// `Encrypted` in every put answer.
import { after, before, describe as suite, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateDeliveryStreamCommand,
  PutRecordBatchCommand,
  PutRecordCommand,
  StartDeliveryStreamEncryptionCommand,
  StopDeliveryStreamEncryptionCommand,
  type FirehoseClient,
} from '@aws-sdk/client-firehose';
import { CreateKeyCommand, DisableKeyCommand, ListGrantsCommand, ListKeysCommand, ScheduleKeyDeletionCommand, type KMSClient } from '@aws-sdk/client-kms';
import { removeDir, startServer, testCredentials, uniqueName, waitFor, type TestServer } from '../helpers/server.js';
import { kmsClient } from '../helpers/kms.js';
import { bucketArn, describe, firehoseClient, objectsOf, roleArn, waitActive, waitForDescription } from '../helpers/firehose.js';

async function rejects(promise: Promise<unknown>, name: string, check?: (error: Error & { code?: string }) => void): Promise<void> {
  await assert.rejects(promise, (error: Error & { code?: string }) => {
    assert.equal(error.name, name, error.message);
    check?.(error);
    return true;
  });
}

suite('firehose server-side encryption', () => {
  let server: TestServer;
  let client: FirehoseClient;
  let kms: KMSClient;

  before(async () => {
    // No key-material cache, so a key disabled now refuses the very next put.
    server = await startServer({ transitionMs: 250, keyCacheTtlMs: 0 });
    client = firehoseClient(server.endpoint);
    kms = kmsClient(server.endpoint);
  });
  after(async () => {
    client.destroy();
    kms.destroy();
    await server.close();
    await removeDir(server.server.s3Dir);
  });

  const newKey = async (spec: 'SYMMETRIC_DEFAULT' | 'RSA_2048' = 'SYMMETRIC_DEFAULT') =>
    (await kms.send(new CreateKeyCommand(spec === 'SYMMETRIC_DEFAULT' ? {} : { KeySpec: spec, KeyUsage: 'ENCRYPT_DECRYPT' }))).KeyMetadata!.Arn!;

  async function directPut(bucket = uniqueName('bucket'), encryption?: { KeyType: 'AWS_OWNED_CMK' | 'CUSTOMER_MANAGED_CMK'; KeyARN?: string }): Promise<{ name: string; bucket: string }> {
    const name = uniqueName('sse');
    await client.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: name,
        ExtendedS3DestinationConfiguration: { RoleARN: roleArn, BucketARN: bucketArn(bucket), BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 } },
        ...(encryption ? { DeliveryStreamEncryptionConfigurationInput: encryption } : {}),
      }),
    );
    await waitForDescription(client, name, (description) => description.DeliveryStreamStatus !== 'CREATING');
    return { name, bucket };
  }

  const encryptionOf = async (name: string) => (await describe(client, name)).DeliveryStreamEncryptionConfiguration;
  const waitEncryption = (name: string, status: string) => waitForDescription(client, name, (description) => description.DeliveryStreamEncryptionConfiguration?.Status === status);
  const putOne = (name: string, text: string) => client.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: Buffer.from(text) } }));
  const grantsOn = async (keyArn: string) => (await kms.send(new ListGrantsCommand({ KeyId: keyArn }))).Grants ?? [];

  it('with AWS_OWNED_CMK goes ENABLING then ENABLED, answers Encrypted true, and delivers the plaintext', async () => {
    const { name, bucket } = await directPut();
    await client.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: name, DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' } }));
    assert.deepEqual(await encryptionOf(name), { KeyType: 'AWS_OWNED_CMK', Status: 'ENABLING' });
    assert.equal((await putOne(name, 'before-enabled')).Encrypted, false, 'records put during ENABLING are not yet encrypted');
    await waitEncryption(name, 'ENABLED');
    assert.deepEqual(await encryptionOf(name), { KeyType: 'AWS_OWNED_CMK', Status: 'ENABLED' });
    assert.equal((await putOne(name, 'sealed-one')).Encrypted, true);
    const batch = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: [{ Data: Buffer.from('sealed-two') }] }));
    assert.equal(batch.Encrypted, true);
    const delivered = await waitFor(async () => {
      const text = (await objectsOf(server.server.s3Dir, bucket)).map((object) => object.body.toString()).join('');
      return text.includes('sealed-two') ? text : undefined;
    });
    assert.equal(delivered, 'before-enabledsealed-onesealed-two');
    // The AWS-owned key is the server's own: not among the customer's keys.
    const keys = (await kms.send(new ListKeysCommand({}))).Keys ?? [];
    const customerKeys = new Set(keys.map((key) => key.KeyArn));
    const service = await directPut(undefined, { KeyType: 'AWS_OWNED_CMK' });
    await waitEncryption(service.name, 'ENABLED');
    assert.deepEqual(new Set(((await kms.send(new ListKeysCommand({}))).Keys ?? []).map((key) => key.KeyArn)), customerKeys);
  });

  it('with a customer CMK creates a grant, retires it when the key changes and when SSE stops', async () => {
    const first = await newKey();
    const second = await newKey();
    const { name } = await directPut();
    const arn = `arn:aws:firehose:us-east-1:000000000000:deliverystream/${name}`;
    await client.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: name, DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: first } }));
    const [grant] = await grantsOn(first);
    assert.ok(grant, 'a grant on the CMK');
    assert.equal(grant.GranteePrincipal, grant.RetiringPrincipal);
    assert.deepEqual(grant.Constraints, { EncryptionContextSubset: { 'aws:firehose:arn': arn } });
    assert.deepEqual([...grant.Operations!].sort(), ['Decrypt', 'DescribeKey', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'RetireGrant']);
    await waitEncryption(name, 'ENABLED');
    assert.deepEqual(await encryptionOf(name), { KeyARN: first, KeyType: 'CUSTOMER_MANAGED_CMK', Status: 'ENABLED' });
    assert.equal((await putOne(name, 'under-first')).Encrypted, true);

    await client.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: name, DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: second } }));
    await waitEncryption(name, 'ENABLED');
    assert.equal((await encryptionOf(name))!.KeyARN, second);
    assert.equal((await grantsOn(second)).length, 1);
    await waitFor(async () => ((await grantsOn(first)).length === 0 ? true : undefined));

    await client.send(new StopDeliveryStreamEncryptionCommand({ DeliveryStreamName: name }));
    assert.equal((await encryptionOf(name))!.Status, 'DISABLING');
    await waitEncryption(name, 'DISABLED');
    assert.deepEqual(await encryptionOf(name), { Status: 'DISABLED' });
    assert.equal((await putOne(name, 'in-clear')).Encrypted, false);
    await waitFor(async () => ((await grantsOn(second)).length === 0 ? true : undefined));
  });

  it('refuses a KeyType and KeyARN that disagree', async () => {
    const { name } = await directPut();
    await rejects(client.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: name, DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK' } })), 'InvalidArgumentException');
    await rejects(
      client.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: name, DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK', KeyARN: await newKey() } })),
      'InvalidArgumentException',
    );
    assert.deepEqual(await encryptionOf(name), { Status: 'DISABLED' }, 'a refused call changes nothing');
  });

  it('refuses a missing, disabled or doomed key at once with InvalidKMSResourceException and the KMS code', async () => {
    const { name } = await directPut();
    const start = (keyArn: string) => client.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: name, DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: keyArn } }));
    await rejects(start('arn:aws:kms:us-east-1:000000000000:key/00000000-0000-4000-8000-000000000000'), 'InvalidKMSResourceException', (error) => assert.equal(error.code, 'NotFoundException'));
    const disabled = await newKey();
    await kms.send(new DisableKeyCommand({ KeyId: disabled }));
    await rejects(start(disabled), 'InvalidKMSResourceException', (error) => {
      assert.equal(error.code, 'DisabledException');
      assert.equal(error.message, `${disabled} is disabled.`);
    });
    const doomed = await newKey();
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: doomed, PendingWindowInDays: 7 }));
    await rejects(start(doomed), 'InvalidKMSResourceException', (error) => assert.equal(error.code, 'KMSInvalidStateException'));
    assert.deepEqual(await encryptionOf(name), { Status: 'DISABLED' });
  });

  it('fails an asymmetric key later: ENABLING_FAILED with INVALID_KMS_KEY, nothing encrypted', async () => {
    const asymmetric = await newKey('RSA_2048');
    const { name } = await directPut();
    await client.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: name, DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: asymmetric } }));
    const failed = (await waitEncryption(name, 'ENABLING_FAILED')).DeliveryStreamEncryptionConfiguration!;
    assert.equal(failed.KeyARN, asymmetric);
    assert.equal(failed.FailureDescription!.Type, 'INVALID_KMS_KEY');
    assert.ok(failed.FailureDescription!.Details!.length > 0);
    assert.equal((await putOne(name, 'clear')).Encrypted, false);
  });

  it('keeps the old key in force when a key change fails', async () => {
    const good = await newKey();
    const { name } = await directPut(undefined, { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: good });
    await waitEncryption(name, 'ENABLED');
    await client.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: name, DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: await newKey('RSA_2048') } }));
    assert.equal((await putOne(name, 'still-sealed')).Encrypted, true, 'sealed under the old key during ENABLING');
    const failed = await waitEncryption(name, 'ENABLING_FAILED');
    assert.equal(failed.DeliveryStreamEncryptionConfiguration!.FailureDescription!.Type, 'INVALID_KMS_KEY');
    assert.equal((await putOne(name, 'still-sealed-after')).Encrypted, true);
    assert.equal((await grantsOn(good)).length, 1, 'the old key keeps its grant');
  });

  it('creates a stream with SSE at once, and fails its creation for an asymmetric key', async () => {
    const { name } = await directPut(undefined, { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: await newKey() });
    assert.equal((await waitEncryption(name, 'ENABLED')).DeliveryStreamStatus, 'ACTIVE');
    const broken = await directPut(undefined, { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: await newKey('RSA_2048') });
    const description = await describe(client, broken.name);
    assert.equal(description.DeliveryStreamStatus, 'CREATING_FAILED');
    assert.equal(description.FailureDescription!.Type, 'INVALID_KMS_KEY');
    assert.equal(description.DeliveryStreamEncryptionConfiguration!.Status, 'ENABLING_FAILED');
  });

  it('refuses puts with InvalidKMSResourceException once the CMK is disabled', async () => {
    const key = await newKey();
    const { name } = await directPut(undefined, { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: key });
    await waitEncryption(name, 'ENABLED');
    assert.equal((await putOne(name, 'ok')).Encrypted, true);
    await kms.send(new DisableKeyCommand({ KeyId: key }));
    await rejects(putOne(name, 'refused'), 'InvalidKMSResourceException', (error) => assert.equal(error.code, 'DisabledException'));
  });

  it('allows SSE on DirectPut streams only', async () => {
    await rejects(
      client.send(
        new CreateDeliveryStreamCommand({
          DeliveryStreamName: uniqueName('kinesis-sse'),
          DeliveryStreamType: 'KinesisStreamAsSource',
          KinesisStreamSourceConfiguration: { KinesisStreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/whatever', RoleARN: roleArn },
          ExtendedS3DestinationConfiguration: { RoleARN: roleArn, BucketARN: bucketArn('b') },
          DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
        }),
      ),
      'InvalidArgumentException',
      (error) => assert.equal(error.message, 'Server-side encryption is only supported for DirectPut delivery streams.'),
    );
  });
});

suite('firehose SSE limits', () => {
  let server: TestServer;
  let client: FirehoseClient;
  let kms: KMSClient;

  before(async () => {
    server = await startServer({ transitionMs: 1 });
    client = firehoseClient(server.endpoint);
    kms = kmsClient(server.endpoint);
  });
  after(async () => {
    client.destroy();
    kms.destroy();
    await server.close();
    await removeDir(server.server.s3Dir);
  });

  const destination = { RoleARN: roleArn, BucketARN: bucketArn('limits') };

  it('shares 25 Start and Stop calls per stream per 24 hours', async () => {
    const name = uniqueName('budget');
    await client.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: name, ExtendedS3DestinationConfiguration: destination }));
    await waitActive(client, name);
    const settled = (status: string) => waitForDescription(client, name, (description) => description.DeliveryStreamEncryptionConfiguration?.Status === status);
    for (let call = 0; call < 25; call++) {
      if (call % 2 === 0) {
        await client.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: name, DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' } }));
        await settled('ENABLED');
      } else {
        await client.send(new StopDeliveryStreamEncryptionCommand({ DeliveryStreamName: name }));
        await settled('DISABLED');
      }
    }
    // 13 starts and 12 stops: the 26th call of either kind is refused.
    await rejects(client.send(new StopDeliveryStreamEncryptionCommand({ DeliveryStreamName: name })), 'LimitExceededException');
    await rejects(client.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: name, DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' } })), 'LimitExceededException');
    assert.equal((await describe(client, name)).DeliveryStreamEncryptionConfiguration!.Status, 'ENABLED');
  });

  it('lets one CMK protect at most 500 delivery streams', async () => {
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    const prefix = uniqueName('per-key');
    for (let index = 0; index < 500; index++) {
      await client.send(
        new CreateDeliveryStreamCommand({ DeliveryStreamName: `${prefix}-${index}`, ExtendedS3DestinationConfiguration: destination, DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: key } }),
      );
    }
    await rejects(
      client.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: `${prefix}-500`, ExtendedS3DestinationConfiguration: destination, DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: key } })),
      'LimitExceededException',
    );
    const other = uniqueName('other');
    await client.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: other, ExtendedS3DestinationConfiguration: destination }));
    await waitActive(client, other);
    await rejects(client.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: other, DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: key } })), 'LimitExceededException');
    let grants = 0;
    let marker: string | undefined;
    do {
      const page = await kms.send(new ListGrantsCommand({ KeyId: key, Limit: 100, ...(marker ? { Marker: marker } : {}) }));
      grants += page.Grants!.length;
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
    assert.equal(grants, 500, 'no grant for a refused stream');
  });
});

suite('firehose SSE through an external KMS (--kms-endpoint)', () => {
  let keyServer: TestServer;
  let server: TestServer;
  let client: FirehoseClient;
  let kms: KMSClient;

  before(async () => {
    keyServer = await startServer();
    server = await startServer({ transitionMs: 20, kmsEndpoint: keyServer.endpoint, kmsAccessKeyId: testCredentials.accessKeyId, kmsSecretAccessKey: testCredentials.secretAccessKey });
    client = firehoseClient(server.endpoint);
    kms = kmsClient(keyServer.endpoint);
  });
  after(async () => {
    client.destroy();
    kms.destroy();
    await server.close();
    await keyServer.close();
    await removeDir(server.server.s3Dir);
    await removeDir(keyServer.server.s3Dir);
  });

  it('creates and retires its grant in the external KMS, and seals and delivers with both key types', async () => {
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    for (const encryption of [{ KeyType: 'CUSTOMER_MANAGED_CMK' as const, KeyARN: key }, { KeyType: 'AWS_OWNED_CMK' as const }]) {
      const name = uniqueName('external');
      const bucket = uniqueName('bucket');
      await client.send(
        new CreateDeliveryStreamCommand({
          DeliveryStreamName: name,
          ExtendedS3DestinationConfiguration: { RoleARN: roleArn, BucketARN: bucketArn(bucket), BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 } },
          DeliveryStreamEncryptionConfigurationInput: encryption,
        }),
      );
      await waitForDescription(client, name, (description) => description.DeliveryStreamEncryptionConfiguration?.Status === 'ENABLED');
      assert.equal((await client.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: Buffer.from('through-external') } }))).Encrypted, true);
      await waitFor(async () => ((await objectsOf(server.server.s3Dir, bucket)).some((object) => object.body.toString() === 'through-external') ? true : undefined));
      if (encryption.KeyType !== 'CUSTOMER_MANAGED_CMK') continue;
      assert.equal(((await kms.send(new ListGrantsCommand({ KeyId: key }))).Grants ?? []).length, 1, 'the grant is in the external KMS');
      await client.send(new StopDeliveryStreamEncryptionCommand({ DeliveryStreamName: name }));
      await waitFor(async () => (((await kms.send(new ListGrantsCommand({ KeyId: key }))).Grants ?? []).length === 0 ? true : undefined));
    }
  });
});
