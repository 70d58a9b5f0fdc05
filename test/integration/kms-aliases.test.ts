// KMS aliases through @aws-sdk/client-kms, built-in and external mode: CreateAlias,
// UpdateAlias, DeleteAlias and ListAliases with AWS's rules and texts (aws-wire.md §4.6),
// the predefined alias/aws/kinesis, and paging.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  CreateAliasCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  EncryptCommand,
  ListAliasesCommand,
  UpdateAliasCommand,
  type AliasListEntry,
} from '@aws-sdk/client-kms';
import { kmsClient, kmsModes, kmsSuite } from '../helpers/kms.js';
import { aliasArnOf, createAliasFor, keyArnOf, rejectsWith, uniqueAlias } from '../helpers/kms-fixtures.js';

const prefixMessage = 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html';
// [INF] AWS reserves alias/aws/ (moto and local-kms answer NotAuthorizedException without a message).
const reservedMessage = (name: string) => `The alias prefix alias/aws/ is reserved for AWS managed keys: ${name} cannot be changed by a customer.`;

for (const mode of kmsModes) {
  describe(`KMS aliases (${mode})`, () => {
    const suite = kmsSuite(mode);
    const { client, newKey } = suite;
    const createAlias = (name: string, target: string) => client.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: target }));
    const updateAlias = (name: string, target: string) => client.send(new UpdateAliasCommand({ AliasName: name, TargetKeyId: target }));
    const deleteAlias = (name: string) => client.send(new DeleteAliasCommand({ AliasName: name }));

    async function allAliases(limit?: number, keyId?: string, on = client): Promise<AliasListEntry[]> {
      const aliases: AliasListEntry[] = [];
      let marker: string | undefined;
      do {
        const page = await on.send(new ListAliasesCommand({ ...(limit ? { Limit: limit } : {}), ...(keyId ? { KeyId: keyId } : {}), ...(marker ? { Marker: marker } : {}) }));
        if (limit) assert.ok(page.Aliases!.length <= limit);
        assert.equal(page.NextMarker !== undefined, page.Truncated);
        aliases.push(...page.Aliases!);
        marker = page.NextMarker;
      } while (marker);
      return aliases;
    }
    const entryOf = async (name: string) => (await allAliases()).find((alias) => alias.AliasName === name);

    it('CreateAlias points a new alias at a key; ListAliases shows the bare key id and dates', async () => {
      const key = await newKey();
      const name = uniqueAlias();
      const before = Date.now();
      await createAlias(name, key.KeyId!);
      const entry = await entryOf(name);
      assert.ok(entry);
      const { CreationDate, LastUpdatedDate, ...rest } = entry;
      assert.deepEqual(rest, { AliasName: name, AliasArn: aliasArnOf(name), TargetKeyId: key.KeyId });
      assert.ok(Math.abs(CreationDate!.getTime() - before) < 60_000);
      assert.equal(LastUpdatedDate!.getTime(), CreationDate!.getTime());
      const encrypted = await client.send(new EncryptCommand({ KeyId: name, Plaintext: Buffer.from('via alias') }));
      assert.equal(encrypted.KeyId, key.Arn);
      const byArn = uniqueAlias();
      await createAlias(byArn, key.Arn!);
      assert.equal((await entryOf(byArn))?.TargetKeyId, key.KeyId);
    });

    it('CreateAlias refuses names without alias/, under alias/aws/, with a colon or a space, and taken names', async () => {
      const key = await newKey();
      await rejectsWith(createAlias('orders', key.KeyId!), 'ValidationException', prefixMessage);
      await rejectsWith(createAlias('alias/aws/orders', key.KeyId!), 'NotAuthorizedException', reservedMessage('alias/aws/orders'));
      await rejectsWith(createAlias('alias/aws/kinesis', key.KeyId!), 'NotAuthorizedException', reservedMessage('alias/aws/kinesis'));
      await rejectsWith(createAlias('alias/a:b', key.KeyId!), 'ValidationException', 'alias/a:b contains invalid characters for an alias');
      await rejectsWith(createAlias('alias/a b', key.KeyId!), 'ValidationException',
        "1 validation error detected: Value 'alias/a b' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
      const name = await createAliasFor(client, key.KeyId!);
      const other = await newKey();
      await rejectsWith(createAlias(name, other.KeyId!), 'AlreadyExistsException', `An alias with the name ${aliasArnOf(name)} already exists`);
      assert.equal((await entryOf(name))?.TargetKeyId, key.KeyId);
    });

    it('CreateAlias and UpdateAlias need a key, not an alias, that exists', async () => {
      const key = await newKey();
      const existing = await createAliasFor(client, key.KeyId!);
      for (const target of [existing, aliasArnOf(existing)]) {
        await rejectsWith(createAlias(uniqueAlias(), target), 'ValidationException', 'Aliases must refer to keys. Not aliases');
        await rejectsWith(updateAlias(existing, target), 'ValidationException', 'Aliases must refer to keys. Not aliases');
      }
      const missing = randomUUID();
      await rejectsWith(createAlias(uniqueAlias(), missing), 'NotFoundException', `Key '${keyArnOf(missing)}' does not exist`);
      await rejectsWith(createAlias(uniqueAlias(), 'not-a-key'), 'NotFoundException', "Invalid keyId 'not-a-key'");
      await rejectsWith(updateAlias(existing, missing), 'NotFoundException', `Key '${keyArnOf(missing)}' does not exist`);
    });

    it('UpdateAlias moves an alias to another key of the same type and usage', async () => {
      const first = await newKey();
      const second = await newKey();
      const name = await createAliasFor(client, first.KeyId!);
      const created = (await entryOf(name))!;
      await new Promise((resolve) => setTimeout(resolve, 20));
      await updateAlias(name, second.Arn!);
      const updated = (await entryOf(name))!;
      assert.equal(updated.TargetKeyId, second.KeyId);
      assert.equal(updated.CreationDate!.getTime(), created.CreationDate!.getTime());
      assert.ok(updated.LastUpdatedDate!.getTime() > created.LastUpdatedDate!.getTime());
      assert.equal((await client.send(new DescribeKeyCommand({ KeyId: name }))).KeyMetadata!.KeyId, second.KeyId);
      assert.equal((await client.send(new EncryptCommand({ KeyId: name, Plaintext: Buffer.from('x') }))).KeyId, second.Arn);
    });

    it('UpdateAlias refuses a key of another type or usage, a missing alias and alias/aws/', async () => {
      const symmetric = await newKey();
      const signing = await newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      const name = await createAliasFor(client, symmetric.KeyId!);
      // [INF] AWS documents the rule; its text is not recorded.
      await rejectsWith(updateAlias(name, signing.KeyId!), 'ValidationException',
        `Alias ${name} refers to a key of type SYMMETRIC with usage ENCRYPT_DECRYPT; ${signing.Arn} has type ASYMMETRIC with usage SIGN_VERIFY. ` +
          'UpdateAlias cannot move an alias to a key of another type or usage: delete the alias and create it again.');
      assert.equal((await entryOf(name))?.TargetKeyId, symmetric.KeyId);
      const missing = uniqueAlias();
      await rejectsWith(updateAlias(missing, symmetric.KeyId!), 'NotFoundException', `Alias ${aliasArnOf(missing)} is not found.`);
      await rejectsWith(updateAlias('alias/aws/kinesis', symmetric.KeyId!), 'NotAuthorizedException', reservedMessage('alias/aws/kinesis'));
      await rejectsWith(updateAlias('orders', symmetric.KeyId!), 'ValidationException', prefixMessage);
    });

    it('DeleteAlias removes the alias and leaves the key; a second delete is NotFoundException', async () => {
      const key = await newKey();
      const name = await createAliasFor(client, key.KeyId!);
      await deleteAlias(name);
      assert.equal(await entryOf(name), undefined);
      await rejectsWith(client.send(new DescribeKeyCommand({ KeyId: name })), 'NotFoundException', `Alias ${aliasArnOf(name)} is not found.`);
      assert.equal((await client.send(new DescribeKeyCommand({ KeyId: key.KeyId! }))).KeyMetadata!.KeyState, 'Enabled');
      await rejectsWith(deleteAlias(name), 'NotFoundException', `Alias ${aliasArnOf(name)} is not found.`);
      await rejectsWith(deleteAlias('orders'), 'ValidationException', prefixMessage);
      await client.send(new DescribeKeyCommand({ KeyId: 'alias/aws/kinesis' }));
      await rejectsWith(deleteAlias('alias/aws/kinesis'), 'NotAuthorizedException', reservedMessage('alias/aws/kinesis'));
      assert.ok(await entryOf('alias/aws/kinesis'));
    });

    it('ListAliases with KeyId lists only that key\'s aliases, in name order', async () => {
      const key = await newKey();
      const other = await newKey();
      const names = [await createAliasFor(client, key.KeyId!), await createAliasFor(client, key.KeyId!)];
      await createAliasFor(client, other.KeyId!);
      for (const form of [key.KeyId!, key.Arn!]) {
        const listed = await allAliases(undefined, form);
        assert.deepEqual(listed.map((alias) => alias.AliasName), [...names].sort());
        assert.ok(listed.every((alias) => alias.TargetKeyId === key.KeyId));
      }
      assert.deepEqual(await allAliases(undefined, (await newKey()).KeyId!), []);
      const missing = randomUUID();
      await rejectsWith(client.send(new ListAliasesCommand({ KeyId: missing })), 'NotFoundException', `Key '${keyArnOf(missing)}' does not exist`);
    });

    it('ListAliases pages with Limit and Marker, every alias once, in name order', async () => {
      const key = await newKey();
      for (let index = 0; index < 3; index++) await createAliasFor(client, key.KeyId!);
      const everyAlias = (await allAliases()).map((alias) => alias.AliasName!);
      assert.deepEqual(everyAlias, [...everyAlias].sort());
      for (const limit of [1, 2]) assert.deepEqual((await allAliases(limit)).map((alias) => alias.AliasName), everyAlias);
      const unpaged = await client.send(new ListAliasesCommand({}));
      assert.equal(unpaged.Truncated, false);
      await rejectsWith(client.send(new ListAliasesCommand({ Marker: 'not-a-marker' })), 'InvalidMarkerException', 'Invalid marker');
      // [INF] the model allows 1–1000; AWS documents 1–100 for ListAliases.
      await rejectsWith(client.send(new ListAliasesCommand({ Limit: 101 })), 'ValidationException',
        "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100");
    });

    it('alias/aws/kinesis is listed without TargetKeyId until its key exists, then with it', async () => {
      const fresh = kmsClient(suite.server.endpoint, 'ap-south-1');
      try {
        const before = await allAliases(undefined, undefined, fresh);
        assert.deepEqual(before, [{ AliasName: 'alias/aws/kinesis', AliasArn: aliasArnOf('alias/aws/kinesis', 'ap-south-1') }]);
        const key = (await fresh.send(new DescribeKeyCommand({ KeyId: 'alias/aws/kinesis' }))).KeyMetadata!;
        const [entry, ...others] = await allAliases(undefined, undefined, fresh);
        assert.deepEqual(others, []);
        assert.equal(entry!.AliasName, 'alias/aws/kinesis');
        assert.equal(entry!.TargetKeyId, key.KeyId);
        assert.deepEqual((await allAliases(undefined, key.KeyId!, fresh)).map((alias) => alias.AliasName), ['alias/aws/kinesis']);
      } finally {
        fresh.destroy();
      }
    });
  });
}
