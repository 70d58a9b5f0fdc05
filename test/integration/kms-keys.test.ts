// KMS keys through @aws-sdk/client-kms, built-in and external mode: CreateKey defaults,
// DescribeKey in every identifier form with AWS's not-found texts, ListKeys paging,
// Enable/Disable, ScheduleKeyDeletion/CancelKeyDeletion, descriptions, tags, the
// AWS-managed alias/aws/kinesis key, and the key-state table (aws-wire.md §4.3–§4.6).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GetKeyRotationStatusCommand,
  ListAliasesCommand,
  ListKeysCommand,
  ReEncryptCommand,
  ListResourceTagsCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateKeyDescriptionCommand,
  type KeyMetadata,
} from '@aws-sdk/client-kms';
import { kmsClient, kmsModes, kmsSuite } from '../helpers/kms.js';
import { aliasArnOf, createAliasFor, keyArnOf, rejectsWith, uniqueAlias } from '../helpers/kms-fixtures.js';

const dayMs = 86_400_000;
const awsManagedMessage = (arn: string, operation: string) => `${arn} is an AWS managed key. ${operation} is not supported for AWS managed keys.`;

for (const mode of kmsModes) {
  describe(`KMS keys (${mode})`, () => {
    const suite = kmsSuite(mode);
    const { client } = suite;

    const newKey = async (description?: string): Promise<KeyMetadata> =>
      (await client.send(new CreateKeyCommand(description === undefined ? {} : { Description: description }))).KeyMetadata!;
    const describe_ = async (keyId: string, on = client) => (await on.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
    const encryptWith = (keyId: string) => client.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('secret') }));

    async function allKeyIds(limit: number, on = client, inRegion = 'us-east-1'): Promise<string[]> {
      const ids: string[] = [];
      let marker: string | undefined;
      do {
        const page = await on.send(new ListKeysCommand({ Limit: limit, ...(marker ? { Marker: marker } : {}) }));
        assert.ok(page.Keys!.length <= limit);
        for (const key of page.Keys!) assert.equal(key.KeyArn, keyArnOf(key.KeyId!, inRegion));
        // NextMarker is there exactly when Truncated says more follow.
        assert.equal(page.NextMarker !== undefined, page.Truncated);
        if (page.Truncated) assert.equal(page.Keys!.length, limit);
        ids.push(...page.Keys!.map((key) => key.KeyId!));
        marker = page.NextMarker;
      } while (marker);
      return ids;
    }

    it('CreateKey without input makes an enabled symmetric customer key with AWS KeyMetadata', async () => {
      const before = Date.now();
      const metadata = await newKey();
      assert.match(metadata.KeyId!, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.deepEqual(Object.keys(metadata).sort(), [
        'AWSAccountId', 'Arn', 'CreationDate', 'CurrentKeyMaterialId', 'CustomerMasterKeySpec', 'Description', 'Enabled',
        'EncryptionAlgorithms', 'KeyId', 'KeyManager', 'KeySpec', 'KeyState', 'KeyUsage', 'MultiRegion', 'Origin',
      ]);
      const { CreationDate, CurrentKeyMaterialId, KeyId, ...rest } = metadata;
      assert.deepEqual(rest, {
        AWSAccountId: '000000000000', Arn: keyArnOf(KeyId!), CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT', Description: '', Enabled: true,
        EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'], KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', KeyState: 'Enabled',
        KeyUsage: 'ENCRYPT_DECRYPT', MultiRegion: false, Origin: 'AWS_KMS',
      });
      assert.match(CurrentKeyMaterialId!, /^[0-9a-f]{64}$/);
      assert.ok(CreationDate!.getTime() >= before - 1000 && CreationDate!.getTime() <= Date.now() + 1000);
    });

    it('DescribeKey finds a key by key id, key ARN, alias name and alias ARN', async () => {
      const key = await newKey('described');
      const alias = await createAliasFor(client, key.KeyId!);
      for (const form of [key.KeyId!, key.Arn!, alias, aliasArnOf(alias)]) {
        const described = await describe_(form);
        assert.equal(described.KeyId, key.KeyId, form);
        assert.equal(described.Description, 'described');
      }
    });

    it('DescribeKey of a key that does not exist or an id that is not one answers in AWS words', async () => {
      const missing = randomUUID();
      await rejectsWith(describe_(missing), 'NotFoundException', `Key '${keyArnOf(missing)}' does not exist`);
      await rejectsWith(describe_(keyArnOf(missing)), 'NotFoundException', `Key '${keyArnOf(missing)}' does not exist`);
      await rejectsWith(describe_('fake-key-id'), 'NotFoundException', "Invalid keyId 'fake-key-id'");
      const undashed = missing.replace(/-/g, '');
      await rejectsWith(describe_(undashed), 'NotFoundException', `Invalid keyId '${undashed}'`);
      await rejectsWith(describe_('alias/never-made'), 'NotFoundException', `Alias ${aliasArnOf('alias/never-made')} is not found.`);
      await rejectsWith(describe_(aliasArnOf('alias/never-made')), 'NotFoundException', `Alias ${aliasArnOf('alias/never-made')} is not found.`);
      const key = await newKey();
      await rejectsWith(describe_(keyArnOf(key.KeyId!, 'us-west-2')), 'NotFoundException', 'Invalid arn us-west-2');
    });

    it('ListKeys pages with Limit and Marker, every key once, NextMarker exactly while Truncated', async () => {
      const created = [await newKey(), await newKey(), await newKey()].map((key) => key.KeyId!);
      const everyKey = await allKeyIds(1000);
      for (const id of created) assert.ok(everyKey.includes(id));
      for (const limit of [1, 2]) {
        const paged = await allKeyIds(limit);
        assert.deepEqual(paged, everyKey);
        assert.equal(new Set(paged).size, paged.length);
      }
      const unpaged = await client.send(new ListKeysCommand({}));
      assert.equal(unpaged.Truncated, false);
      assert.equal(unpaged.NextMarker, undefined);
      await rejectsWith(client.send(new ListKeysCommand({ Marker: 'not-a-marker' })), 'InvalidMarkerException', 'Invalid marker');
      await rejectsWith(client.send(new ListKeysCommand({ Limit: 0 })), 'ValidationException',
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
      await rejectsWith(client.send(new ListKeysCommand({ Limit: 1001 })), 'ValidationException',
        "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000");
    });

    it('DisableKey stops cryptography with DisabledException; EnableKey restores it', async () => {
      const key = await newKey();
      await client.send(new DisableKeyCommand({ KeyId: key.Arn! }));
      await client.send(new DisableKeyCommand({ KeyId: key.KeyId! }));
      const disabled = await describe_(key.KeyId!);
      assert.equal(disabled.KeyState, 'Disabled');
      assert.equal(disabled.Enabled, false);
      await rejectsWith(encryptWith(key.KeyId!), 'DisabledException', `${key.Arn} is disabled.`);
      await client.send(new EnableKeyCommand({ KeyId: key.KeyId! }));
      assert.equal((await describe_(key.KeyId!)).KeyState, 'Enabled');
      assert.equal((await encryptWith(key.KeyId!)).KeyId, key.Arn);
      await rejectsWith(client.send(new DisableKeyCommand({ KeyId: 'alias/any' })), 'NotFoundException', "Invalid keyId 'alias/any'");
    });

    it('ScheduleKeyDeletion answers with the ARN, date, state and window, default 30 days; 7–30 only', async () => {
      const key = await newKey();
      const scheduled = await client.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId! }));
      assert.equal(scheduled.KeyId, key.Arn);
      assert.equal(scheduled.KeyState, 'PendingDeletion');
      assert.equal(scheduled.PendingWindowInDays, 30);
      assert.ok(Math.abs(scheduled.DeletionDate!.getTime() - (Date.now() + 30 * dayMs)) < 60_000);
      const described = await describe_(key.KeyId!);
      assert.equal(described.KeyState, 'PendingDeletion');
      assert.equal(described.Enabled, false);
      assert.equal(described.PendingDeletionWindowInDays, 30);
      assert.equal(described.DeletionDate!.getTime(), scheduled.DeletionDate!.getTime());

      const week = await newKey();
      const soon = await client.send(new ScheduleKeyDeletionCommand({ KeyId: week.Arn!, PendingWindowInDays: 7 }));
      assert.equal(soon.PendingWindowInDays, 7);
      assert.ok(Math.abs(soon.DeletionDate!.getTime() - (Date.now() + 7 * dayMs)) < 60_000);
      for (const days of [6, 31]) {
        await rejectsWith(client.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId!, PendingWindowInDays: days })), 'ValidationException',
          `PendingWindowInDays should be between 7 and 30, but it is ${days}`);
      }
      const untouched = await newKey();
      await rejectsWith(client.send(new ScheduleKeyDeletionCommand({ KeyId: untouched.KeyId!, PendingWindowInDays: 0 })), 'ValidationException',
        "1 validation error detected: Value '0' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 1");
      assert.equal((await describe_(untouched.KeyId!)).KeyState, 'Enabled');
    });

    it('CancelKeyDeletion leaves the key Disabled and answers with its ARN', async () => {
      const key = await newKey();
      await client.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId!, PendingWindowInDays: 7 }));
      const cancelled = await client.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId! }));
      assert.equal(cancelled.KeyId, key.Arn);
      const described = await describe_(key.KeyId!);
      assert.equal(described.KeyState, 'Disabled');
      assert.equal(described.Enabled, false);
      assert.equal(described.DeletionDate, undefined);
      assert.equal(described.PendingDeletionWindowInDays, undefined);
      await rejectsWith(encryptWith(key.KeyId!), 'DisabledException', `${key.Arn} is disabled.`);
    });

    it('UpdateKeyDescription replaces the description', async () => {
      const key = await newKey('before');
      await client.send(new UpdateKeyDescriptionCommand({ KeyId: key.Arn!, Description: 'after' }));
      assert.equal((await describe_(key.KeyId!)).Description, 'after');
      await client.send(new UpdateKeyDescriptionCommand({ KeyId: key.KeyId!, Description: '' }));
      assert.equal((await describe_(key.KeyId!)).Description, '');
    });

    it('TagResource adds and replaces, UntagResource removes, ListResourceTags pages in key order', async () => {
      const key = await newKey();
      const listTags = async (limit?: number, marker?: string) =>
        client.send(new ListResourceTagsCommand({ KeyId: key.KeyId!, ...(limit ? { Limit: limit } : {}), ...(marker ? { Marker: marker } : {}) }));
      assert.deepEqual((await listTags()).Tags, []);
      await client.send(new TagResourceCommand({ KeyId: key.KeyId!, Tags: [{ TagKey: 'team', TagValue: 'orders' }, { TagKey: 'env', TagValue: '' }] }));
      await client.send(new TagResourceCommand({ KeyId: key.Arn!, Tags: [{ TagKey: 'team', TagValue: 'payments' }, { TagKey: 'cost', TagValue: '42' }] }));
      const all = await listTags();
      assert.deepEqual(all.Tags, [{ TagKey: 'cost', TagValue: '42' }, { TagKey: 'env', TagValue: '' }, { TagKey: 'team', TagValue: 'payments' }]);
      assert.equal(all.Truncated, false);
      const first = await listTags(2);
      assert.deepEqual(first.Tags!.map((tag) => tag.TagKey), ['cost', 'env']);
      assert.equal(first.Truncated, true);
      const second = await listTags(2, first.NextMarker);
      assert.deepEqual(second.Tags!.map((tag) => tag.TagKey), ['team']);
      assert.equal(second.Truncated, false);
      assert.equal(second.NextMarker, undefined);
      await client.send(new UntagResourceCommand({ KeyId: key.KeyId!, TagKeys: ['env', 'never-there'] }));
      assert.deepEqual((await listTags()).Tags!.map((tag) => tag.TagKey), ['cost', 'team']);
      await rejectsWith(listTags(51), 'ValidationException',
        "1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50");
    });

    it('TagResource refuses aws: tags, duplicate keys and more than 50 tags, changing nothing', async () => {
      const key = await newKey();
      const tag = (tags: Array<{ TagKey: string; TagValue: string }>) => client.send(new TagResourceCommand({ KeyId: key.KeyId!, Tags: tags }));
      await rejectsWith(tag([{ TagKey: 'AWS:owner', TagValue: 'x' }]), 'TagException', 'Tags beginning with aws: are reserved');
      await rejectsWith(tag([{ TagKey: 'a', TagValue: '1' }, { TagKey: 'a', TagValue: '2' }]), 'TagException', 'Duplicate tag keys');
      await tag(Array.from({ length: 50 }, (_, index) => ({ TagKey: `k${index}`, TagValue: '' })));
      await rejectsWith(tag([{ TagKey: 'one-more', TagValue: '' }]), 'TagException', 'Too many tags');
      const listed = await client.send(new ListResourceTagsCommand({ KeyId: key.KeyId! }));
      assert.equal(listed.Tags!.length, 50);
      assert.ok(!listed.Tags!.some((entry) => entry.TagKey === 'one-more'));
    });

    it('alias/aws/kinesis is created once on first use, KeyManager AWS, and listed by ListKeys', async () => {
      const fresh = kmsClient(suite.server.endpoint, 'eu-west-1');
      try {
        const [first, second] = await Promise.all([describe_('alias/aws/kinesis', fresh), describe_('alias/aws/kinesis', fresh)]);
        assert.equal(first.KeyId, second.KeyId);
        assert.equal((await describe_(aliasArnOf('alias/aws/kinesis', 'eu-west-1'), fresh)).KeyId, first.KeyId);
        assert.equal(first.Arn, keyArnOf(first.KeyId!, 'eu-west-1'));
        assert.equal(first.KeyManager, 'AWS');
        assert.equal(first.KeyState, 'Enabled');
        assert.equal(first.KeySpec, 'SYMMETRIC_DEFAULT');
        assert.equal(first.KeyUsage, 'ENCRYPT_DECRYPT');
        assert.equal(first.Description, 'Default master key that protects my Kinesis data when no other key is defined');
        assert.deepEqual(await allKeyIds(100, fresh, 'eu-west-1'), [first.KeyId]);
      } finally {
        fresh.destroy();
      }
    });

    it('an AWS-managed key cannot be disabled, deleted, tagged or described anew', async () => {
      const managed = await describe_('alias/aws/kinesis');
      const arn = managed.Arn!;
      await rejectsWith(client.send(new DisableKeyCommand({ KeyId: arn })), 'UnsupportedOperationException', awsManagedMessage(arn, 'DisableKey'));
      await rejectsWith(client.send(new ScheduleKeyDeletionCommand({ KeyId: managed.KeyId! })), 'UnsupportedOperationException', awsManagedMessage(arn, 'ScheduleKeyDeletion'));
      await rejectsWith(client.send(new TagResourceCommand({ KeyId: arn, Tags: [{ TagKey: 'a', TagValue: 'b' }] })), 'UnsupportedOperationException', awsManagedMessage(arn, 'TagResource'));
      await rejectsWith(client.send(new UntagResourceCommand({ KeyId: arn, TagKeys: ['a'] })), 'UnsupportedOperationException', awsManagedMessage(arn, 'UntagResource'));
      await rejectsWith(client.send(new UpdateKeyDescriptionCommand({ KeyId: arn, Description: 'mine' })), 'UnsupportedOperationException', awsManagedMessage(arn, 'UpdateKeyDescription'));
      const after = await describe_(arn);
      assert.equal(after.KeyState, 'Enabled');
      assert.equal(after.Description, managed.Description);
      assert.deepEqual((await client.send(new ListResourceTagsCommand({ KeyId: arn }))).Tags, []);
    });

    // The key-state table of aws-wire.md §4.5: one operation or more from each row, in each
    // state this server can reach (PendingImport needs imported key material, which it does not offer).
    const aliasesOf = async (keyId: string) => (await client.send(new ListAliasesCommand({ KeyId: keyId }))).Aliases!.map((alias) => alias.AliasName);
    const tagKey = (keyId: string) => client.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'state', TagValue: 'x' }] }));

    it('Disabled: cryptography refused with DisabledException, management and reading allowed', async () => {
      const key = await newKey();
      const other = await newKey();
      const alias = await createAliasFor(client, key.KeyId!);
      const otherAlias = await createAliasFor(client, other.KeyId!);
      const blob = (await encryptWith(key.KeyId!)).CiphertextBlob!;
      const foreignBlob = (await encryptWith(other.KeyId!)).CiphertextBlob!;
      await client.send(new DisableKeyCommand({ KeyId: key.KeyId! }));
      const disabled = `${key.Arn} is disabled.`;
      await rejectsWith(encryptWith(alias), 'DisabledException', disabled);
      await rejectsWith(client.send(new DecryptCommand({ CiphertextBlob: blob })), 'DisabledException', disabled);
      await rejectsWith(client.send(new GenerateDataKeyCommand({ KeyId: key.KeyId!, KeySpec: 'AES_256' })), 'DisabledException', disabled);
      await rejectsWith(client.send(new ReEncryptCommand({ CiphertextBlob: foreignBlob, DestinationKeyId: key.KeyId! })), 'DisabledException', disabled);
      assert.equal((await describe_(alias)).KeyState, 'Disabled');
      assert.deepEqual((await client.send(new ListResourceTagsCommand({ KeyId: key.KeyId! }))).Tags, []);
      await client.send(new DisableKeyCommand({ KeyId: key.KeyId! }));
      await rejectsWith(client.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId! })), 'KMSInvalidStateException', `${key.Arn} is not pending deletion.`);
      await rejectsWith(client.send(new EnableKeyRotationCommand({ KeyId: key.KeyId! })), 'DisabledException', disabled);
      assert.equal((await client.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId! }))).KeyRotationEnabled, false);
      await tagKey(key.KeyId!);
      await client.send(new UntagResourceCommand({ KeyId: key.KeyId!, TagKeys: ['state'] }));
      await client.send(new UpdateKeyDescriptionCommand({ KeyId: key.KeyId!, Description: 'disabled' }));
      const second = await createAliasFor(client, key.KeyId!);
      await client.send(new UpdateAliasCommand({ AliasName: otherAlias, TargetKeyId: key.KeyId! }));
      assert.deepEqual((await aliasesOf(key.KeyId!)).sort(), [alias, otherAlias, second].sort());
      await client.send(new DeleteAliasCommand({ AliasName: second }));
      const scheduled = await client.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId!, PendingWindowInDays: 7 }));
      assert.equal(scheduled.KeyState, 'PendingDeletion');
    });

    it('PendingDeletion: cryptography and changes refused with KMSInvalidStateException, reading allowed', async () => {
      const key = await newKey();
      const other = await newKey();
      const alias = await createAliasFor(client, key.KeyId!);
      const otherAlias = await createAliasFor(client, other.KeyId!);
      const blob = (await encryptWith(key.KeyId!)).CiphertextBlob!;
      await client.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId!, PendingWindowInDays: 7 }));
      const pending = `${key.Arn} is pending deletion.`;
      await rejectsWith(encryptWith(alias), 'KMSInvalidStateException', pending);
      await rejectsWith(client.send(new DecryptCommand({ CiphertextBlob: blob })), 'KMSInvalidStateException', pending);
      await rejectsWith(client.send(new GenerateDataKeyCommand({ KeyId: key.KeyId!, NumberOfBytes: 16 })), 'KMSInvalidStateException', pending);
      await rejectsWith(client.send(new EnableKeyCommand({ KeyId: key.KeyId! })), 'KMSInvalidStateException', pending);
      await rejectsWith(client.send(new DisableKeyCommand({ KeyId: key.KeyId! })), 'KMSInvalidStateException', pending);
      await rejectsWith(client.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId! })), 'KMSInvalidStateException', pending);
      await rejectsWith(client.send(new EnableKeyRotationCommand({ KeyId: key.KeyId! })), 'KMSInvalidStateException', pending);
      assert.equal((await client.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId! }))).KeyRotationEnabled, false);
      await rejectsWith(tagKey(key.KeyId!), 'KMSInvalidStateException', pending);
      await rejectsWith(client.send(new UntagResourceCommand({ KeyId: key.KeyId!, TagKeys: ['state'] })), 'KMSInvalidStateException', pending);
      await rejectsWith(client.send(new UpdateKeyDescriptionCommand({ KeyId: key.KeyId!, Description: 'no' })), 'KMSInvalidStateException', pending);
      const refusedAlias = uniqueAlias();
      await rejectsWith(client.send(new CreateAliasCommand({ AliasName: refusedAlias, TargetKeyId: key.KeyId! })), 'KMSInvalidStateException', pending);
      await rejectsWith(client.send(new UpdateAliasCommand({ AliasName: otherAlias, TargetKeyId: key.KeyId! })), 'KMSInvalidStateException', pending);
      // Reading is allowed, and an alias of the key may still be moved away or deleted.
      const described = await describe_(alias);
      assert.equal(described.KeyState, 'PendingDeletion');
      assert.equal(described.Description, '');
      assert.deepEqual((await client.send(new ListResourceTagsCommand({ KeyId: key.KeyId! }))).Tags, []);
      assert.deepEqual(await aliasesOf(key.KeyId!), [alias]);
      await client.send(new UpdateAliasCommand({ AliasName: alias, TargetKeyId: other.KeyId! }));
      assert.deepEqual(await aliasesOf(key.KeyId!), []);
      await client.send(new DeleteAliasCommand({ AliasName: alias }));
      assert.equal((await client.send(new CancelKeyDeletionCommand({ KeyId: key.Arn! }))).KeyId, key.Arn);
    });

    it('Enabled: CancelKeyDeletion is refused, the key is not pending deletion', async () => {
      const key = await newKey();
      await rejectsWith(client.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId! })), 'KMSInvalidStateException', `${key.Arn} is not pending deletion.`);
      assert.equal((await describe_(key.KeyId!)).KeyState, 'Enabled');
    });
  });
}
