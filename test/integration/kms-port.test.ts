// The KMS port Kinesis and Firehose SSE use (src/services/kms/port.ts), one suite for both
// implementations: built-in (the key store, called directly) and external (the SDK client
// against a second Sealstream). Both must succeed and fail alike, with KMS's own errors.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as kmsSdk from '@aws-sdk/client-kms';
import type { KMSClient } from '@aws-sdk/client-kms';
import { loadRootKey } from '../../src/crypto/root-key.js';
import { createLogger } from '../../src/log.js';
import type { Authorizer, Caller, RequestContext } from '../../src/services/context.js';
import { AwsError } from '../../src/services/errors.js';
import { createKms } from '../../src/services/kms/create.js';
import { createExternalKmsPort, ExternalKmsClients } from '../../src/services/kms/external.js';
import { createBuiltInKmsPort, type KmsPort } from '../../src/services/kms/port.js';
import { createKmsService } from '../../src/services/kms/service.js';
import { MemoryEngine } from '../../src/storage/engines/memory.js';
import { kmsClient, kmsModes, type KmsMode } from '../helpers/kms.js';
import { startServer, testCredentials, type TestServer } from '../helpers/server.js';

const log = createLogger('silent');
const callerIn = (region: string): Caller => ({
  accountId: '000000000000',
  principalArn: 'arn:aws:iam::000000000000:root',
  principalType: 'Account',
  accessKeyId: testCredentials.accessKeyId,
  region,
  sourceIp: '127.0.0.1',
});
const caller = callerIn('us-east-1');

interface Harness {
  port: KmsPort;
  /** Runs a KMS operation on the store behind the port, to set the scene. */
  call(operation: string, input: object, region?: string): Promise<Record<string, unknown>>;
  authorized: Array<{ action: string; resource: string }>;
  close(): Promise<void>;
}

async function startHarness(mode: KmsMode): Promise<Harness> {
  const authorized: Harness['authorized'] = [];
  if (mode === 'built-in') {
    const engine = new MemoryEngine();
    await engine.open();
    const kms = createKms({ engine, rootKey: loadRootKey({ file: undefined, dataDir: undefined, log }) });
    const authorizer: Authorizer = async (_caller, action, resource) => {
      authorized.push({ action, resource });
    };
    const service = createKmsService(kms);
    return {
      port: createBuiltInKmsPort({ kms, authorizer, log }),
      authorized,
      async call(operation, input, region = 'us-east-1') {
        const context: RequestContext = { requestId: 'test', caller: callerIn(region), log, authorize: async () => {} };
        return ((await service.operations[operation]!(input, context)) ?? {}) as Record<string, unknown>;
      },
      close: () => engine.close(),
    };
  }
  const keyServer: TestServer = await startServer();
  const clients = new ExternalKmsClients({ kmsEndpoint: keyServer.endpoint, kmsAccessKeyId: testCredentials.accessKeyId, kmsSecretAccessKey: testCredentials.secretAccessKey });
  const admins = new Map<string, KMSClient>();
  return {
    port: createExternalKmsPort(clients),
    authorized,
    async call(operation, input, region = 'us-east-1') {
      if (!admins.has(region)) admins.set(region, kmsClient(keyServer.endpoint, region));
      const Command = (kmsSdk as unknown as Record<string, new (input: object) => Parameters<KMSClient['send']>[0]>)[`${operation}Command`]!;
      return (await admins.get(region)!.send(new Command(input))) as unknown as Record<string, unknown>;
    },
    async close() {
      for (const admin of admins.values()) admin.destroy();
      clients.destroy();
      await keyServer.close();
    },
  };
}

async function rejectsWithKms(promise: Promise<unknown>, code: string, message: string | undefined): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AwsError, `an AwsError, not ${String(error)}`);
    assert.equal(error.code, code);
    if (message === undefined) assert.equal(error.messageKey, 'none');
    else assert.equal(error.message, message);
    return true;
  });
}

for (const mode of kmsModes) {
  describe(`KMS port (${mode})`, () => {
    let harness: Harness;
    let keyId: string;
    let keyArn: string;
    before(async () => {
      harness = await startHarness(mode);
      const created = (await harness.call('CreateKey', { Description: 'stream key' }))['KeyMetadata'] as { KeyId: string; Arn: string };
      keyId = created.KeyId;
      keyArn = created.Arn;
    });
    after(() => harness.close());

    const streamContext = { 'aws:kinesis:arn': 'arn:aws:kinesis:us-east-1:000000000000:stream/orders' };

    it('generates a 32-byte data key whose blob decrypts to it under the same encryption context', async () => {
      const dataKey = await harness.port.generateDataKey(caller, keyId, streamContext, 'kinesis');
      assert.equal(dataKey.keyArn, keyArn);
      assert.ok(Buffer.isBuffer(dataKey.plaintext));
      assert.equal(dataKey.plaintext.length, 32);
      assert.ok(!dataKey.ciphertextBlob.includes(dataKey.plaintext), 'the blob does not hold the plaintext');
      const opened = await harness.port.decrypt(caller, dataKey.ciphertextBlob, streamContext, 'kinesis');
      assert.equal(opened.keyArn, keyArn);
      assert.deepEqual(opened.plaintext, dataKey.plaintext);
      const again = await harness.port.generateDataKey(caller, keyId, streamContext, 'kinesis');
      assert.notDeepEqual(again.plaintext, dataKey.plaintext, 'a fresh key each time');
    });

    it('accepts every key identifier form and answers with the key ARN', async () => {
      const aliasName = `alias/port-${mode}-${Date.now()}`;
      await harness.call('CreateAlias', { AliasName: aliasName, TargetKeyId: keyId });
      for (const form of [keyId, keyArn, aliasName, `arn:aws:kms:us-east-1:000000000000:${aliasName}`]) {
        const dataKey = await harness.port.generateDataKey(caller, form, {}, 'kinesis');
        assert.equal(dataKey.keyArn, keyArn, form);
        assert.equal((await harness.port.describeKey(caller, form)).Arn, keyArn, form);
      }
    });

    it('refuses a blob under another encryption context, or altered, with a messageless InvalidCiphertextException', async () => {
      const dataKey = await harness.port.generateDataKey(caller, keyId, streamContext, 'kinesis');
      await rejectsWithKms(harness.port.decrypt(caller, dataKey.ciphertextBlob, { 'aws:kinesis:arn': 'arn:aws:kinesis:us-east-1:000000000000:stream/other' }, 'kinesis'), 'InvalidCiphertextException', undefined);
      await rejectsWithKms(harness.port.decrypt(caller, dataKey.ciphertextBlob, {}, 'kinesis'), 'InvalidCiphertextException', undefined);
      const altered = Buffer.from(dataKey.ciphertextBlob);
      altered[altered.length - 1]! ^= 1;
      await rejectsWithKms(harness.port.decrypt(caller, altered, streamContext, 'kinesis'), 'InvalidCiphertextException', undefined);
    });

    it('describes the key, and creates alias/aws/kinesis on first use', async () => {
      const metadata = await harness.port.describeKey(caller, keyId);
      assert.equal(metadata.KeyId, keyId);
      assert.equal(metadata.Description, 'stream key');
      assert.equal(metadata.KeyState, 'Enabled');
      assert.ok(metadata.CreationDate instanceof Date);
      const managed = await harness.port.describeKey(caller, 'alias/aws/kinesis');
      assert.equal(managed.KeyManager, 'AWS');
      const dataKey = await harness.port.generateDataKey(caller, 'alias/aws/kinesis', streamContext, 'kinesis');
      assert.equal(dataKey.keyArn, managed.Arn);
    });

    it("fails with KMS's errors and texts: unknown key, disabled key, key pending deletion", async () => {
      const missing = '0b1d2c3e-0000-4000-8000-000000000000';
      await rejectsWithKms(harness.port.generateDataKey(caller, missing, {}, 'kinesis'), 'NotFoundException', `Key 'arn:aws:kms:us-east-1:000000000000:key/${missing}' does not exist`);
      await rejectsWithKms(harness.port.describeKey(caller, 'alias/none-such'), 'NotFoundException', 'Alias arn:aws:kms:us-east-1:000000000000:alias/none-such is not found.');

      const other = ((await harness.call('CreateKey', {}))['KeyMetadata'] as { KeyId: string; Arn: string });
      const before = await harness.port.generateDataKey(caller, other.KeyId, streamContext, 'kinesis');
      await harness.call('DisableKey', { KeyId: other.KeyId });
      await rejectsWithKms(harness.port.generateDataKey(caller, other.KeyId, streamContext, 'kinesis'), 'DisabledException', `${other.Arn} is disabled.`);
      await rejectsWithKms(harness.port.decrypt(caller, before.ciphertextBlob, streamContext, 'kinesis'), 'DisabledException', `${other.Arn} is disabled.`);
      assert.equal((await harness.port.describeKey(caller, other.KeyId)).KeyState, 'Disabled');

      await harness.call('ScheduleKeyDeletion', { KeyId: other.KeyId, PendingWindowInDays: 7 });
      await rejectsWithKms(harness.port.generateDataKey(caller, other.KeyId, streamContext, 'kinesis'), 'KMSInvalidStateException', `${other.Arn} is pending deletion.`);
      await rejectsWithKms(harness.port.decrypt(caller, before.ciphertextBlob, streamContext, 'kinesis'), 'KMSInvalidStateException', `${other.Arn} is pending deletion.`);
    });

    it("works in the caller's region only", async () => {
      const europe = callerIn('eu-west-1');
      await rejectsWithKms(harness.port.generateDataKey(europe, keyId, {}, 'kinesis'), 'NotFoundException', `Key 'arn:aws:kms:eu-west-1:000000000000:key/${keyId}' does not exist`);
      const europeanKey = ((await harness.call('CreateKey', {}, 'eu-west-1'))['KeyMetadata'] as { KeyId: string; Arn: string });
      const dataKey = await harness.port.generateDataKey(europe, europeanKey.KeyId, {}, 'kinesis');
      assert.equal(dataKey.keyArn, europeanKey.Arn);
      assert.match(dataKey.keyArn, /^arn:aws:kms:eu-west-1:/);
    });

    if (mode === 'built-in') {
      it('asks the authorizer as the caller, with the action and the key ARN', async () => {
        harness.authorized.length = 0;
        const dataKey = await harness.port.generateDataKey(caller, keyId, {}, 'kinesis');
        await harness.port.decrypt(caller, dataKey.ciphertextBlob, {}, 'kinesis');
        await harness.port.describeKey(caller, keyId);
        assert.deepEqual(harness.authorized, [
          { action: 'kms:GenerateDataKey', resource: keyArn },
          { action: 'kms:Decrypt', resource: keyArn },
          { action: 'kms:DescribeKey', resource: keyArn },
        ]);
      });
    }
  });
}
