// KMS grants through @aws-sdk/client-kms, built-in and external mode: CreateGrant with
// Name idempotency, ListGrants and ListRetirableGrants with filters and paging,
// RetireGrant by token or by key and grant id, RevokeGrant, and their errors
// (aws-wire.md §4.2, §4.5, §4.7). Then, in-process with a clock: grants go with their key
// when its deletion window ends, and the functions Firehose uses.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateGrantCommand,
  DisableKeyCommand,
  ListGrantsCommand,
  ListRetirableGrantsCommand,
  RetireGrantCommand,
  RevokeGrantCommand,
  ScheduleKeyDeletionCommand,
  type CreateGrantCommandInput,
  type GrantListEntry,
} from '@aws-sdk/client-kms';
import { createGrantFor, grantsOf, retireGrant } from '../../src/services/kms/domain/grants.js';
import { createKey } from '../../src/services/kms/operations/create-key.js';
import { listGrants } from '../../src/services/kms/operations/list-grants.js';
import { retireGrant as retireGrantOperation } from '../../src/services/kms/operations/retire-grant.js';
import { scheduleKeyDeletion } from '../../src/services/kms/operations/schedule-key-deletion.js';
import { kmsModes, kmsSuite } from '../helpers/kms.js';
import { account, createAliasFor, keyArnOf, rejectsWith } from '../helpers/kms-fixtures.js';
import { uniqueName } from '../helpers/server.js';
import { inProcessContext, inProcessKmsSuite } from '../helpers/in-process.js';

const grantee = `arn:aws:iam::${account}:role/stream-writer`;
const retiring = `arn:aws:iam::${account}:role/grant-janitor`;
const dryRun = 'The request would have succeeded, but the DryRun option is set.';
const neither = 'Grant token OR (grant ID, key ID) must be specified';
const unknownGrantId = 'a'.repeat(64);

for (const mode of kmsModes) {
  describe(`KMS grants (${mode})`, () => {
    const { client, newKey } = kmsSuite(mode);
    const grant = (input: Partial<CreateGrantCommandInput> & { KeyId: string }) =>
      client.send(new CreateGrantCommand({ GranteePrincipal: grantee, Operations: ['Encrypt', 'Decrypt'], ...input }));
    const grantsOfKey = async (keyId: string): Promise<GrantListEntry[]> => (await client.send(new ListGrantsCommand({ KeyId: keyId }))).Grants!;

    it('CreateGrant answers a 64-hex GrantId and a token; ListGrants returns the grant as created', async () => {
      const key = await newKey();
      const before = Date.now();
      const created = await grant({
        KeyId: key.Arn!,
        RetiringPrincipal: retiring,
        Operations: ['GenerateDataKey', 'Decrypt'],
        Constraints: { EncryptionContextSubset: { stream: 'orders' } },
      });
      assert.match(created.GrantId!, /^[0-9a-f]{64}$/);
      assert.ok(created.GrantToken!.length > 0);
      const [entry, ...rest] = await grantsOfKey(key.KeyId!);
      assert.equal(rest.length, 0);
      assert.equal(entry!.KeyId, key.Arn);
      assert.equal(entry!.GrantId, created.GrantId);
      assert.equal(entry!.Name, '');
      assert.equal(entry!.GranteePrincipal, grantee);
      assert.equal(entry!.RetiringPrincipal, retiring);
      assert.equal(entry!.IssuingAccount, `arn:aws:iam::${account}:root`);
      assert.deepEqual(entry!.Operations, ['GenerateDataKey', 'Decrypt']);
      assert.deepEqual(entry!.Constraints, { EncryptionContextSubset: { stream: 'orders' } });
      assert.ok(entry!.CreationDate!.getTime() >= before - 1000 && entry!.CreationDate!.getTime() <= Date.now() + 1000);
    });

    it('the same Name and parameters give the original GrantId with a new token; other parameters, another grant', async () => {
      const key = await newKey();
      const name = uniqueName('grant');
      const first = await grant({ KeyId: key.KeyId!, Name: name });
      // The same operations in another order are the same parameters.
      const again = await grant({ KeyId: key.KeyId!, Name: name, Operations: ['Decrypt', 'Encrypt'] });
      assert.equal(again.GrantId, first.GrantId);
      assert.notEqual(again.GrantToken, first.GrantToken);
      const other = await grant({ KeyId: key.KeyId!, Name: name, Operations: ['Encrypt'] });
      assert.notEqual(other.GrantId, first.GrantId);
      const entries = await grantsOfKey(key.KeyId!);
      assert.deepEqual(entries.map((entry) => entry.Name), [name, name]);
      // Both tokens of the first grant name it; once retired, neither does.
      await client.send(new RetireGrantCommand({ GrantToken: again.GrantToken! }));
      assert.deepEqual((await grantsOfKey(key.KeyId!)).map((entry) => entry.GrantId), [other.GrantId]);
      await rejectsWith(client.send(new RetireGrantCommand({ GrantToken: first.GrantToken! })), 'InvalidGrantTokenException', 'Invalid grant token');
    });

    it('the same Name on two keys makes two independent grants', async () => {
      const [one, two] = [await newKey(), await newKey()];
      const name = uniqueName('grant');
      const first = await grant({ KeyId: one.KeyId!, Name: name });
      const second = await grant({ KeyId: two.KeyId!, Name: name });
      assert.notEqual(first.GrantId, second.GrantId);
      assert.equal((await grantsOfKey(one.KeyId!)).length, 1);
      assert.equal((await grantsOfKey(two.KeyId!)).length, 1);
    });

    it('CreateGrant needs a usable key named by key ID or ARN, and operations the key supports', async () => {
      const key = await newKey();
      const alias = await createAliasFor(client, key.KeyId!);
      await rejectsWith(grant({ KeyId: alias }), 'NotFoundException', `Invalid keyId '${alias}'`);
      await rejectsWith(grant({ KeyId: 'invalid' }), 'NotFoundException', "Invalid keyId 'invalid'");
      const missing = '0b7f2c7e-5a7d-4e8a-9a32-2f1c3d4e5f60';
      await rejectsWith(grant({ KeyId: missing }), 'NotFoundException', `Key '${keyArnOf(missing)}' does not exist`);
      await rejectsWith(
        grant({ KeyId: key.KeyId!, Operations: ['Sign', 'Decrypt'] }),
        'ValidationException',
        `Grant operations [Sign] are not valid for ${key.Arn}, whose KeySpec is SYMMETRIC_DEFAULT and KeyUsage ENCRYPT_DECRYPT.`,
      );
      await rejectsWith(grant({ KeyId: key.KeyId!, DryRun: true }), 'DryRunOperationException', dryRun);
      assert.deepEqual(await grantsOfKey(key.KeyId!), []);

      await client.send(new DisableKeyCommand({ KeyId: key.KeyId! }));
      await rejectsWith(grant({ KeyId: key.KeyId! }), 'DisabledException', `${key.Arn} is disabled.`);
      const doomed = await newKey();
      await client.send(new ScheduleKeyDeletionCommand({ KeyId: doomed.KeyId!, PendingWindowInDays: 7 }));
      await rejectsWith(grant({ KeyId: doomed.KeyId! }), 'KMSInvalidStateException', `${doomed.Arn} is pending deletion.`);
    });

    it('ListGrants pages with Limit and Marker, filters by GrantId and GranteePrincipal, and works in every key state', async () => {
      const key = await newKey();
      const other = `arn:aws:iam::${account}:role/other`;
      const ids = [(await grant({ KeyId: key.KeyId! })).GrantId!, (await grant({ KeyId: key.KeyId! })).GrantId!, (await grant({ KeyId: key.KeyId!, GranteePrincipal: other })).GrantId!];
      const seen: string[] = [];
      let marker: string | undefined;
      for (let page = 0; page < 3; page++) {
        const listed = await client.send(new ListGrantsCommand({ KeyId: key.KeyId!, Limit: 1, ...(marker ? { Marker: marker } : {}) }));
        assert.equal(listed.Grants!.length, 1);
        seen.push(listed.Grants![0]!.GrantId!);
        assert.equal(listed.Truncated, page < 2);
        assert.equal(listed.NextMarker !== undefined, page < 2);
        marker = listed.NextMarker;
      }
      assert.deepEqual([...seen].sort(), [...ids].sort());

      const byId = await client.send(new ListGrantsCommand({ KeyId: key.KeyId!, GrantId: ids[1]! }));
      assert.deepEqual(byId.Grants!.map((entry) => entry.GrantId), [ids[1]]);
      const byGrantee = await client.send(new ListGrantsCommand({ KeyId: key.Arn!, GranteePrincipal: other }));
      assert.deepEqual(byGrantee.Grants!.map((entry) => entry.GrantId), [ids[2]]);
      assert.deepEqual((await client.send(new ListGrantsCommand({ KeyId: key.KeyId!, GrantId: unknownGrantId }))).Grants, []);
      await rejectsWith(client.send(new ListGrantsCommand({ KeyId: key.KeyId!, GrantId: 'nope' })), 'InvalidGrantIdException', "Invalid grantId 'nope'");
      await rejectsWith(client.send(new ListGrantsCommand({ KeyId: key.KeyId!, Marker: 'not-a-marker' })), 'InvalidMarkerException', 'Invalid marker');
      await rejectsWith(
        client.send(new ListGrantsCommand({ KeyId: key.KeyId!, Limit: 101 })),
        'ValidationException',
        "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
      );
      await rejectsWith(client.send(new ListGrantsCommand({ KeyId: 'invalid' })), 'NotFoundException', "Invalid keyId 'invalid'");

      await client.send(new DisableKeyCommand({ KeyId: key.KeyId! }));
      assert.equal((await grantsOfKey(key.KeyId!)).length, 3);
      await client.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId!, PendingWindowInDays: 7 }));
      assert.equal((await grantsOfKey(key.KeyId!)).length, 3);
    });

    it('ListRetirableGrants lists the grants of every key whose RetiringPrincipal is the one asked for', async () => {
      const janitor = `arn:aws:iam::${account}:role/${uniqueName('janitor')}`;
      const [one, two] = [await newKey(), await newKey()];
      const wanted = [(await grant({ KeyId: one.KeyId!, RetiringPrincipal: janitor })).GrantId!, (await grant({ KeyId: two.KeyId!, RetiringPrincipal: janitor })).GrantId!];
      await grant({ KeyId: one.KeyId!, RetiringPrincipal: retiring });
      await grant({ KeyId: two.KeyId! });
      const listed = await client.send(new ListRetirableGrantsCommand({ RetiringPrincipal: janitor }));
      assert.deepEqual(listed.Grants!.map((entry) => entry.GrantId).sort(), [...wanted].sort());
      assert.ok(listed.Grants!.every((entry) => entry.RetiringPrincipal === janitor));
      assert.equal(listed.Truncated, false);
      const first = await client.send(new ListRetirableGrantsCommand({ RetiringPrincipal: janitor, Limit: 1 }));
      assert.equal(first.Truncated, true);
      const second = await client.send(new ListRetirableGrantsCommand({ RetiringPrincipal: janitor, Limit: 1, Marker: first.NextMarker! }));
      assert.equal(second.Truncated, false);
      assert.deepEqual([first.Grants![0]!.GrantId, second.Grants![0]!.GrantId].sort(), [...wanted].sort());
    });

    it('RetireGrant by token or by KeyId and GrantId removes the grant; anything else is refused in AWS\'s terms', async () => {
      const key = await newKey();
      const byToken = await grant({ KeyId: key.KeyId!, RetiringPrincipal: retiring });
      const byId = await grant({ KeyId: key.KeyId! });
      await rejectsWith(client.send(new RetireGrantCommand({})), 'ValidationException', neither);
      await rejectsWith(client.send(new RetireGrantCommand({ KeyId: key.KeyId! })), 'ValidationException', neither);
      await rejectsWith(client.send(new RetireGrantCommand({ GrantId: byId.GrantId! })), 'ValidationException', neither);
      await rejectsWith(client.send(new RetireGrantCommand({ GrantToken: 'bm90IGEgdG9rZW4=' })), 'InvalidGrantTokenException', 'Invalid grant token');
      await rejectsWith(client.send(new RetireGrantCommand({ GrantToken: byToken.GrantToken!, DryRun: true })), 'DryRunOperationException', dryRun);
      await rejectsWith(
        client.send(new RetireGrantCommand({ KeyId: key.KeyId!, GrantId: unknownGrantId })),
        'InvalidGrantIdException',
        `Grant '${unknownGrantId}' does not exist for key '${key.Arn}'`,
      );
      await rejectsWith(client.send(new RetireGrantCommand({ KeyId: key.KeyId!, GrantId: 'bad' })), 'InvalidGrantIdException', "Invalid grantId 'bad'");
      assert.equal((await grantsOfKey(key.KeyId!)).length, 2);

      await client.send(new RetireGrantCommand({ GrantToken: byToken.GrantToken! }));
      assert.deepEqual((await grantsOfKey(key.KeyId!)).map((entry) => entry.GrantId), [byId.GrantId]);
      await rejectsWith(client.send(new RetireGrantCommand({ GrantToken: byToken.GrantToken! })), 'InvalidGrantTokenException', 'Invalid grant token');
      // Retiring works whatever the key's state (aws-wire.md §4.5).
      await client.send(new DisableKeyCommand({ KeyId: key.KeyId! }));
      await client.send(new RetireGrantCommand({ KeyId: key.Arn!, GrantId: byId.GrantId! }));
      assert.deepEqual(await grantsOfKey(key.KeyId!), []);
    });

    it('RevokeGrant removes a grant; an unknown one is InvalidGrantIdException', async () => {
      const key = await newKey();
      const created = await grant({ KeyId: key.KeyId! });
      await rejectsWith(client.send(new RevokeGrantCommand({ KeyId: key.KeyId!, GrantId: created.GrantId!, DryRun: true })), 'DryRunOperationException', dryRun);
      await client.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId!, PendingWindowInDays: 7 }));
      await client.send(new RevokeGrantCommand({ KeyId: key.KeyId!, GrantId: created.GrantId! }));
      assert.deepEqual(await grantsOfKey(key.KeyId!), []);
      await rejectsWith(
        client.send(new RevokeGrantCommand({ KeyId: key.KeyId!, GrantId: created.GrantId! })),
        'InvalidGrantIdException',
        `Grant '${created.GrantId}' does not exist for key '${key.Arn}'`,
      );
      // A grant of another key is not this key's grant.
      const other = await newKey();
      const elsewhere = await grant({ KeyId: other.KeyId! });
      const third = await newKey();
      await rejectsWith(
        client.send(new RevokeGrantCommand({ KeyId: third.KeyId!, GrantId: elsewhere.GrantId! })),
        'InvalidGrantIdException',
        `Grant '${elsewhere.GrantId}' does not exist for key '${third.Arn}'`,
      );
      assert.equal((await grantsOfKey(other.KeyId!)).length, 1);
    });
  });
}

describe('KMS grants and key deletion (built-in, in-process clock)', () => {
  const dayMs = 86_400_000;
  const clock = { now: Date.UTC(2026, 0, 1) };
  const context = inProcessContext;
  const { kms, engine } = inProcessKmsSuite(clock);

  it('a key\'s grants are deleted with it when its deletion window ends, and only then', async () => {
    const key = (await createKey(kms, {}, context)).KeyMetadata!;
    const kept = (await createKey(kms, {}, context)).KeyMetadata!;
    const stored = async (keyId: string) => (await kms.keys.find(context.caller, keyId))!;
    const issued = await createGrantFor(kms, await stored(key.KeyId!), { grantee, operations: ['Decrypt'], retiringPrincipal: retiring });
    await createGrantFor(kms, await stored(kept.KeyId!), { grantee, operations: ['Decrypt'] });
    const scheduled = await scheduleKeyDeletion(kms, { KeyId: key.KeyId!, PendingWindowInDays: 7 }, context);
    clock.now = scheduled.DeletionDate!.getTime() - 1;
    assert.equal((await listGrants(kms, { KeyId: key.KeyId! }, context)).Grants!.length, 1);
    clock.now += 1 + dayMs;
    await assert.rejects(listGrants(kms, { KeyId: key.KeyId! }, context), { name: 'NotFoundException' });
    assert.deepEqual(await engine.listMeta(`kms/grant/${account}/us-east-1/${key.KeyId}/`), []);
    assert.equal((await grantsOf(kms).listForKey(context.caller, kept.KeyId!)).length, 1);
    await assert.rejects(retireGrantOperation(kms, { GrantToken: issued.grantToken }, context), { name: 'InvalidGrantTokenException' });
  });

  it('createGrantFor and retireGrant, as Firehose calls them, create and remove a grant as the operations do', async () => {
    const key = (await createKey(kms, {}, context)).KeyMetadata!;
    const stored = (await kms.keys.find(context.caller, key.KeyId!))!;
    const firehose = 'arn:aws:iam::000000000000:role/firehose_delivery_role';
    const issued = await createGrantFor(kms, stored, { grantee: firehose, retiringPrincipal: firehose, operations: ['GenerateDataKey', 'Decrypt'] });
    const [entry] = (await listGrants(kms, { KeyId: key.KeyId! }, context)).Grants!;
    assert.equal(entry!.GrantId, issued.grantId);
    assert.equal(entry!.GranteePrincipal, firehose);
    assert.deepEqual(entry!.Operations, ['GenerateDataKey', 'Decrypt']);
    await retireGrant(kms, stored, issued.grantId);
    assert.deepEqual((await listGrants(kms, { KeyId: key.KeyId! }, context)).Grants, []);
    await assert.rejects(retireGrant(kms, stored, issued.grantId), { name: 'InvalidGrantIdException', message: `Grant '${issued.grantId}' does not exist for key '${key.Arn}'` });
  });
});
