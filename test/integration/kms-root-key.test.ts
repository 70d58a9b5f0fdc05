// The root of trust (issue 3, scope 4): key material at rest is sealed under a root key
// from --root-key-file, or one generated into the data dir (mode 0600, with a warning that
// says what that means); --in-memory writes nothing. Real CLI servers in child processes.
// The root key is the built-in key store's: in external mode it belongs to the external KMS.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { kmsClient } from '../helpers/kms.js';
import { removeDir, spawnServer, type ChildServer } from '../helpers/server.js';
import { filesUnder, stopChild } from '../helpers/children.js';

/** Resolves with the child's output when it exits before listening; fails if it starts. */
async function refusedStart(args: string[]): Promise<string> {
  try {
    const child = await spawnServer(args);
    await stopChild(child);
  } catch (error) {
    assert.ok(error instanceof Error);
    return error.message;
  }
  assert.fail(`the server started with ${args.join(' ')}`);
}

describe('KMS root of trust (built-in)', () => {
  let workDir: string;
  const children: ChildServer[] = [];
  const clients: KMSClient[] = [];

  async function start(args: string[]): Promise<{ child: ChildServer; client: KMSClient }> {
    const child = await spawnServer(args);
    children.push(child);
    const client = kmsClient(child.endpoint);
    clients.push(client);
    return { child, client };
  }

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'sealstream-root-key-'));
  });
  after(async () => {
    for (const client of clients) client.destroy();
    for (const child of children) await stopChild(child, 'SIGKILL');
    await removeDir(workDir);
  });

  it('reads --root-key-file as raw bytes, 64 hex digits or base64: keys made under one form decrypt under the others after restart', async () => {
    const rootKey = randomBytes(32);
    const dataDir = join(workDir, 'formats');
    const rawFile = join(workDir, 'root.raw');
    const hexFile = join(workDir, 'root.hex');
    const base64File = join(workDir, 'root.b64');
    await writeFile(rawFile, rootKey, { mode: 0o600 });
    await writeFile(hexFile, rootKey.toString('hex') + '\n', { mode: 0o600 });
    await writeFile(base64File, rootKey.toString('base64') + '\n', { mode: 0o600 });

    const first = await start(['--data-dir', dataDir, '--root-key-file', rawFile]);
    const keyId = (await first.client.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId;
    const plaintext = Buffer.from('sealed under a root key from a file');
    const { CiphertextBlob } = await first.client.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { purpose: 'root-key' } }));
    assert.equal(await stopChild(first.child), 0);
    assert.ok(!existsSync(join(dataDir, 'root-key')), 'with --root-key-file no root key is generated into the data dir');
    assert.doesNotMatch(first.child.output(), /generated a root key/);

    for (const file of [hexFile, base64File, rawFile]) {
      const again = await start(['--data-dir', dataDir, '--root-key-file', file]);
      const decrypted = await again.client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { purpose: 'root-key' } }));
      assert.deepEqual(Buffer.from(decrypted.Plaintext!), plaintext, `decrypts with ${file}`);
      const encrypted = await again.client.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }));
      assert.ok(encrypted.CiphertextBlob!.length > plaintext.length, `the key's material opens with ${file}`);
      assert.equal(await stopChild(again.child), 0);
    }
  });

  it('with another root key file: refuses to start, says why without showing a key, and changes nothing: the store opens under its own key again', async () => {
    const dataDir = join(workDir, 'mismatch');
    const rightFile = join(workDir, 'right.hex');
    const wrongFile = join(workDir, 'wrong.hex');
    const wrongKey = randomBytes(32);
    await writeFile(rightFile, randomBytes(32).toString('hex'), { mode: 0o600 });
    await writeFile(wrongFile, wrongKey.toString('hex'), { mode: 0o600 });

    const first = await start(['--data-dir', dataDir, '--root-key-file', rightFile]);
    const oldKey = (await first.client.send(new CreateKeyCommand({ Description: 'made under the right root key' }))).KeyMetadata!;
    const { CiphertextBlob } = await first.client.send(new EncryptCommand({ KeyId: oldKey.KeyId, Plaintext: Buffer.from('old secret') }));
    assert.equal(await stopChild(first.child), 0);
    // Every file of the data dir and its bytes, but LMDB's lock file, which any open touches.
    const contents = async () => Promise.all((await filesUnder(dataDir)).filter((file) => !file.endsWith('-lock') && !file.endsWith('lock.mdb')).sort().map(async (file) => [file, createHash('sha256').update(await readFile(file)).digest('hex')]));
    const before = await contents();

    const output = await refusedStart(['--data-dir', dataDir, '--root-key-file', wrongFile]);
    assert.match(output, /exited with 1 [^]*sealstream: failed to start: stored key material does not open under this root key: the data dir was written with another root key \(check --root-key-file\)/);
    assert.ok(!output.includes(wrongKey.toString('hex')) && !output.includes(wrongKey.toString('base64')), 'the root key is not shown');
    assert.ok(!output.includes('old secret') && !output.includes(Buffer.from('old secret').toString('base64')));
    assert.deepEqual(await contents(), before, 'no file made, removed or changed');

    const again = await start(['--data-dir', dataDir, '--root-key-file', rightFile]);
    assert.equal((await again.client.send(new DescribeKeyCommand({ KeyId: oldKey.KeyId }))).KeyMetadata!.Description, 'made under the right root key');
    assert.deepEqual(Buffer.from((await again.client.send(new DecryptCommand({ CiphertextBlob }))).Plaintext!), Buffer.from('old secret'));
    await again.client.send(new GenerateDataKeyCommand({ KeyId: oldKey.KeyId, KeySpec: 'AES_256' }));
  });

  it('refuses to start when the generated root key file is gone from a data dir that was written, and makes no new one', async () => {
    const dataDir = join(workDir, 'lost-key');
    const first = await start(['--data-dir', dataDir]);
    const keyId = (await first.client.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId;
    const { CiphertextBlob } = await first.client.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('keep me') }));
    assert.equal(await stopChild(first.child), 0);
    const path = join(dataDir, 'root-key');
    const saved = join(workDir, 'lost-key-saved');
    await rename(path, saved);

    const output = await refusedStart(['--data-dir', dataDir]);
    assert.match(output, new RegExp(`exited with 1 [^]*sealstream: failed to start: the root key file ${path} is missing, and the data dir's store was written under a root key`));
    assert.ok(!existsSync(path), 'no new root key was generated');

    await rename(saved, path);
    const again = await start(['--data-dir', dataDir]);
    assert.deepEqual(Buffer.from((await again.client.send(new DecryptCommand({ CiphertextBlob }))).Plaintext!), Buffer.from('keep me'));
  });

  it('generates a root key into the data dir on first start: mode 0600, a warning that says what it means, the same key on the next start', async () => {
    const dataDir = join(workDir, 'generated');
    const first = await start(['--data-dir', dataDir]);
    const path = join(dataDir, 'root-key');
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    const contents = await readFile(path, 'utf8');
    assert.equal(Buffer.from(contents.trim(), 'base64').length, 32);
    const warning = first.child
      .output()
      .split('\n')
      .filter((line) => line.includes('generated a root key'))
      .map((line) => JSON.parse(line) as { level: number; msg: string; rootKeyFile: string });
    assert.equal(warning.length, 1, 'one warning');
    assert.equal(warning[0]!.level, 40, 'logged at warn level');
    assert.equal(warning[0]!.rootKeyFile, path);
    assert.match(warning[0]!.msg, /anyone who can read both this file and the data dir can decrypt every key/);
    assert.match(warning[0]!.msg, /for production keep the root key apart from the data \(--root-key-file\)/);
    assert.ok(!first.child.output().includes(contents.trim()), 'the generated key itself is not logged');

    const keyId = (await first.client.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId;
    const { CiphertextBlob } = await first.client.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('generated root') }));
    await stopChild(first.child);

    const second = await start(['--data-dir', dataDir]);
    assert.doesNotMatch(second.child.output(), /generated a root key/, 'the existing key is used, not replaced');
    assert.equal(await readFile(path, 'utf8'), contents);
    assert.deepEqual(Buffer.from((await second.client.send(new DecryptCommand({ CiphertextBlob }))).Plaintext!), Buffer.from('generated root'));
  });

  it('warns when --root-key-file can be read by other users', async () => {
    const file = join(workDir, 'loose.b64');
    await writeFile(file, randomBytes(32).toString('base64'));
    await chmod(file, 0o644);
    const { child } = await start(['--data-dir', join(workDir, 'loose'), '--root-key-file', file]);
    assert.match(child.output(), /"msg":"the root key file can be read by other users; chmod 600 it"/);
  });

  it('refuses to start when --root-key-file cannot be read, and says which file', async () => {
    const missing = join(workDir, 'no-such-root-key');
    assert.match(await refusedStart(['--in-memory', '--root-key-file', missing]), new RegExp(`exited with 1 [^]*sealstream: failed to start: cannot read the root key file ${missing}`));
    const directory = join(workDir, 'a-directory');
    await mkdir(directory);
    assert.match(await refusedStart(['--in-memory', '--root-key-file', directory]), new RegExp(`exited with 1 [^]*cannot read the root key file ${directory}`));
  });

  it('refuses to start when --root-key-file does not hold a 32-byte key, and says what it must hold', async () => {
    const cases: Array<[string, string | Buffer]> = [
      ['short-raw', randomBytes(31)],
      ['long-raw', randomBytes(33)],
      ['short-hex', randomBytes(32).toString('hex').slice(1)],
      ['bad-hex', 'g' + randomBytes(32).toString('hex').slice(1)],
      ['short-base64', randomBytes(31).toString('base64')],
      ['text', 'this is not a key\n'],
      ['empty', ''],
    ];
    for (const [name, contents] of cases) {
      const file = join(workDir, `malformed-${name}`);
      await writeFile(file, contents, { mode: 0o600 });
      const output = await refusedStart(['--in-memory', '--root-key-file', file]);
      assert.match(output, new RegExp(`exited with 1 [^]*the root key file ${file} must hold 32 bytes: raw, 64 hex digits or base64`), name);
      assert.ok(typeof contents !== 'string' || contents === '' || !output.includes(contents.trim()), `${name}: the file's contents are not echoed`);
    }
  });

  it('with --in-memory writes nothing: no data dir, no root key file', async () => {
    const dataDir = join(workDir, 'in-memory-never-written');
    const { child, client } = await start(['--in-memory', '--data-dir', dataDir]);
    const keyId = (await client.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId;
    const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('memory only') }));
    await client.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
    assert.deepEqual(Buffer.from((await client.send(new DecryptCommand({ CiphertextBlob }))).Plaintext!), Buffer.from('memory only'));
    assert.equal(await stopChild(child), 0);
    assert.ok(!existsSync(dataDir), 'the data dir was never created');
    assert.doesNotMatch(child.output(), /root key/, 'no root key file, no warning about one');
    const others = (await filesUnder(workDir)).filter((file) => file.includes('in-memory'));
    assert.deepEqual(others, []);
  });
});
