// A store remembers the root key it was written under (crypto/root-key.ts, openRootKey):
// the first open records a check sealed under it, later opens with another key or without
// the data dir's generated key file are refused with nothing written, and material the
// check cannot vouch for (a store altered at rest) still fails where it is used.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedRootKeyName, openRootKey } from '../../src/crypto/root-key.js';
import { createLogger } from '../../src/log.js';
import type { RequestContext } from '../../src/services/context.js';
import { createKms } from '../../src/services/kms/create.js';
import { createKmsService } from '../../src/services/kms/service.js';
import { MemoryEngine } from '../../src/storage/engines/memory.js';

const log = createLogger('silent');
const context: RequestContext = {
  requestId: 'test',
  caller: { accountId: '000000000000', principalArn: 'arn:aws:iam::000000000000:root', principalType: 'Account', accessKeyId: 'AKIDEXAMPLE', region: 'us-east-1', sourceIp: '127.0.0.1' },
  log,
  authorize: () => {},
};

describe('root key check', () => {
  let workDir: string;
  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'sealstream-root-key-check-'));
  });
  after(() => rm(workDir, { recursive: true, force: true }));

  async function keyFile(name: string): Promise<string> {
    const file = join(workDir, name);
    await writeFile(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    return file;
  }
  async function openedEngine(): Promise<MemoryEngine> {
    const engine = new MemoryEngine();
    await engine.open();
    return engine;
  }
  const everything = (engine: MemoryEngine) => engine.listMeta('');

  it('the first open records one check; the same key opens the store again and writes nothing more', async () => {
    const engine = await openedEngine();
    const file = await keyFile('same.hex');
    assert.deepEqual(await everything(engine), []);
    const first = await openRootKey(engine, { file, dataDir: undefined, log });
    const recorded = await everything(engine);
    assert.equal(recorded.length, 1);
    const again = await openRootKey(engine, { file, dataDir: undefined, log });
    assert.deepEqual(await everything(engine), recorded);
    const aad = Buffer.from('aad');
    assert.deepEqual(again.open(first.seal(Buffer.from('secret'), aad), aad), Buffer.from('secret'));
  });

  it('another root key is refused with CRYPTO_ROOT_KEY_MISMATCH, and the check is left as it was', async () => {
    const engine = await openedEngine();
    await openRootKey(engine, { file: await keyFile('right.hex'), dataDir: undefined, log });
    const recorded = await everything(engine);
    await assert.rejects(openRootKey(engine, { file: await keyFile('wrong.hex'), dataDir: undefined, log }), (error: unknown) => {
      assert.equal((error as { code?: string }).code, 'CRYPTO_ROOT_KEY_MISMATCH');
      assert.match((error as Error).message, /the data dir was written with another root key \(check --root-key-file\)/);
      return true;
    });
    assert.deepEqual(await everything(engine), recorded);
  });

  it('a data dir whose generated key file is gone is refused with CRYPTO_ROOT_KEY_MISSING, and no new key file is made', async () => {
    const dataDir = await mkdtemp(join(workDir, 'generated-'));
    const engine = await openedEngine();
    await openRootKey(engine, { file: undefined, dataDir, log });
    const path = join(dataDir, generatedRootKeyName);
    const contents = await readFile(path);
    await unlink(path);
    await assert.rejects(openRootKey(engine, { file: undefined, dataDir, log }), (error: unknown) => {
      assert.equal((error as { code?: string }).code, 'CRYPTO_ROOT_KEY_MISSING');
      assert.ok((error as Error).message.includes(`the root key file ${path} is missing`));
      return true;
    });
    assert.ok(!existsSync(path), 'no new root key was generated');
    await writeFile(path, contents, { mode: 0o600 });
    await openRootKey(engine, { file: undefined, dataDir, log });
  });

  it('a store written before stores had a check gets none, whatever key it is opened with', async () => {
    const engine = await openedEngine();
    await engine.putMeta('kinesis/stream/written-earlier', { name: 'written-earlier' }, null);
    const before = await everything(engine);
    await openRootKey(engine, { file: await keyFile('earlier-a.hex'), dataDir: undefined, log });
    await openRootKey(engine, { file: await keyFile('earlier-b.hex'), dataDir: undefined, log });
    assert.deepEqual(await everything(engine), before, 'no check recorded');
  });

  it('a fresh data dir gets a generated key and its check', async () => {
    const dataDir = await mkdtemp(join(workDir, 'fresh-'));
    const engine = await openedEngine();
    assert.equal((await openRootKey(engine, { file: undefined, dataDir, log })).source, 'generated');
    assert.ok(existsSync(join(dataDir, generatedRootKeyName)));
    assert.equal((await everything(engine)).length, 1);
  });

  it('key material sealed under another root key than the one in use fails where it is used, with CRYPTO_ROOT_KEY_MISMATCH', async () => {
    // The check binds a store to one key; material altered or copied in at rest is still
    // caught when opened (the protocol boundary answers KMSInternalException).
    const engine = await openedEngine();
    const written = createKmsService(createKms({ engine, rootKey: await openRootKey(engine, { file: await keyFile('writer.hex'), dataDir: undefined, log }) }));
    const { KeyMetadata } = (await written.operations.CreateKey!({}, context)) as { KeyMetadata: { KeyId: string } };
    const other = await openedEngine();
    const reader = createKmsService(createKms({ engine: other, rootKey: await openRootKey(other, { file: await keyFile('reader.hex'), dataDir: undefined, log }) }));
    for (const entry of await engine.listMeta('kms/')) await other.putMeta(entry.key, entry.value, null);
    await assert.rejects(reader.operations.Encrypt!({ KeyId: KeyMetadata.KeyId, Plaintext: Buffer.from('x') }, context), (error: unknown) => (error as { code?: string }).code === 'CRYPTO_ROOT_KEY_MISMATCH');
  });
});
