// No secret IAM or STS hands out is stored in clear: after CreateAccessKey and AssumeRole
// on a durable server, no file of the data dir holds a secret access key or a session
// token, raw or in hex or base64; the credential store over the same files still opens
// them under the root key.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { loadRootKey } from '../../src/crypto/root-key.js';
import { createLogger } from '../../src/log.js';
import { createIam } from '../../src/services/iam/create.js';
import { LmdbEngine } from '../../src/storage/engines/lmdb.js';
import { filesUnder } from '../helpers/children.js';
import { iamClient, stsClient, trustAccountPolicy } from '../helpers/iam.js';
import { removeDir, startServer, type TestServer } from '../helpers/server.js';

function formsOf(text: string): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  return [bytes, Buffer.from(bytes.toString('hex')), Buffer.from(bytes.toString('base64').replace(/=+$/, ''))];
}

describe('IAM secrets at rest', () => {
  let server: TestServer | undefined;
  let dataDir: string | undefined;
  after(async () => {
    await server?.close();
    await removeDir(dataDir);
  });

  it('stores access keys\' secrets and session tokens only sealed or hashed', async () => {
    server = await startServer({ inMemory: false });
    dataDir = server.dataDir;
    const iam = iamClient(server.endpoint);
    const sts = stsClient(server.endpoint);
    await iam.send(new CreateUserCommand({ UserName: 'at-rest' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'at-rest' }));
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'at-rest', AssumeRolePolicyDocument: trustAccountPolicy('000000000000') }));
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: Role!.Arn!, RoleSessionName: 'at-rest' }));
    iam.destroy();
    sts.destroy();
    await server.close();

    const secrets = [
      { what: 'the access key secret', text: AccessKey!.SecretAccessKey! },
      { what: 'the session secret', text: Credentials!.SecretAccessKey! },
      { what: 'the session token', text: Credentials!.SessionToken! },
    ];
    const files = await filesUnder(dataDir!);
    assert.ok(files.length > 0);
    const found: string[] = [];
    for (const file of files) {
      const contents = await readFile(file);
      for (const secret of secrets) if (formsOf(secret.text).some((form) => contents.includes(form))) found.push(`${secret.what} in ${file}`);
    }
    assert.deepEqual(found, []);
    // The ids are not secret and are stored: the search does look at the store.
    const ids = await Promise.all(files.map(async (file) => (await readFile(file)).includes(Buffer.from(AccessKey!.AccessKeyId!))));
    assert.ok(ids.some(Boolean), 'the access key id is in the store');

    // The secrets open again under the root key: the credential store over the same files finds them.
    const engine = new LmdbEngine({ path: join(dataDir!, 'store') });
    await engine.open();
    try {
      const { credentials } = createIam({ engine, rootKey: loadRootKey({ file: undefined, dataDir, log: createLogger('silent') }), accountId: '000000000000' });
      assert.equal((await credentials.find(AccessKey!.AccessKeyId!))?.secretAccessKey, AccessKey!.SecretAccessKey);
      assert.equal((await credentials.find(Credentials!.AccessKeyId!))?.secretAccessKey, Credentials!.SecretAccessKey);
    } finally {
      await engine.close();
    }
    server = undefined;
  });
});
