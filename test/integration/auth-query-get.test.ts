// IAM and STS Query requests sent as GET, with the parameters in the query string: the
// presigned form (a presigned STS GetCallerIdentity URL is how `aws eks get-token` proves
// an identity) and a header-signed GET. Strict mode verifies both; open mode takes both.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/core/serde';
import { buildQueryString } from '@smithy/core/protocols';
import { startServer, type TestServer } from '../helpers/server.js';
import { Clients, createUser, rootCredentials, startStrictServer, type Credentials } from '../helpers/strict-auth.js';

const callerIdentity = { Action: 'GetCallerIdentity', Version: '2011-06-15' };

async function signedGet(server: TestServer, credentials: Credentials, form: 'presigned' | 'header'): Promise<{ url: string; headers: Record<string, string> }> {
  const signer = new SignatureV4({ service: 'sts', region: 'us-east-1', credentials, sha256: Hash.bind(null, 'sha256') });
  const request = { method: 'GET', protocol: 'http:', hostname: '127.0.0.1', port: server.port, path: '/', query: { ...callerIdentity }, headers: { host: `127.0.0.1:${server.port}` } };
  const signed = (form === 'presigned' ? await signer.presign(request as never, { expiresIn: 300 }) : await signer.sign(request as never)) as unknown as typeof request;
  const { host: _host, ...headers } = signed.headers as Record<string, string>;
  return { url: `${server.endpoint}/?${buildQueryString(signed.query)}`, headers };
}

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { headers });
  return { status: response.status, body: await response.text() };
}

describe('Query requests as GET', () => {
  it('strict: a presigned and a header-signed GetCallerIdentity answer the signer; a tampered one is refused', async () => {
    const server = await startStrictServer();
    const root = new Clients(server.endpoint, rootCredentials, 'h1');
    try {
      const user = await createUser(root.iam);
      for (const form of ['presigned', 'header'] as const) {
        const { url, headers } = await signedGet(server, user.credentials, form);
        const answer = await get(url, headers);
        assert.equal(answer.status, 200, answer.body);
        assert.match(answer.body, new RegExp(`<GetCallerIdentityResult><UserId>${user.userId}</UserId><Account>000000000000</Account><Arn>${user.arn}</Arn></GetCallerIdentityResult>`));
      }
      const { url } = await signedGet(server, user.credentials, 'presigned');
      const tampered = url.replace(/X-Amz-Signature=([0-9a-f])/, (_match, digit: string) => `X-Amz-Signature=${digit === '0' ? '1' : '0'}`);
      const refused = await get(tampered);
      assert.equal(refused.status, 403);
      assert.match(refused.body, /<Code>SignatureDoesNotMatch<\/Code>/);
      // A parameter added after signing is refused too.
      const changed = await get(`${url}&Extra=1`);
      assert.equal(changed.status, 403);
      assert.match(changed.body, /<Code>SignatureDoesNotMatch<\/Code>/);
    } finally {
      root.destroy();
      await server.close();
    }
  });

  it('open: a presigned GetCallerIdentity acts as the account root; a GET without Action is still refused', async () => {
    const server = await startServer();
    try {
      const { url } = await signedGet(server, rootCredentials, 'presigned');
      const answer = await get(url);
      assert.equal(answer.status, 200, answer.body);
      assert.match(answer.body, /<Arn>arn:aws:iam::000000000000:root<\/Arn>/);
      const noAction = await get(`${server.endpoint}/`);
      assert.equal(noAction.status, 403);
      assert.match(noAction.body, /Unable to determine service\/operation name to be authorized/);
    } finally {
      await server.close();
    }
  });
});
