// The built-in KMS without a socket, over the memory engine with a clock the test moves:
// a deletion window of 7 days really ends (the key and its aliases are deleted, for every
// lookup and for ListKeys), and two first uses of alias/aws/kinesis racing each other
// leave one AWS-managed key (aws-wire.md §4.2, §4.6).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KeyMetadata } from '../../src/generated/kms-shapes.js';
import { cancelKeyDeletion } from '../../src/services/kms/operations/cancel-key-deletion.js';
import { createAlias } from '../../src/services/kms/operations/create-alias.js';
import { createKey } from '../../src/services/kms/operations/create-key.js';
import { decrypt } from '../../src/services/kms/operations/decrypt.js';
import { describeKey } from '../../src/services/kms/operations/describe-key.js';
import { encrypt } from '../../src/services/kms/operations/encrypt.js';
import { listAliases } from '../../src/services/kms/operations/list-aliases.js';
import { listKeys } from '../../src/services/kms/operations/list-keys.js';
import { scheduleKeyDeletion } from '../../src/services/kms/operations/schedule-key-deletion.js';
import { aliasArnOf, rejectsWith } from '../helpers/kms-fixtures.js';
import { inProcessContext, inProcessKmsSuite } from '../helpers/in-process.js';

const dayMs = 86_400_000;

describe('KMS deletion window and AWS-managed key race (built-in, in-process clock)', () => {
  const clock = { now: Date.UTC(2026, 0, 1) };
  const context = inProcessContext;
  const { kms, engine } = inProcessKmsSuite(clock);

  const newKey = async (): Promise<KeyMetadata> => (await createKey(kms, {}, context)).KeyMetadata!;
  const listedKeyIds = async () => (await listKeys(kms, {}, context)).Keys!.map((key) => key.KeyId);
  const listedAliasNames = async () => (await listAliases(kms, {}, context)).Aliases!.map((alias) => alias.AliasName);
  const storedKey = (keyId: string) => engine.getMeta(`kms/key/000000000000/us-east-1/${keyId}`);

  it('the key and its aliases are deleted when the window ends, not a millisecond before', async () => {
    const key = await newKey();
    await createAlias(kms, { AliasName: 'alias/doomed', TargetKeyId: key.KeyId! }, context);
    const blob = (await encrypt(kms, { KeyId: 'alias/doomed', Plaintext: Buffer.from('x') }, context)).CiphertextBlob!;
    const scheduled = await scheduleKeyDeletion(kms, { KeyId: key.KeyId!, PendingWindowInDays: 7 }, context);
    assert.equal(scheduled.DeletionDate!.getTime(), clock.now + 7 * dayMs);

    clock.now = scheduled.DeletionDate!.getTime() - 1;
    assert.equal((await describeKey(kms, { KeyId: 'alias/doomed' }, context)).KeyMetadata!.KeyState, 'PendingDeletion');
    assert.ok((await listedKeyIds()).includes(key.KeyId!));

    clock.now = scheduled.DeletionDate!.getTime();
    await rejectsWith(describeKey(kms, { KeyId: key.KeyId! }, context), 'NotFoundException', `Key '${key.Arn}' does not exist`);
    assert.equal(await storedKey(key.KeyId!), undefined);
    assert.ok(!(await listedKeyIds()).includes(key.KeyId!));
    assert.ok(!(await listedAliasNames()).includes('alias/doomed'));
    await rejectsWith(encrypt(kms, { KeyId: 'alias/doomed', Plaintext: Buffer.from('x') }, context), 'NotFoundException',
      `Alias ${aliasArnOf('alias/doomed')} is not found.`);
    await rejectsWith(decrypt(kms, { CiphertextBlob: blob }, context), 'NotFoundException', `Key '${key.Arn}' does not exist`);
    await rejectsWith(cancelKeyDeletion(kms, { KeyId: key.KeyId! }, context), 'NotFoundException', `Key '${key.Arn}' does not exist`);
    // The alias name is free again.
    const successor = await newKey();
    await createAlias(kms, { AliasName: 'alias/doomed', TargetKeyId: successor.KeyId! }, context);
    assert.equal((await describeKey(kms, { KeyId: 'alias/doomed' }, context)).KeyMetadata!.KeyId, successor.KeyId);
  });

  it('ListKeys and ListAliases alone settle an ended window', async () => {
    const key = await newKey();
    await createAlias(kms, { AliasName: 'alias/listed-away', TargetKeyId: key.KeyId! }, context);
    await scheduleKeyDeletion(kms, { KeyId: key.Arn! }, context);
    clock.now += 30 * dayMs;
    assert.ok(!(await listedAliasNames()).includes('alias/listed-away'));
    assert.ok(!(await listedKeyIds()).includes(key.KeyId!));
    assert.equal(await storedKey(key.KeyId!), undefined);
    assert.equal(await kms.aliases.find({ accountId: '000000000000', region: 'us-east-1' }, 'alias/listed-away'), undefined);
  });

  it('a cancelled deletion keeps the key past its old deletion date', async () => {
    const key = await newKey();
    const scheduled = await scheduleKeyDeletion(kms, { KeyId: key.KeyId!, PendingWindowInDays: 7 }, context);
    await cancelKeyDeletion(kms, { KeyId: key.KeyId! }, context);
    clock.now = scheduled.DeletionDate!.getTime() + dayMs;
    const described = (await describeKey(kms, { KeyId: key.KeyId! }, context)).KeyMetadata!;
    assert.equal(described.KeyState, 'Disabled');
    assert.equal(described.DeletionDate, undefined);
    assert.ok((await listedKeyIds()).includes(key.KeyId!));
  });

  it('concurrent first uses of alias/aws/kinesis leave exactly one AWS-managed key', async () => {
    const racingContext = { ...context, caller: { ...context.caller, region: 'eu-central-1' } };
    const described = await Promise.all(Array.from({ length: 8 }, () => describeKey(kms, { KeyId: 'alias/aws/kinesis' }, racingContext)));
    const keyIds = new Set(described.map((response) => response.KeyMetadata!.KeyId));
    assert.equal(keyIds.size, 1);
    const listed = (await listKeys(kms, {}, racingContext)).Keys!.map((key) => key.KeyId);
    assert.deepEqual(listed, [...keyIds]);
    assert.equal((await describeKey(kms, { KeyId: listed[0]! }, racingContext)).KeyMetadata!.KeyManager, 'AWS');
  });
});
