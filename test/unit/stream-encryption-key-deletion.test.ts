// A CMK that is really deleted (its deletion window has ended) leaves the records sealed
// under it unreadable for good. Days pass on an injected clock.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createInProcessKinesis, type InProcessKinesis } from '../helpers/in-process.js';
import { createStream } from '../../src/services/kinesis/operations/create-stream.js';
import { increaseStreamRetentionPeriod } from '../../src/services/kinesis/operations/increase-stream-retention-period.js';
import { startStreamEncryption } from '../../src/services/kinesis/operations/start-stream-encryption.js';
import { putRecord } from '../../src/services/kinesis/operations/put-record.js';
import { getShardIterator } from '../../src/services/kinesis/operations/get-shard-iterator.js';
import { getRecords } from '../../src/services/kinesis/operations/get-records.js';
import { createKey } from '../../src/services/kms/operations/create-key.js';
import { deleteStream } from '../../src/services/kinesis/operations/delete-stream.js';

const dayMs = 86_400_000;

describe('stream encryption after the CMK is deleted', () => {
  let world: InProcessKinesis;
  before(async () => {
    world = await createInProcessKinesis({ transitionMs: 10, keyCacheTtlMs: 1000 });
  });
  after(() => world.close());

  const settle = () => (world.clock.now += 20);

  it('answers GetRecords with KMSNotFoundException once the deletion window has ended', async () => {
    const { kinesis, kms, context } = world;
    await createStream(kinesis, { StreamName: 'doomed', ShardCount: 1 }, context);
    settle();
    await increaseStreamRetentionPeriod(kinesis, { StreamName: 'doomed', RetentionPeriodHours: 24 * 30 }, context);
    settle();
    const key = (await createKey(kms, {}, context)).KeyMetadata!;
    await startStreamEncryption(kinesis, { StreamName: 'doomed', EncryptionType: 'KMS', KeyId: key.KeyId }, context);
    settle();
    await putRecord(kinesis, { StreamName: 'doomed', PartitionKey: 'k', Data: Buffer.from('sealed') }, context);
    const read = async () => {
      const iterator = await getShardIterator(kinesis, { StreamName: 'doomed', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }, context);
      return getRecords(kinesis, { ShardIterator: iterator.ShardIterator! }, context);
    };
    assert.equal((await read()).Records[0]!.EncryptionType, 'KMS');

    await kms.keys.update(context.caller, key.KeyId, (doc) => {
      doc.state = 'PendingDeletion';
      doc.deletionDate = world.clock.now + 7 * dayMs;
      doc.pendingWindowDays = 7;
    });
    world.clock.now += 8 * dayMs;
    assert.equal(await kms.keys.find(context.caller, key.KeyId), undefined, 'the key is gone');
    await assert.rejects(read(), { name: 'KMSNotFoundException', message: `Key '${key.Arn}' does not exist` });
    await assert.rejects(putRecord(kinesis, { StreamName: 'doomed', PartitionKey: 'k', Data: Buffer.from('more') }, context), { name: 'KMSNotFoundException' });
  });

  it('deletes the stored key material of a stream when the stream is gone', async () => {
    const { kinesis, context } = world;
    await createStream(kinesis, { StreamName: 'short-lived', ShardCount: 1 }, context);
    settle();
    await startStreamEncryption(kinesis, { StreamName: 'short-lived', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }, context);
    settle();
    await putRecord(kinesis, { StreamName: 'short-lived', PartitionKey: 'k', Data: Buffer.from('x') }, context);
    const stream = await kinesis.streams.get({ name: 'short-lived', accountId: context.caller.accountId, region: context.caller.region });
    const stored = () => world.engine.listMeta(`kinesis/key-material/${stream.uuid}/`);
    assert.ok((await stored()).length > 0, 'a generation is stored while the stream lives');
    await deleteStream(kinesis, { StreamName: 'short-lived' }, context);
    settle();
    assert.equal(await kinesis.streams.find(stream), undefined);
    for (let attempt = 0; attempt < 50 && (await stored()).length > 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(await stored(), []);
  });
});

