// The records a put hands a subscriber (read.ts, appendedBatch): on an encrypted stream
// they open before appendedBatch returns while the key material is cached and the
// permission is known at once (--auth open, or an allowance strict mode remembers), so
// their event is written in the turn they were stored, before the put's answer, as for a
// plain stream; a permission that must be waited for is waited for, and a refusal still
// reaches the subscriber.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createInProcessKinesis, type InProcessKinesis } from '../helpers/in-process.js';
import { createStream } from '../../src/services/kinesis/operations/create-stream.js';
import { startStreamEncryption } from '../../src/services/kinesis/operations/start-stream-encryption.js';
import { putRecord } from '../../src/services/kinesis/operations/put-record.js';
import { appendedBatch } from '../../src/services/kinesis/domain/read.js';
import { logName } from '../../src/services/kinesis/domain/streams.js';
import { AwsError } from '../../src/services/errors.js';
import type { Authorizer } from '../../src/services/context.js';

/** A stream, encrypted when `sealed`, with one record put; what a subscriber would be handed for it. */
async function putOne(world: InProcessKinesis, name: string, sealed: boolean) {
  const { kinesis, context } = world;
  await createStream(kinesis, { StreamName: name, ShardCount: 1 }, context);
  world.clock.now += 20;
  if (sealed) {
    await startStreamEncryption(kinesis, { StreamName: name, EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }, context);
    world.clock.now += 20;
  }
  await putRecord(kinesis, { StreamName: name, PartitionKey: 'pk', Data: Buffer.from(`record of ${name}`) }, context);
  const stream = await kinesis.streams.get({ name, accountId: context.caller.accountId, region: context.caller.region });
  const shard = stream.shards[0]!;
  const appended = await kinesis.engine.read(logName(stream, shard), 1, { limit: 10, maxBytes: 1 << 20 });
  assert.equal(appended.length, 1);
  return { stream, shard, appended };
}

describe('records handed to a subscriber', () => {
  describe('--auth open', () => {
    let world: InProcessKinesis;
    before(async () => {
      world = await createInProcessKinesis({ transitionMs: 10 });
    });
    after(() => world.close());

    for (const sealed of [false, true]) {
      it(`open before appendedBatch returns (${sealed ? 'encrypted' : 'plain'} stream, material cached)`, async () => {
        const { stream, shard, appended } = await putOne(world, sealed ? 'sealed' : 'plain', sealed);
        const batch = appendedBatch(world.kinesis, stream, shard, 0, appended, world.context.caller);
        assert.ok(!(batch instanceof Promise), 'no turn of the event loop between the put and its event');
        assert.equal(Buffer.from(batch.records[0]!.Data!).toString(), `record of ${stream.name}`);
        assert.equal(batch.records[0]!.EncryptionType, sealed ? 'KMS' : undefined);
        assert.deepEqual([batch.afterCounter, batch.millisBehindLatest, batch.isAtEnd], [1, 0, true]);
      });
    }
  });

  describe('a permission that must be waited for', () => {
    let world: InProcessKinesis;
    let isDecryptRefused = false;
    const authorizer: Authorizer = async (_caller, action) => {
      if (action === 'kms:Decrypt' && isDecryptRefused) throw new AwsError('AccessDeniedException', 'refused', { messageKey: 'Message' });
    };
    before(async () => {
      world = await createInProcessKinesis({ transitionMs: 10, authorizer });
    });
    after(() => world.close());

    it('waits for the permission on cached material, and a refusal reaches the subscriber in Kinesis words', async () => {
      const { stream, shard, appended } = await putOne(world, 'strict', true);
      const allowed = appendedBatch(world.kinesis, stream, shard, 0, appended, world.context.caller);
      assert.ok(allowed instanceof Promise);
      assert.equal(Buffer.from((await allowed).records[0]!.Data!).toString(), 'record of strict');
      isDecryptRefused = true;
      await assert.rejects(Promise.resolve(appendedBatch(world.kinesis, stream, shard, 0, appended, world.context.caller)), {
        name: 'KMSAccessDeniedException',
        message: `User ${world.context.caller.principalArn} is not authorized to decrypt records in stream strict`,
      });
    });
  });
});
