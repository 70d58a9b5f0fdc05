// Every key, alias and grant is still there after a restart (issue 3, "What a user can do"),
// with its state, tags, policy and rotation versions, and ciphertexts made before the
// restart still decrypt: after SIGTERM (a clean stop) and after SIGKILL (a crash right
// after an acknowledged write). The key server is a real CLI in a child process on a fixed
// port; in external mode the client talks to a front Sealstream whose --kms-endpoint is
// that child, so the front also rides out its external KMS going away and coming back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAliasCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  ListAliasesCommand,
  ListGrantsCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { kmsClient, kmsModes } from '../helpers/kms.js';
import { rejectsWith } from '../helpers/kms-fixtures.js';
import { removeDir, spawnServer, startServer, testCredentials, type ChildServer, type TestServer } from '../helpers/server.js';
import { freePort, stopChild } from '../helpers/children.js';

const account = '000000000000';
const customPolicy = JSON.stringify({
  Version: '2012-10-17',
  Id: 'persisted-policy',
  Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }],
});

interface Ciphertext {
  blob: Uint8Array;
  plaintext: Buffer;
  context?: Record<string, string>;
  materialId?: string;
  /** Under a key disabled since: Decrypt must refuse it with DisabledException. */
  disabledKeyArn?: string;
}

for (const mode of kmsModes) {
  describe(`KMS restart persistence (${mode})`, () => {
    let dataDir: string;
    let keyServerArgs: string[];
    let keyServer: ChildServer;
    let front: TestServer | undefined;
    let client: KMSClient;
    const keys: Record<string, string> = {};
    const ciphertexts: Ciphertext[] = [];
    let aliasName: string;
    let grantId: string;
    let snapshot: Awaited<ReturnType<typeof takeSnapshot>>;

    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'sealstream-kms-persist-'));
      keyServerArgs = ['--data-dir', dataDir, '--port', String(await freePort())];
      keyServer = await spawnServer(keyServerArgs);
      if (mode === 'external') {
        front = await startServer({ kmsEndpoint: keyServer.endpoint, kmsAccessKeyId: testCredentials.accessKeyId, kmsSecretAccessKey: testCredentials.secretAccessKey });
      }
      client = kmsClient(front?.endpoint ?? keyServer.endpoint);
    });
    after(async () => {
      client.destroy();
      await front?.close();
      await stopChild(keyServer, 'SIGKILL');
      await removeDir(dataDir);
    });

    async function restart(signal: NodeJS.Signals): Promise<void> {
      const code = await stopChild(keyServer, signal);
      assert.equal(code, signal === 'SIGTERM' ? 0 : null, `${signal}: ${signal === 'SIGTERM' ? 'a clean exit' : 'killed'}`);
      keyServer = await spawnServer(keyServerArgs);
    }

    async function encryptUnder(keyId: string, text: string, context?: Record<string, string>): Promise<void> {
      const plaintext = Buffer.from(text);
      const answer = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, ...(context ? { EncryptionContext: context } : {}) }));
      ciphertexts.push({ blob: answer.CiphertextBlob!, plaintext, ...(context ? { context } : {}) });
    }

    async function takeSnapshot() {
      const described: Record<string, unknown> = {};
      for (const [role, keyId] of Object.entries(keys)) described[role] = (await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata;
      const strip = <T extends { $metadata?: unknown }>({ $metadata: _requestMetadata, ...members }: T) => members;
      return {
        described,
        keyIds: (await client.send(new ListKeysCommand({ Limit: 1000 }))).Keys!.map((key) => key.KeyId).sort(),
        aliases: strip(await client.send(new ListAliasesCommand({ Limit: 100 }))),
        tags: strip(await client.send(new ListResourceTagsCommand({ KeyId: keys['enabled'] }))),
        policy: strip(await client.send(new GetKeyPolicyCommand({ KeyId: keys['enabled'], PolicyName: 'default' }))),
        grants: strip(await client.send(new ListGrantsCommand({ KeyId: keys['enabled'] }))),
        rotation: strip(await client.send(new GetKeyRotationStatusCommand({ KeyId: keys['rotated'] }))),
      };
    }

    async function checkEverythingIsThere(): Promise<void> {
      assert.deepEqual(await takeSnapshot(), snapshot);
      for (const ciphertext of ciphertexts) {
        if (ciphertext.disabledKeyArn) {
          await rejectsWith(client.send(new DecryptCommand({ CiphertextBlob: ciphertext.blob })), 'DisabledException', `${ciphertext.disabledKeyArn} is disabled.`);
          continue;
        }
        const opened = await client.send(new DecryptCommand({ CiphertextBlob: ciphertext.blob, ...(ciphertext.context ? { EncryptionContext: ciphertext.context } : {}) }));
        assert.deepEqual(Buffer.from(opened.Plaintext!), ciphertext.plaintext);
        if (ciphertext.materialId) assert.equal(opened.KeyMaterialId, ciphertext.materialId, 'decrypted with the material version it was made with');
      }
      // The states still rule what a key may do.
      await rejectsWith(client.send(new EncryptCommand({ KeyId: keys['disabled'], Plaintext: Buffer.from('x') })), 'DisabledException', `arn:aws:kms:us-east-1:${account}:key/${keys['disabled']} is disabled.`);
      await rejectsWith(
        client.send(new EncryptCommand({ KeyId: keys['pending'], Plaintext: Buffer.from('x') })),
        'KMSInvalidStateException',
        `arn:aws:kms:us-east-1:${account}:key/${keys['pending']} is pending deletion.`,
      );
    }

    it('sets the scene: keys in every state, an alias, tags, a policy, a grant, two material versions, ciphertexts and data keys', async () => {
      const enabled = (await client.send(new CreateKeyCommand({ Description: 'enabled, aliased, tagged', Policy: customPolicy, Tags: [{ TagKey: 'team', TagValue: 'streams' }] }))).KeyMetadata!;
      keys['enabled'] = enabled.KeyId!;
      aliasName = `alias/persisted-${mode}-${process.pid}`;
      await client.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: enabled.KeyId }));
      await client.send(new TagResourceCommand({ KeyId: enabled.KeyId, Tags: [{ TagKey: 'stage', TagValue: 'test' }] }));
      grantId = (
        await client.send(
          new CreateGrantCommand({
            KeyId: enabled.KeyId,
            GranteePrincipal: `arn:aws:iam::${account}:role/stream-reader`,
            RetiringPrincipal: `arn:aws:iam::${account}:role/admin`,
            Operations: ['Decrypt', 'GenerateDataKey'],
            Constraints: { EncryptionContextSubset: { stream: 'orders' } },
            Name: 'persisted-grant',
          }),
        )
      ).GrantId!;

      keys['disabled'] = (await client.send(new CreateKeyCommand({ Description: 'disabled' }))).KeyMetadata!.KeyId!;
      await encryptUnder(keys['disabled'], 'made before it was disabled');
      await client.send(new DisableKeyCommand({ KeyId: keys['disabled'] }));
      ciphertexts.at(-1)!.disabledKeyArn = `arn:aws:kms:us-east-1:${account}:key/${keys['disabled']}`;

      keys['pending'] = (await client.send(new CreateKeyCommand({ Description: 'pending deletion' }))).KeyMetadata!.KeyId!;
      await client.send(new ScheduleKeyDeletionCommand({ KeyId: keys['pending'], PendingWindowInDays: 7 }));

      const rotated = (await client.send(new CreateKeyCommand({ Description: 'rotated' }))).KeyMetadata!;
      keys['rotated'] = rotated.KeyId!;
      await encryptUnder(rotated.KeyId!, 'under the first material');
      ciphertexts.at(-1)!.materialId = rotated.CurrentKeyMaterialId!;
      await client.send(new EnableKeyRotationCommand({ KeyId: rotated.KeyId, RotationPeriodInDays: 90 }));
      await client.send(new RotateKeyOnDemandCommand({ KeyId: rotated.KeyId }));
      const current = (await client.send(new DescribeKeyCommand({ KeyId: rotated.KeyId }))).KeyMetadata!.CurrentKeyMaterialId!;
      assert.notEqual(current, rotated.CurrentKeyMaterialId, 'a second material version');
      await encryptUnder(rotated.KeyId!, 'under the second material');
      ciphertexts.at(-1)!.materialId = current;

      await encryptUnder(enabled.KeyId!, 'bound to a context', { stream: 'orders' });
      await encryptUnder(aliasName, 'through the alias');
      const dataKey = await client.send(new GenerateDataKeyCommand({ KeyId: aliasName, KeySpec: 'AES_256', EncryptionContext: { stream: 'orders' } }));
      ciphertexts.push({ blob: dataKey.CiphertextBlob!, plaintext: Buffer.from(dataKey.Plaintext!), context: { stream: 'orders' } });

      keys['kinesis'] = (await client.send(new DescribeKeyCommand({ KeyId: 'alias/aws/kinesis' }))).KeyMetadata!.KeyId!;
      await encryptUnder('alias/aws/kinesis', 'under the AWS managed key');

      snapshot = await takeSnapshot();
      assert.equal(snapshot.keyIds.length, 5);
      assert.deepEqual(snapshot.grants.Grants!.map((grant) => grant.GrantId), [grantId]);
      assert.ok(snapshot.aliases.Aliases!.some((alias) => alias.AliasName === aliasName && alias.TargetKeyId === keys['enabled']));
      assert.equal((snapshot.described['pending'] as { KeyState: string }).KeyState, 'PendingDeletion');
      assert.equal(snapshot.rotation.KeyRotationEnabled, true);
      await checkEverythingIsThere();
    });

    it('keeps everything across a SIGTERM restart', async () => {
      await restart('SIGTERM');
      await checkEverythingIsThere();
    });

    it('keeps everything across a SIGKILL restart, including the writes acknowledged just before the kill', async () => {
      // The last acknowledged writes before the crash: a new key, its alias, a state change.
      const last = (await client.send(new CreateKeyCommand({ Description: 'the last write before the crash' }))).KeyMetadata!;
      keys['last'] = last.KeyId!;
      await client.send(new CreateAliasCommand({ AliasName: `${aliasName}-last`, TargetKeyId: last.KeyId }));
      await encryptUnder(last.KeyId!, 'acknowledged just before the crash');
      await client.send(new DisableKeyCommand({ KeyId: last.KeyId }));
      ciphertexts.at(-1)!.disabledKeyArn = last.Arn!;
      snapshot = await takeSnapshot();
      assert.equal((snapshot.described['last'] as { KeyState: string }).KeyState, 'Disabled');

      await restart('SIGKILL');
      await checkEverythingIsThere();
    });
  });
}
