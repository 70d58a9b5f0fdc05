// StartStreamEncryption / StopStreamEncryption and the records of an encrypted stream,
// through @aws-sdk/client-kinesis (HTTP/2 and HTTP/1.1) and @aws-sdk/client-kms
// (aws-wire.md §2; issue: server-side encryption of streams).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  SplitShardCommand,
  StartStreamEncryptionCommand,
  StopStreamEncryptionCommand,
  type KinesisClient,
  type _Record,
} from '@aws-sdk/client-kinesis';
import { CreateAliasCommand, CreateKeyCommand, DisableKeyCommand, EnableKeyCommand, ScheduleKeyDeletionCommand, CancelKeyDeletionCommand, type KMSClient } from '@aws-sdk/client-kms';
import { httpVersions, kinesisClient, kinesisSuite, uniqueName } from '../helpers/server.js';
import { kmsClient, startKmsServer } from '../helpers/kms.js';
import { createActiveStream, streamSummary, waitForStreamStatus } from '../helpers/streams.js';

const account = '000000000000';

for (const version of httpVersions) {
  describe(`stream encryption over ${version}`, () => {
    const suite = kinesisSuite(version, { transitionMs: 250, keyCacheTtlMs: 150 });
    const { client } = suite;
    const kms = kmsClient(() => suite.server.endpoint);
    after(() => kms.destroy());

    const summary = (name: string) => streamSummary(client, name);
    const waitActive = (name: string) => waitForStreamStatus(client, name);
    const activeStream = async (shardCount = 1) => (await createActiveStream(client, { shardCount, prefix: 'sse' })).name;
    async function newKey(): Promise<{ id: string; arn: string }> {
      const metadata = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
      return { id: metadata.KeyId!, arn: metadata.Arn! };
    }
    async function encrypt(name: string, keyId: string): Promise<void> {
      await client.send(new StartStreamEncryptionCommand({ StreamName: name, EncryptionType: 'KMS', KeyId: keyId }));
      await waitActive(name);
    }
    async function readAll(name: string, shardId = 'shardId-000000000000'): Promise<_Record[]> {
      const iterator = (await client.send(new GetShardIteratorCommand({ StreamName: name, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      return (await client.send(new GetRecordsCommand({ ShardIterator: iterator }))).Records ?? [];
    }
    const put = (name: string, text: string) => client.send(new PutRecordCommand({ StreamName: name, PartitionKey: `pk-${text}`, Data: Buffer.from(text) }));
    const texts = (records: _Record[]) => records.map((record) => Buffer.from(record.Data!).toString());

    it('goes UPDATING at once, then ACTIVE with EncryptionType KMS and the KeyId as given', async () => {
      const name = await activeStream();
      await client.send(new StartStreamEncryptionCommand({ StreamName: name, EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }));
      const updating = await summary(name);
      assert.equal(updating.StreamStatus, 'UPDATING');
      await waitActive(name);
      const described = (await client.send(new DescribeStreamCommand({ StreamName: name }))).StreamDescription!;
      assert.equal(described.EncryptionType, 'KMS');
      assert.equal(described.KeyId, 'alias/aws/kinesis');
      assert.equal((await summary(name)).KeyId, 'alias/aws/kinesis');
    });

    it('accepts the KeyId as key id, key ARN, alias name and alias ARN, echoing each exactly', async () => {
      const key = await newKey();
      const alias = `alias/${uniqueName('orders')}`;
      await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: key.id }));
      const aliasArn = `arn:aws:kms:us-east-1:${account}:${alias}`;
      for (const keyId of [key.id, key.arn, alias, aliasArn]) {
        const name = await activeStream();
        await encrypt(name, keyId);
        assert.equal((await summary(name)).KeyId, keyId);
        const answer = await put(name, 'x');
        assert.equal(answer.EncryptionType, 'KMS');
        assert.deepEqual(texts(await readAll(name)), ['x']);
      }
    });

    it('seals every record written after the start and returns it intact with EncryptionType KMS; older records stay plain', async () => {
      const name = await activeStream();
      const before = await put(name, 'before');
      assert.equal(before.EncryptionType, undefined);
      await encrypt(name, (await newKey()).id);
      const single = await put(name, 'after');
      assert.equal(single.EncryptionType, 'KMS');
      const batch = await client.send(new PutRecordsCommand({ StreamName: name, Records: [{ PartitionKey: 'a', Data: Buffer.from([0, 255, 1]) }, { PartitionKey: 'b', Data: Buffer.alloc(0) }] }));
      assert.equal(batch.EncryptionType, 'KMS');
      assert.equal(batch.FailedRecordCount, 0);
      const records = await readAll(name);
      assert.equal(records.length, 4);
      assert.equal(records[0]!.EncryptionType, undefined, 'a record written before encryption has no EncryptionType');
      assert.deepEqual(Buffer.from(records[0]!.Data!).toString(), 'before');
      assert.deepEqual(records.slice(1).map((record) => record.EncryptionType), ['KMS', 'KMS', 'KMS']);
      assert.equal(records[1]!.PartitionKey, 'pk-after');
      assert.deepEqual([...records[2]!.Data!], [0, 255, 1]);
      assert.equal(records[3]!.Data!.length, 0);
    });

    it('keeps records sealed under an earlier key readable after a key change and after a stop', async () => {
      const name = await activeStream();
      const first = await newKey();
      const second = await newKey();
      await encrypt(name, first.id);
      await put(name, 'under-first');
      await encrypt(name, second.arn);
      await put(name, 'under-second');
      await client.send(new StopStreamEncryptionCommand({ StreamName: name, EncryptionType: 'KMS', KeyId: second.arn }));
      assert.equal((await summary(name)).StreamStatus, 'UPDATING');
      await waitActive(name);
      const stopped = await summary(name);
      assert.equal(stopped.EncryptionType, 'NONE');
      assert.equal(stopped.KeyId, undefined);
      const plain = await put(name, 'plain-again');
      assert.equal(plain.EncryptionType, undefined);
      const records = await readAll(name);
      assert.deepEqual(texts(records), ['under-first', 'under-second', 'plain-again']);
      assert.deepEqual(records.map((record) => record.EncryptionType), ['KMS', 'KMS', undefined]);
    });

    it('refuses bad requests with AWS codes and changes nothing', async () => {
      const name = await activeStream();
      const start = (input: Partial<{ StreamName: string; StreamARN: string; EncryptionType: 'KMS' | 'NONE'; KeyId: string }>) =>
        client.send(new StartStreamEncryptionCommand(input as never));
      await assert.rejects(start({ EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }), { name: 'InvalidArgumentException' });
      await assert.rejects(start({ StreamName: name, StreamARN: `arn:aws:kinesis:us-east-1:${account}:stream/other`, EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }), { name: 'InvalidArgumentException' });
      await assert.rejects(start({ StreamName: name, EncryptionType: 'NONE', KeyId: 'alias/aws/kinesis' }), { name: 'InvalidArgumentException', message: 'KMS is the only valid EncryptionType for this request' });
      await assert.rejects(start({ StreamName: name, EncryptionType: 'KMS' }), {
        name: 'ValidationException',
        message: "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
      });
      await assert.rejects(start({ StreamName: 'no-such-stream', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }), {
        name: 'ResourceNotFoundException',
        message: `Stream no-such-stream under account ${account} not found.`,
      });
      await assert.rejects(start({ StreamName: name, EncryptionType: 'KMS', KeyId: 'not a key' }), { name: 'InvalidArgumentException', message: 'Received KeyId is not a properly formatted Alias or GUID' });
      await assert.rejects(start({ StreamName: name, EncryptionType: 'KMS', KeyId: 'arn:aws:s3:::bucket' }), { name: 'InvalidArgumentException', message: 'Received KeyId ARN is not a properly formatted ARN' });
      const missing = '11111111-2222-3333-4444-555555555555';
      await assert.rejects(start({ StreamName: name, EncryptionType: 'KMS', KeyId: missing }), {
        name: 'KMSNotFoundException',
        message: `Key 'arn:aws:kms:us-east-1:${account}:key/${missing}' does not exist`,
      });
      await assert.rejects(start({ StreamName: name, EncryptionType: 'KMS', KeyId: 'alias/does-not-exist' }), {
        name: 'KMSNotFoundException',
        message: `Alias arn:aws:kms:us-east-1:${account}:alias/does-not-exist is not found.`,
      });
      const disabled = await newKey();
      await kms.send(new DisableKeyCommand({ KeyId: disabled.id }));
      await assert.rejects(start({ StreamName: name, EncryptionType: 'KMS', KeyId: disabled.id }), { name: 'KMSDisabledException', message: `${disabled.arn} is disabled.` });
      const pending = await newKey();
      await kms.send(new ScheduleKeyDeletionCommand({ KeyId: pending.id, PendingWindowInDays: 7 }));
      await assert.rejects(start({ StreamName: name, EncryptionType: 'KMS', KeyId: pending.id }), { name: 'KMSInvalidStateException', message: `${pending.arn} is pending deletion.` });
      const signing = (await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata!;
      await assert.rejects(start({ StreamName: name, EncryptionType: 'KMS', KeyId: signing.KeyId }), { name: 'InvalidArgumentException' });
      const unchanged = await summary(name);
      assert.equal(unchanged.EncryptionType, 'NONE');
      assert.equal(unchanged.StreamStatus, 'ACTIVE');
      assert.equal((await put(name, 'still-plain')).EncryptionType, undefined);

      await client.send(new StartStreamEncryptionCommand({ StreamName: name, EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }));
      await assert.rejects(start({ StreamName: name, EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }), {
        name: 'ResourceInUseException',
        message: `Stream ${name} under account ${account} not ACTIVE, instead in state UPDATING`,
      });
      await assert.rejects(client.send(new StopStreamEncryptionCommand({ StreamName: name, EncryptionType: 'NONE', KeyId: 'alias/aws/kinesis' })), { name: 'InvalidArgumentException' });
    });

    it('allows 25 starts and 25 stops per stream in 24 hours, each counted separately', async () => {
      const name = await activeStream();
      for (let call = 0; call < 25; call++) await encrypt(name, 'alias/aws/kinesis');
      await assert.rejects(client.send(new StartStreamEncryptionCommand({ StreamName: name, EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' })), { name: 'LimitExceededException' });
      for (let call = 0; call < 25; call++) {
        await client.send(new StopStreamEncryptionCommand({ StreamName: name, EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }));
        await waitActive(name);
      }
      await assert.rejects(client.send(new StopStreamEncryptionCommand({ StreamName: name, EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' })), { name: 'LimitExceededException' });
    });

    it('stops puts and gets with KMSDisabledException once the cache expires after the CMK is disabled, and resumes when it is enabled', async () => {
      const name = await activeStream();
      const key = await newKey();
      await encrypt(name, key.id);
      await put(name, 'one');
      await kms.send(new DisableKeyCommand({ KeyId: key.id }));
      await new Promise((resolve) => setTimeout(resolve, 200));
      await assert.rejects(put(name, 'two'), { name: 'KMSDisabledException', message: `${key.arn} is disabled.` });
      await assert.rejects(readAll(name), { name: 'KMSDisabledException' });
      await kms.send(new EnableKeyCommand({ KeyId: key.id }));
      await put(name, 'three');
      assert.deepEqual(texts(await readAll(name)), ['one', 'three']);
    });

    it('makes records unreadable while the CMK is pending deletion, and readable after the deletion is cancelled', async () => {
      const name = await activeStream();
      const key = await newKey();
      await encrypt(name, key.id);
      await put(name, 'kept');
      await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.id, PendingWindowInDays: 7 }));
      await new Promise((resolve) => setTimeout(resolve, 200));
      await assert.rejects(readAll(name), { name: 'KMSInvalidStateException', message: `${key.arn} is pending deletion.` });
      await kms.send(new CancelKeyDeletionCommand({ KeyId: key.id }));
      await kms.send(new EnableKeyCommand({ KeyId: key.id }));
      assert.deepEqual(texts(await readAll(name)), ['kept']);
    });

    it('encrypts the child shards of an encrypted stream after a split', async () => {
      const name = await activeStream(1);
      await encrypt(name, 'alias/aws/kinesis');
      await put(name, 'parent');
      await client.send(new SplitShardCommand({ StreamName: name, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: (1n << 127n).toString() }));
      await waitActive(name);
      const children = (await client.send(new ListShardsCommand({ StreamName: name, ShardFilter: { Type: 'AT_LATEST' } }))).Shards!;
      assert.equal(children.length, 2);
      const answer = await client.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from('child'), ExplicitHashKey: '0' }));
      assert.equal(answer.EncryptionType, 'KMS');
      assert.equal(answer.ShardId, children[0]!.ShardId);
      const records = await readAll(name, children[0]!.ShardId);
      assert.deepEqual(texts(records), ['child']);
      assert.equal(records[0]!.EncryptionType, 'KMS');
      assert.deepEqual(texts(await readAll(name)), ['parent']);
    });
  });
}

describe('stream encryption with an external KMS (--kms-endpoint)', () => {
  let servers: Awaited<ReturnType<typeof startKmsServer>>;
  let client: KinesisClient;
  let kms: KMSClient;
  before(async () => {
    servers = await startKmsServer('external', { transitionMs: 30 });
    client = kinesisClient(servers.endpoint);
    kms = kmsClient(servers.keyServer.endpoint);
  });
  after(async () => {
    client.destroy();
    kms.destroy();
    await servers.close();
  });

  it('seals records with data keys from the external KMS and surfaces its refusals as Kinesis KMS* errors', async () => {
    const { name } = await createActiveStream(client, { prefix: 'sse-external' });
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await client.send(new StartStreamEncryptionCommand({ StreamName: name, EncryptionType: 'KMS', KeyId: key.Arn }));
    await waitForStreamStatus(client, name);
    const answer = await client.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from('via external KMS') }));
    assert.equal(answer.EncryptionType, 'KMS');
    const iterator = (await client.send(new GetShardIteratorCommand({ StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    const records = (await client.send(new GetRecordsCommand({ ShardIterator: iterator }))).Records!;
    assert.equal(Buffer.from(records[0]!.Data!).toString(), 'via external KMS');
    assert.equal(records[0]!.EncryptionType, 'KMS');
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    await assert.rejects(client.send(new StartStreamEncryptionCommand({ StreamName: name, EncryptionType: 'KMS', KeyId: key.Arn })), {
      name: 'KMSDisabledException',
      message: `${key.Arn} is disabled.`,
    });
  });
});
