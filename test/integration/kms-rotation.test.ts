// KMS key rotation through @aws-sdk/client-kms, built-in and external mode:
// Enable/DisableKeyRotation, GetKeyRotationStatus in every key state, RotateKeyOnDemand
// adding key material while old ciphertexts keep decrypting, its quota, and the keys that
// cannot rotate (aws-wire.md §4.2, §4.5, §4.6). Then, in-process with a clock: automatic
// rotation when the period has passed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GetKeyRotationStatusCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { createKey } from '../../src/services/kms/operations/create-key.js';
import { decrypt } from '../../src/services/kms/operations/decrypt.js';
import { describeKey } from '../../src/services/kms/operations/describe-key.js';
import { enableKeyRotation } from '../../src/services/kms/operations/enable-key-rotation.js';
import { encrypt } from '../../src/services/kms/operations/encrypt.js';
import { getKeyRotationStatus } from '../../src/services/kms/operations/get-key-rotation-status.js';
import { kmsModes, kmsSuite } from '../helpers/kms.js';
import { createAliasFor, rejectsWith } from '../helpers/kms-fixtures.js';
import { inProcessContext, inProcessKmsSuite } from '../helpers/in-process.js';

const dayMs = 86_400_000;
const notSymmetric = 'You cannot perform this operation on a non-symmetric key or a key with non-ENCRYPT_DECRYPT key usage.';

for (const mode of kmsModes) {
  describe(`KMS key rotation (${mode})`, () => {
    const { client, newKey } = kmsSuite(mode);
    const statusOf = (keyId: string) => client.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
    const metadataOf = async (keyId: string) => (await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;

    it('rotation is off for a new key; EnableKeyRotation turns it on for 365 days or the period given; DisableKeyRotation off', async () => {
      const key = await newKey();
      const fresh = await statusOf(key.KeyId!);
      assert.equal(fresh.KeyRotationEnabled, false);
      assert.equal(fresh.KeyId, key.Arn);
      assert.equal(fresh.RotationPeriodInDays, undefined);
      assert.equal(fresh.NextRotationDate, undefined);

      const before = Date.now();
      await client.send(new EnableKeyRotationCommand({ KeyId: key.KeyId! }));
      const enabled = await statusOf(key.Arn!);
      assert.equal(enabled.KeyRotationEnabled, true);
      assert.equal(enabled.RotationPeriodInDays, 365);
      const next = enabled.NextRotationDate!.getTime();
      assert.ok(next >= before + 365 * dayMs - 1000 && next <= Date.now() + 365 * dayMs + 1000, `next rotation ${enabled.NextRotationDate!.toISOString()}`);

      await client.send(new EnableKeyRotationCommand({ KeyId: key.KeyId!, RotationPeriodInDays: 90 }));
      const ninety = await statusOf(key.KeyId!);
      assert.equal(ninety.RotationPeriodInDays, 90);
      assert.ok(Math.abs(ninety.NextRotationDate!.getTime() - (Date.now() + 90 * dayMs)) < 5000);

      await client.send(new DisableKeyRotationCommand({ KeyId: key.KeyId! }));
      const disabled = await statusOf(key.KeyId!);
      assert.equal(disabled.KeyRotationEnabled, false);
      assert.equal(disabled.NextRotationDate, undefined);
    });

    it('RotationPeriodInDays outside 90–2560 is the front end\'s ValidationException', async () => {
      const key = await newKey();
      await rejectsWith(
        client.send(new EnableKeyRotationCommand({ KeyId: key.KeyId!, RotationPeriodInDays: 89 })),
        'ValidationException',
        "1 validation error detected: Value '89' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90",
      );
      await rejectsWith(
        client.send(new EnableKeyRotationCommand({ KeyId: key.KeyId!, RotationPeriodInDays: 2561 })),
        'ValidationException',
        "1 validation error detected: Value '2561' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 2560",
      );
      assert.equal((await statusOf(key.KeyId!)).KeyRotationEnabled, false);
    });

    it('a disabled key keeps its status but cannot change it; a key pending deletion reports false', async () => {
      const key = await newKey();
      await client.send(new EnableKeyRotationCommand({ KeyId: key.KeyId! }));
      await client.send(new DisableKeyCommand({ KeyId: key.KeyId! }));
      assert.equal((await statusOf(key.KeyId!)).KeyRotationEnabled, true);
      await rejectsWith(client.send(new EnableKeyRotationCommand({ KeyId: key.KeyId! })), 'DisabledException', `${key.Arn} is disabled.`);
      await rejectsWith(client.send(new DisableKeyRotationCommand({ KeyId: key.KeyId! })), 'DisabledException', `${key.Arn} is disabled.`);
      await rejectsWith(client.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId! })), 'DisabledException', `${key.Arn} is disabled.`);

      await client.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId!, PendingWindowInDays: 7 }));
      assert.equal((await statusOf(key.KeyId!)).KeyRotationEnabled, false);
      for (const command of [new EnableKeyRotationCommand({ KeyId: key.KeyId! }), new DisableKeyRotationCommand({ KeyId: key.KeyId! }), new RotateKeyOnDemandCommand({ KeyId: key.KeyId! })]) {
        await rejectsWith(client.send(command as EnableKeyRotationCommand), 'KMSInvalidStateException', `${key.Arn} is pending deletion.`);
      }
    });

    it('the rotation operations take a key ID or ARN, not an alias', async () => {
      const key = await newKey();
      const alias = await createAliasFor(client, key.KeyId!);
      await rejectsWith(statusOf(alias), 'NotFoundException', `Invalid keyId '${alias}'`);
      await rejectsWith(client.send(new EnableKeyRotationCommand({ KeyId: alias })), 'NotFoundException', `Invalid keyId '${alias}'`);
      await rejectsWith(client.send(new RotateKeyOnDemandCommand({ KeyId: 'invalid' })), 'NotFoundException', "Invalid keyId 'invalid'");
    });

    it('RotateKeyOnDemand adds key material: old ciphertexts still decrypt with theirs, new ones use the new', async () => {
      const key = await newKey();
      const context = { purpose: 'rotation' };
      const before = Buffer.from((await client.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('before'), EncryptionContext: context }))).CiphertextBlob!);
      const rotated = await client.send(new RotateKeyOnDemandCommand({ KeyId: key.Arn! }));
      assert.equal(rotated.KeyId, key.KeyId);

      const current = (await metadataOf(key.KeyId!)).CurrentKeyMaterialId!;
      assert.match(current, /^[0-9a-f]{64}$/);
      assert.notEqual(current, key.CurrentKeyMaterialId);
      const old = await client.send(new DecryptCommand({ CiphertextBlob: before, EncryptionContext: context }));
      assert.equal(Buffer.from(old.Plaintext!).toString(), 'before');
      assert.equal(old.KeyMaterialId, key.CurrentKeyMaterialId);

      const after = Buffer.from((await client.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('after'), EncryptionContext: context }))).CiphertextBlob!);
      const fresh = await client.send(new DecryptCommand({ CiphertextBlob: after, EncryptionContext: context, KeyId: key.KeyId! }));
      assert.equal(Buffer.from(fresh.Plaintext!).toString(), 'after');
      assert.equal(fresh.KeyMaterialId, current);
    });

    it('RotateKeyOnDemand leaves the automatic schedule as it was', async () => {
      const key = await newKey();
      await client.send(new EnableKeyRotationCommand({ KeyId: key.KeyId!, RotationPeriodInDays: 180 }));
      const before = await statusOf(key.KeyId!);
      await client.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId! }));
      const after = await statusOf(key.KeyId!);
      assert.equal(after.NextRotationDate!.getTime(), before.NextRotationDate!.getTime());
      assert.equal(after.RotationPeriodInDays, 180);
      assert.equal(after.OnDemandRotationStartDate, undefined);
    });

    it('a key rotates on demand at most 10 times', async () => {
      const key = await newKey();
      const materials = new Set([key.CurrentKeyMaterialId!]);
      for (let rotation = 0; rotation < 10; rotation++) {
        await client.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId! }));
        materials.add((await metadataOf(key.KeyId!)).CurrentKeyMaterialId!);
      }
      assert.equal(materials.size, 11);
      await rejectsWith(
        client.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId! })),
        'LimitExceededException',
        `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.Arn}`,
      );
      assert.equal((await metadataOf(key.KeyId!)).CurrentKeyMaterialId, [...materials].at(-1));
    });

    it('asymmetric keys do not rotate and report false', async () => {
      for (const input of [{ KeySpec: 'RSA_2048' as const, KeyUsage: 'ENCRYPT_DECRYPT' as const }, { KeySpec: 'ECC_NIST_P256' as const, KeyUsage: 'SIGN_VERIFY' as const }]) {
        const key = await newKey(input);
        await rejectsWith(client.send(new EnableKeyRotationCommand({ KeyId: key.KeyId! })), 'UnsupportedOperationException', notSymmetric);
        await rejectsWith(client.send(new DisableKeyRotationCommand({ KeyId: key.KeyId! })), 'UnsupportedOperationException', notSymmetric);
        await rejectsWith(client.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId! })), 'UnsupportedOperationException', notSymmetric);
        const status = await statusOf(key.KeyId!);
        assert.equal(status.KeyRotationEnabled, false);
        assert.equal(status.KeyId, key.Arn);
      }
    });

    it('the AWS-managed key always rotates yearly, and customers cannot change that', async () => {
      const managed = await metadataOf('alias/aws/kinesis');
      const status = await statusOf(managed.KeyId!);
      assert.equal(status.KeyRotationEnabled, true);
      assert.equal(status.RotationPeriodInDays, 365);
      assert.ok(status.NextRotationDate!.getTime() > Date.now());
      for (const [operation, command] of [
        ['EnableKeyRotation', new EnableKeyRotationCommand({ KeyId: managed.KeyId! })],
        ['DisableKeyRotation', new DisableKeyRotationCommand({ KeyId: managed.KeyId! })],
        ['RotateKeyOnDemand', new RotateKeyOnDemandCommand({ KeyId: managed.KeyId! })],
      ] as const) {
        await rejectsWith(
          client.send(command as EnableKeyRotationCommand),
          'UnsupportedOperationException',
          `${managed.Arn} is an AWS managed key. ${operation} is not supported for AWS managed keys.`,
        );
      }
      assert.equal((await statusOf(managed.KeyId!)).KeyRotationEnabled, true);
    });

    it('re-enabling a key after rotation keeps every version usable', async () => {
      const key = await newKey();
      const blob = (await client.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('v1') }))).CiphertextBlob!;
      await client.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId! }));
      await client.send(new DisableKeyCommand({ KeyId: key.KeyId! }));
      await rejectsWith(client.send(new DecryptCommand({ CiphertextBlob: blob })), 'DisabledException', `${key.Arn} is disabled.`);
      await client.send(new EnableKeyCommand({ KeyId: key.KeyId! }));
      assert.equal(Buffer.from((await client.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), 'v1');
    });
  });
}

describe('KMS automatic rotation (built-in, in-process clock)', () => {
  const clock = { now: Date.UTC(2026, 0, 1) };
  const context = inProcessContext;
  const { kms } = inProcessKmsSuite(clock);

  it('the material rotates when the period has passed, not before, and old ciphertexts keep decrypting', async () => {
    const key = (await createKey(kms, {}, context)).KeyMetadata!;
    await enableKeyRotation(kms, { KeyId: key.KeyId!, RotationPeriodInDays: 90 }, context);
    const blob = (await encrypt(kms, { KeyId: key.KeyId!, Plaintext: Buffer.from('old') }, context)).CiphertextBlob!;
    const due = clock.now + 90 * dayMs;
    assert.equal((await getKeyRotationStatus(kms, { KeyId: key.KeyId! }, context)).NextRotationDate!.getTime(), due);

    clock.now = due - 1;
    assert.equal((await describeKey(kms, { KeyId: key.KeyId! }, context)).KeyMetadata!.CurrentKeyMaterialId, key.CurrentKeyMaterialId);
    clock.now = due;
    const rotated = (await describeKey(kms, { KeyId: key.KeyId! }, context)).KeyMetadata!.CurrentKeyMaterialId!;
    assert.notEqual(rotated, key.CurrentKeyMaterialId);
    assert.equal((await getKeyRotationStatus(kms, { KeyId: key.KeyId! }, context)).NextRotationDate!.getTime(), due + 90 * dayMs);

    const opened = await decrypt(kms, { CiphertextBlob: blob }, context);
    assert.equal(opened.Plaintext!.toString(), 'old');
    assert.equal(opened.KeyMaterialId, key.CurrentKeyMaterialId);
    const fresh = await encrypt(kms, { KeyId: key.KeyId!, Plaintext: Buffer.from('new') }, context);
    assert.equal((await decrypt(kms, { CiphertextBlob: fresh.CiphertextBlob! }, context)).KeyMaterialId, rotated);
  });
});
