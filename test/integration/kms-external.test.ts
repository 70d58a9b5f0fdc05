// External KMS mode (issue 3, scope 7): with --kms-endpoint every KMS request is forwarded
// through @aws-sdk/client-kms, in the caller's region, signed with the configured
// credentials (or the SDK's chain), and the external answer or error comes back as the
// external KMS gave it. The external KMS here is a second Sealstream, or a stub server
// where a test must see the requests or make the external KMS fail.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateKeyCommand, DescribeKeyCommand, DisableKeyCommand, EncryptCommand, DecryptCommand, ListKeysCommand, type KMSClient } from '@aws-sdk/client-kms';
import { kmsClient, startKmsServer, type KmsTestServer } from '../helpers/kms.js';
import { rawRequest } from '../helpers/raw.js';
import { spawnServer, startServer, testCredentials, type TestServer } from '../helpers/server.js';
import { freePort, stopChild } from '../helpers/children.js';

function kmsHeaders(operation: string, region = 'us-east-1'): Record<string, string> {
  return {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': `TrentService.${operation}`,
    authorization: `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261122/${region}/kms/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0123456789abcdef`,
    'x-amz-date': '20261122T120000Z',
  };
}

async function kmsCall(endpoint: string, operation: string, body: unknown, region?: string): Promise<{ status: number; body: Record<string, unknown>; errorType: string | undefined }> {
  const response = await rawRequest(endpoint, { headers: kmsHeaders(operation, region), body: JSON.stringify(body) });
  const errorType = response.headers['x-amzn-errortype'];
  return { status: response.status, body: response.body.length ? JSON.parse(response.body.toString()) : {}, errorType: typeof errorType === 'string' ? errorType : undefined };
}

interface StubRequest {
  target: string;
  authorization: string;
  body: Record<string, unknown>;
}

/** An external KMS that records what it receives and answers what the test tells it to. */
async function startStub(answer: (request: StubRequest) => { status: number; body: unknown }) {
  const requests: StubRequest[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const recorded = {
        target: String(request.headers['x-amz-target']),
        authorization: String(request.headers['authorization']),
        body: chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {},
      };
      requests.push(recorded);
      const { status, body } = answer(recorded);
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const stubKeyId = '1234abcd-12ab-34cd-56ef-1234567890ab';
const stubMetadata = (region: string) => ({
  KeyMetadata: { KeyId: stubKeyId, Arn: `arn:aws:kms:${region}:111122223333:key/${stubKeyId}`, AWSAccountId: '111122223333', CreationDate: 1700000000.125, Enabled: true, KeyState: 'Enabled' },
});

describe('KMS external mode (external)', () => {
  let kms: KmsTestServer;
  let client: KMSClient;
  let direct: KMSClient;
  before(async () => {
    kms = await startKmsServer('external');
    client = kmsClient(kms.endpoint);
    direct = kmsClient(kms.keyServer.endpoint);
  });
  after(async () => {
    client.destroy();
    direct.destroy();
    await kms.close();
  });

  it('forwards to the external KMS: keys made through Sealstream are the external KMS\'s, and ciphertexts are its own', async () => {
    const created = (await client.send(new CreateKeyCommand({ Description: 'made through the front' }))).KeyMetadata!;
    const seen = (await direct.send(new DescribeKeyCommand({ KeyId: created.KeyId }))).KeyMetadata!;
    assert.equal(seen.Description, 'made through the front');
    assert.equal(seen.Arn, created.Arn);
    const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId: created.KeyId, Plaintext: Buffer.from('through the front'), EncryptionContext: { a: '1' } }));
    const opened = await direct.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { a: '1' } }));
    assert.deepEqual(Buffer.from(opened.Plaintext!), Buffer.from('through the front'));
    assert.equal(opened.KeyId, created.Arn);
  });

  it('answers byte for byte what the external KMS answers: timestamps, blobs, errors with their status and message', async () => {
    const keyId = (await direct.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const viaFront = await kmsCall(kms.endpoint, 'DescribeKey', { KeyId: keyId });
    const viaDirect = await kmsCall(kms.keyServer.endpoint, 'DescribeKey', { KeyId: keyId });
    assert.equal(viaFront.status, 200);
    assert.deepEqual(viaFront.body, viaDirect.body, 'CreationDate survives the round trip through a Date');

    const encrypted = await kmsCall(kms.endpoint, 'Encrypt', { KeyId: keyId, Plaintext: Buffer.from('blob').toString('base64') });
    assert.equal(typeof encrypted.body['CiphertextBlob'], 'string');
    const decrypted = await kmsCall(kms.keyServer.endpoint, 'Decrypt', { CiphertextBlob: encrypted.body['CiphertextBlob'] });
    assert.equal(decrypted.body['Plaintext'], Buffer.from('blob').toString('base64'), 'blobs go back out as base64 of their bytes');

    await direct.send(new DisableKeyCommand({ KeyId: keyId }));
    const failures: Array<[string, unknown]> = [
      ['DescribeKey', { KeyId: 'fake-key-id' }],
      ['DescribeKey', { KeyId: `arn:aws:kms:us-east-1:000000000000:key/${stubKeyId}` }],
      ['Encrypt', { KeyId: keyId, Plaintext: 'AAAA' }],
      ['Decrypt', { CiphertextBlob: encrypted.body['CiphertextBlob'], EncryptionContext: { not: 'bound' } }],
      ['Decrypt', { CiphertextBlob: Buffer.from('not a ciphertext of ours').toString('base64') }],
    ];
    for (const [operation, body] of failures) {
      const front = await kmsCall(kms.endpoint, operation, body);
      const origin = await kmsCall(kms.keyServer.endpoint, operation, body);
      assert.ok(origin.status >= 400, `${operation} fails at the origin`);
      assert.equal(front.status, origin.status, `${operation} ${JSON.stringify(body)}`);
      assert.deepEqual(front.body, origin.body, `${operation} ${JSON.stringify(body)}`);
      assert.equal(front.errorType, origin.errorType);
    }
    const invalid = await kmsCall(kms.endpoint, 'Decrypt', { CiphertextBlob: Buffer.from('not a ciphertext of ours').toString('base64') });
    assert.deepEqual(invalid.body, { __type: 'InvalidCiphertextException' }, 'no message at all');
  });

  it("works in the caller's region: a key made from eu-west-1 lives in the external KMS's eu-west-1", async () => {
    const europe = kmsClient(kms.endpoint, 'eu-west-1');
    const directEurope = kmsClient(kms.keyServer.endpoint, 'eu-west-1');
    try {
      const created = (await europe.send(new CreateKeyCommand({}))).KeyMetadata!;
      assert.match(created.Arn!, /^arn:aws:kms:eu-west-1:/);
      const inEurope = (await directEurope.send(new ListKeysCommand({ Limit: 1000 }))).Keys!.map((key) => key.KeyId);
      const inVirginia = (await direct.send(new ListKeysCommand({ Limit: 1000 }))).Keys!.map((key) => key.KeyId);
      assert.ok(inEurope.includes(created.KeyId));
      assert.ok(!inVirginia.includes(created.KeyId));
      // The us-east-1 client of the front still works beside the eu-west-1 one.
      assert.ok((await client.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!.startsWith('arn:aws:kms:us-east-1:'));
    } finally {
      europe.destroy();
      directEurope.destroy();
    }
  });
});

describe('KMS external mode against a stub (external)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function frontFor(endpoint: string, credentials: boolean): Promise<TestServer> {
    const front = await startServer(
      credentials ? { kmsEndpoint: endpoint, kmsAccessKeyId: 'AKIAFLAGCREDENTIAL01', kmsSecretAccessKey: 'flag-secret' } : { kmsEndpoint: endpoint },
    );
    cleanups.push(() => front.close());
    return front;
  }

  it("signs with the flags' credentials in the caller's region", async () => {
    const stub = await startStub(() => ({ status: 200, body: stubMetadata('eu-west-1') }));
    cleanups.push(stub.close);
    const front = await frontFor(stub.endpoint, true);
    const answer = await kmsCall(front.endpoint, 'DescribeKey', { KeyId: stubKeyId }, 'eu-west-1');
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, stubMetadata('eu-west-1'));
    assert.equal(stub.requests.length, 1);
    assert.equal(stub.requests[0]!.target, 'TrentService.DescribeKey');
    assert.deepEqual(stub.requests[0]!.body, { KeyId: stubKeyId });
    assert.match(stub.requests[0]!.authorization, /^AWS4-HMAC-SHA256 Credential=AKIAFLAGCREDENTIAL01\/\d{8}\/eu-west-1\/kms\/aws4_request/);
  });

  it("without credential flags, signs with the AWS SDK's default chain (here the environment)", async () => {
    const stub = await startStub(() => ({ status: 200, body: stubMetadata('us-east-1') }));
    cleanups.push(stub.close);
    const front = await frontFor(stub.endpoint, false);
    const saved = { id: process.env['AWS_ACCESS_KEY_ID'], secret: process.env['AWS_SECRET_ACCESS_KEY'] };
    process.env['AWS_ACCESS_KEY_ID'] = 'AKIAENVIRONMENTKEY01';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'environment-secret';
    try {
      assert.equal((await kmsCall(front.endpoint, 'DescribeKey', { KeyId: stubKeyId })).status, 200);
    } finally {
      for (const [name, value] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    assert.match(stub.requests[0]!.authorization, /Credential=AKIAENVIRONMENTKEY01\/\d{8}\/us-east-1\/kms\/aws4_request/);
  });

  it('passes a fault on as a 500 with its code and message, after the SDK default of 3 attempts', async () => {
    const stub = await startStub(() => ({ status: 500, body: { __type: 'KMSInternalException', message: 'the external KMS failed' } }));
    cleanups.push(stub.close);
    const front = await frontFor(stub.endpoint, true);
    const answer = await kmsCall(front.endpoint, 'DescribeKey', { KeyId: stubKeyId });
    assert.equal(answer.status, 500);
    assert.deepEqual(answer.body, { __type: 'KMSInternalException', message: 'the external KMS failed' });
    assert.equal(stub.requests.length, 3, 'retried as the SDK does by default');
  });

  it('passes client errors on with their status; a messageless error stays messageless, AccessDenied keeps its capital Message', async () => {
    const answers: Record<string, { status: number; body: unknown }> = {
      'alias/throttled': { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } },
      'alias/denied': { status: 400, body: { __type: 'AccessDeniedException', Message: 'User: arn:aws:iam::111122223333:user/sealstream is not authorized to perform: kms:DescribeKey' } },
      'alias/messageless': { status: 400, body: { __type: 'InvalidCiphertextException' } },
      'alias/missing': { status: 400, body: { __type: 'NotFoundException', message: 'Alias arn:aws:kms:us-east-1:111122223333:alias/missing is not found.' } },
    };
    const stub = await startStub((request) => answers[request.body['KeyId'] as string]!);
    cleanups.push(stub.close);
    const front = await frontFor(stub.endpoint, true);
    for (const [keyId, expected] of Object.entries(answers)) {
      const answer = await kmsCall(front.endpoint, 'DescribeKey', { KeyId: keyId });
      assert.equal(answer.status, expected.status, keyId);
      assert.deepEqual(answer.body, expected.body, keyId);
      assert.equal(answer.errorType, (expected.body as { __type: string }).__type);
    }
    // Throttling is retryable: three attempts; the others are answered at once.
    assert.equal(stub.requests.filter((request) => request.body['KeyId'] === 'alias/throttled').length, 3);
    assert.equal(stub.requests.filter((request) => request.body['KeyId'] === 'alias/missing').length, 1);
  });
});

describe('KMS external mode, the external KMS unreachable or misconfigured (external)', () => {
  it('answers KMSInternalException (500, nothing internal) while the external KMS is down, logs why, and recovers when it is back', async () => {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const front = await spawnServer(['--in-memory', '--kms-endpoint', endpoint, '--kms-access-key-id', testCredentials.accessKeyId, '--kms-secret-access-key', testCredentials.secretAccessKey]);
    let keyServer: TestServer | undefined;
    try {
      const down = await kmsCall(front.endpoint, 'CreateKey', {});
      assert.equal(down.status, 500);
      assert.deepEqual(down.body, { __type: 'KMSInternalException' });
      assert.match(front.output(), new RegExp(`the external KMS at ${endpoint} did not answer CreateKey \\(Error: connect ECONNREFUSED[^\\n]*"code":"KMS_EXTERNAL_UNAVAILABLE"`));
      assert.ok(!front.output().includes(testCredentials.secretAccessKey), 'the secret key is not logged');

      keyServer = await startServer({ port });
      const up = await kmsCall(front.endpoint, 'CreateKey', {});
      assert.equal(up.status, 200);
      assert.match(String((up.body['KeyMetadata'] as Record<string, unknown>)['Arn']), /^arn:aws:kms:us-east-1:000000000000:key\//);
    } finally {
      await stopChild(front);
      await keyServer?.close();
    }
  });

  it('refuses to start with only one of --kms-access-key-id and --kms-secret-access-key', async () => {
    for (const flags of [['--kms-access-key-id', 'AKIAONLYTHEKEY000001'], ['--kms-secret-access-key', 'only-the-secret']]) {
      await assert.rejects(
        spawnServer(['--in-memory', '--kms-endpoint', 'http://127.0.0.1:9', ...flags]),
        /exited with 1 [^]*sealstream: failed to start: --kms-access-key-id and --kms-secret-access-key go together: give both, or neither to use the AWS SDK credential chain/,
      );
    }
  });
});
