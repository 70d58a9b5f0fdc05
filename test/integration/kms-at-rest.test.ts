// Acceptance of issue 3: after keys are created, data encrypted and data keys generated,
// no file of the data dir holds any plaintext that was encrypted nor any raw key material:
// not the data keys GenerateDataKey returned, not the keys' own material (symmetric
// versions, RSA private keys), and the root key only in the root-key file itself. Every
// secret is searched for in every file's bytes, raw and in hex and base64.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  CreateKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  ReEncryptCommand,
  RotateKeyOnDemandCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { generatedRootKeyName, loadRootKey } from '../../src/crypto/root-key.js';
import { createLogger } from '../../src/log.js';
import type { KeyDoc } from '../../src/services/kms/domain/keys.js';
import { createKms } from '../../src/services/kms/create.js';
import { LmdbEngine } from '../../src/storage/engines/lmdb.js';
import { kmsClient, kmsModes } from '../helpers/kms.js';
import { removeDir, startServer, testCredentials, type TestServer } from '../helpers/server.js';
import { filesUnder } from '../helpers/children.js';

interface Secret {
  what: string;
  bytes: Buffer;
}

/** The forms a secret could be written in: raw, hex (both cases), base64 (and without padding). */
function formsOf(bytes: Buffer): Buffer[] {
  const base64 = bytes.toString('base64');
  return [bytes, Buffer.from(bytes.toString('hex')), Buffer.from(bytes.toString('hex').toUpperCase()), Buffer.from(base64), Buffer.from(base64.replace(/=+$/, ''))];
}

async function findSecrets(files: string[], secrets: Secret[], allowed: (file: string, secret: Secret) => boolean): Promise<string[]> {
  const found: string[] = [];
  for (const file of files) {
    const contents = await readFile(file);
    for (const secret of secrets) {
      if (allowed(file, secret)) continue;
      if (formsOf(secret.bytes).some((form) => contents.includes(form))) found.push(`${secret.what} in ${file}`);
    }
  }
  return found;
}

for (const mode of kmsModes) {
  describe(`KMS data dir at rest (${mode})`, () => {
    // The key server's data dir holds the keys; in external mode the front has one too.
    let keyDataDir: string;
    let frontDataDir: string | undefined;
    let keyServer: TestServer;
    let front: TestServer | undefined;
    let client: KMSClient;
    const secrets: Secret[] = [];
    const marker = `visible-marker-${randomBytes(8).toString('hex')}`;

    before(async () => {
      keyDataDir = await mkdtemp(join(tmpdir(), 'sealstream-kms-at-rest-'));
      keyServer = await startServer({ dataDir: keyDataDir });
      if (mode === 'external') {
        frontDataDir = await mkdtemp(join(tmpdir(), 'sealstream-kms-at-rest-front-'));
        front = await startServer({ dataDir: frontDataDir, kmsEndpoint: keyServer.endpoint, kmsAccessKeyId: testCredentials.accessKeyId, kmsSecretAccessKey: testCredentials.secretAccessKey });
      }
      client = kmsClient(front?.endpoint ?? keyServer.endpoint);
    });
    let serversClosed = false;
    const closeServers = async () => {
      if (serversClosed) return;
      serversClosed = true;
      await front?.close();
      await keyServer.close();
    };
    after(async () => {
      client.destroy();
      await closeServers();
      await removeDir(keyDataDir);
      await removeDir(frontDataDir);
    });

    it('holds no plaintext, no data key and no key material in any file; the root key only in its own file', async () => {
      const symmetric = (await client.send(new CreateKeyCommand({ Description: marker }))).KeyMetadata!.KeyId!;
      const other = (await client.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      await client.send(new EnableKeyRotationCommand({ KeyId: symmetric }));
      await client.send(new RotateKeyOnDemandCommand({ KeyId: symmetric }));
      await client.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }));

      for (let index = 0; index < 4; index++) {
        // Long and random: a match cannot be a coincidence.
        const binary = randomBytes(48);
        const text = Buffer.from(`plaintext-${index}-${randomBytes(16).toString('hex')}`);
        secrets.push({ what: `plaintext ${index} (binary)`, bytes: binary }, { what: `plaintext ${index} (text)`, bytes: text });
        const sealed = await client.send(new EncryptCommand({ KeyId: symmetric, Plaintext: binary, EncryptionContext: { index: String(index) } }));
        await client.send(new ReEncryptCommand({ CiphertextBlob: sealed.CiphertextBlob, SourceEncryptionContext: { index: String(index) }, DestinationKeyId: other }));
        await client.send(new EncryptCommand({ KeyId: other, Plaintext: text }));
      }
      for (const request of [{ KeySpec: 'AES_256' as const }, { KeySpec: 'AES_128' as const }, { NumberOfBytes: 64 }]) {
        const dataKey = await client.send(new GenerateDataKeyCommand({ KeyId: symmetric, ...request }));
        secrets.push({ what: `data key ${JSON.stringify(request)}`, bytes: Buffer.from(dataKey.Plaintext!) });
      }
      await client.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: 'alias/aws/kinesis', KeySpec: 'AES_256' }));

      await closeServers();

      // The keys' own material, opened the only way it can be: with the root key from its file.
      const rootKeyPath = join(keyDataDir, generatedRootKeyName);
      const rootKeyText = (await readFile(rootKeyPath, 'utf8')).trim();
      secrets.push({ what: 'the root key', bytes: Buffer.from(rootKeyText, 'base64') });
      const engine = new LmdbEngine({ path: join(keyDataDir, 'store') });
      await engine.open();
      try {
        const kms = createKms({ engine, rootKey: loadRootKey({ file: rootKeyPath, dataDir: undefined, log: createLogger('silent') }) });
        const stored = await engine.listMeta<KeyDoc>('kms/key/');
        assert.equal(stored.length, 4, 'two symmetric keys, one RSA key, the AWS managed key');
        let materials = 0;
        for (const { value: key } of stored) {
          for (const material of key.materials) {
            secrets.push({ what: `material ${material.id} of ${key.keyId}`, bytes: kms.keys.openMaterial(key, material) });
            materials += 1;
          }
          if (key.asymmetric) secrets.push({ what: `private key of ${key.keyId}`, bytes: kms.keys.openPrivateKey(key) });
        }
        assert.equal(materials, 4, 'two versions of the rotated key, one of the other, one of the AWS managed key');
      } finally {
        await engine.close();
      }

      const files = [...(await filesUnder(keyDataDir)), ...(frontDataDir ? await filesUnder(frontDataDir) : [])];
      assert.ok(files.some((file) => file.startsWith(join(keyDataDir, 'store'))), 'the store has files');
      // The scan sees what is stored in clear: without this, a scan that read nothing would pass.
      const visible = await findSecrets(files, [{ what: 'the description', bytes: Buffer.from(marker) }], () => false);
      assert.ok(visible.length > 0, 'the key description is found in the store');

      const leaks = await findSecrets(files, secrets, (file, secret) => secret.what === 'the root key' && file === rootKeyPath);
      assert.deepEqual(leaks, []);
      assert.ok(files.some((file) => basename(file) === generatedRootKeyName && file === rootKeyPath));
      assert.ok(secrets.length >= 8 + 3 + 1 + 4 + 1);
    });
  });
}
