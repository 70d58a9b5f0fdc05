// Starting in strict mode (issue 8, "Bootstrap"): without --root-credentials-file the first
// strict start writes the account root's credentials to a 0600 file of credential_process's
// shape in the data dir, logs only its path, and uses the same file on the next start; a
// given file is used as is; open mode on a non-loopback host refuses to start.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { cliPath, removeDir, spawnServer } from '../helpers/server.js';
import { stopChild } from '../helpers/children.js';

function sts(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }): STSClient {
  return new STSClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
}

describe('strict mode start-up', () => {
  let workDir: string;
  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'sealstream-bootstrap-'));
  });
  after(async () => {
    await removeDir(workDir);
  });

  it('writes the root credentials on first start (0600, credential_process shape), logs only the path, and keeps them', async () => {
    const dataDir = join(workDir, 'generated');
    const first = await spawnServer(['--auth', 'strict', '--data-dir', dataDir]);
    const path = join(dataDir, 'root-credentials.json');
    try {
      assert.equal((await stat(path)).mode & 0o777, 0o600);
      const document = JSON.parse(await readFile(path, 'utf8')) as { Version: number; AccessKeyId: string; SecretAccessKey: string };
      assert.equal(document.Version, 1);
      assert.match(document.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
      assert.equal(document.SecretAccessKey.length, 40);
      const logged = first.output().split('\n').filter((line) => line.includes('"rootCredentialsFile"'));
      assert.ok(logged.length >= 1, 'the path is logged');
      assert.ok(logged.every((line) => (JSON.parse(line) as { rootCredentialsFile: string }).rootCredentialsFile === path));
      assert.ok(!first.output().includes(document.SecretAccessKey), 'the secret is never logged');
      const client = sts(first.endpoint, { accessKeyId: document.AccessKeyId, secretAccessKey: document.SecretAccessKey });
      assert.equal((await client.send(new GetCallerIdentityCommand({}))).Arn, 'arn:aws:iam::000000000000:root');
      client.destroy();
      await stopChild(first);

      const second = await spawnServer(['--auth', 'strict', '--data-dir', dataDir]);
      try {
        assert.doesNotMatch(second.output(), /generated the account root credentials/);
        assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), document, 'the same credentials');
        const again = sts(second.endpoint, { accessKeyId: document.AccessKeyId, secretAccessKey: document.SecretAccessKey });
        assert.equal((await again.send(new GetCallerIdentityCommand({}))).Account, '000000000000');
        again.destroy();
      } finally {
        await stopChild(second);
      }
    } finally {
      if (first.process.exitCode === null) await stopChild(first);
    }
  });

  it('uses --root-credentials-file as given, and refuses a file of the wrong shape', async () => {
    const file = join(workDir, 'root.json');
    const root = { accessKeyId: 'AKIAGIVENROOT0000001', secretAccessKey: 'given-root-secret-given-root-secret-0001' };
    await writeFile(file, JSON.stringify({ Version: 1, AccessKeyId: root.accessKeyId, SecretAccessKey: root.secretAccessKey }), { mode: 0o600 });
    const server = await spawnServer(['--auth', 'strict', '--in-memory', '--root-credentials-file', file]);
    try {
      const client = sts(server.endpoint, root);
      assert.equal((await client.send(new GetCallerIdentityCommand({}))).Arn, 'arn:aws:iam::000000000000:root');
      client.destroy();
    } finally {
      await stopChild(server);
    }
    const bad = join(workDir, 'bad.json');
    await writeFile(bad, JSON.stringify({ AccessKeyId: 'AKIA', Secret: 'x' }), { mode: 0o600 });
    const refused = await run(['serve', '--port', '0', '--auth', 'strict', '--in-memory', '--root-credentials-file', bad]);
    // A file that cannot serve fails the start (exit 1), as a bad --root-key-file does; a bad flag is a usage error (exit 2).
    assert.equal(refused.code, 1);
    assert.match(refused.output, /must be JSON \{"Version": 1, "AccessKeyId": "…", "SecretAccessKey": "…"\}/);
  });

  it('refuses open mode on a non-loopback host without --allow-open-auth', async () => {
    const refused = await run(['serve', '--port', '0', '--in-memory', '--host', '0.0.0.0', '--auth', 'open']);
    assert.equal(refused.code, 2);
    assert.match(refused.output, /--auth open on the non-loopback host 0\.0\.0\.0 .*--allow-open-auth/);
  });
});

/** Runs the CLI to its exit (only for starts that are refused before listening). */
function run(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
