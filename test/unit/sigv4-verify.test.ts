// src/protocol/sigv4-verify.ts: AWS's published SigV4 examples verify to their published
// values, requests the AWS SDK signs (both forms, JSON and Query services, session tokens,
// HTTP/2's :authority, odd paths and query strings) verify, and every alteration of a
// signed part fails with the flavor's code, status and text while unsigned parts may change.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { parseSignature, type SignedRequest } from '../../src/protocol/sigv4.js';
import { canonicalRequest, signingKey, stringToSign, verifySignature } from '../../src/protocol/sigv4-verify.js';
import type { AuthFlavor } from '../../src/protocol/errors.js';
import { asReceived, credentials, sdkPresigned, sdkSigned, withHeaders, type Unsigned } from '../helpers/sigv4.js';

const mismatch =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const emptyHash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** What strict mode does with a request: every check before the key lookup, then the signature. */
function check(request: SignedRequest, options: { service: string; flavor: AuthFlavor; now: Date; secret?: string }): void {
  const parsed = parseSignature(request, options);
  verifySignature(request, parsed, options.secret ?? credentials.secretAccessKey, options.flavor);
}

describe("AWS's published examples", () => {
  // The IAM guide's worked example ("Create a signed AWS API request"): a Query-protocol
  // request shaped as botocore shapes one, signing content-type, host and x-amz-date,
  // with every intermediate value published.
  it('IAM ListUsers: canonical request, its hash, the signing key and the signature', () => {
    const request = asReceived({
      method: 'GET',
      path: '/',
      query: { Action: 'ListUsers', Version: '2010-05-08' },
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
        Host: 'iam.amazonaws.com',
        'X-Amz-Date': '20150830T123600Z',
        Authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
      },
    });
    const parsed = parseSignature(request, { flavor: 'query', now: new Date('2015-08-30T12:36:00Z'), service: 'iam' });
    const canonical = canonicalRequest(request, parsed);
    assert.equal(
      canonical,
      'GET\n/\nAction=ListUsers&Version=2010-05-08\n' +
        'content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\n' +
        `content-type;host;x-amz-date\n${emptyHash}`,
    );
    assert.equal(
      stringToSign(parsed, canonical),
      'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\nf536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59',
    );
    assert.equal(signingKey(credentials.secretAccessKey, '20150830', 'us-east-1', 'iam').toString('hex'), 'c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9');
    verifySignature(request, parsed, credentials.secretAccessKey, 'query');
  });

  // The SigV4 test suite's vanilla cases (service "service", host example.amazonaws.com).
  const suite: { name: string; method: string; query: Record<string, string>; signature: string }[] = [
    { name: 'get-vanilla', method: 'GET', query: {}, signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31' },
    { name: 'get-vanilla-query-order-key-case', method: 'GET', query: { Param2: 'value2', Param1: 'value1' }, signature: 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500' },
    { name: 'post-vanilla', method: 'POST', query: {}, signature: '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b' },
  ];
  for (const vector of suite) {
    it(`test suite ${vector.name}`, () => {
      const request = asReceived({
        method: vector.method,
        path: '/',
        query: vector.query,
        headers: {
          host: 'example.amazonaws.com',
          'x-amz-date': '20150830T123600Z',
          authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${vector.signature}`,
        },
      });
      check(request, { service: 'service', flavor: 'json', now: new Date('2015-08-30T12:36:00Z') });
      assert.throws(() => check(request, { service: 'service', flavor: 'json', now: new Date('2015-08-30T12:36:00Z'), secret: 'another secret' }), {
        code: 'InvalidSignatureException',
        message: mismatch,
      });
    });
  }

  it('a request signed with the Date header in the form botocore writes there', () => {
    const date = 'Sun, 30 Aug 2015 12:36:00 -0000';
    const canonical = `GET\n/\n\ndate:${date}\nhost:example.amazonaws.com\n\ndate;host\n${emptyHash}`;
    const signature = signedByHand(canonical, '20150830T123600Z', '20150830/us-east-1/sts/aws4_request');
    const request = asReceived({
      method: 'GET',
      path: '/',
      headers: {
        Host: 'example.amazonaws.com',
        Date: date,
        Authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request, SignedHeaders=date;host, Signature=${signature}`,
      },
    });
    const parsed = parseSignature(request, { flavor: 'query', now: new Date('2015-08-30T12:40:00Z'), service: 'sts' });
    assert.equal(canonicalRequest(request, parsed), canonical);
    verifySignature(request, parsed, credentials.secretAccessKey, 'query');
  });
});

/** The documented algorithm written out apart from the code under test. */
function signedByHand(canonical: string, amzDate: string, scope: string): string {
  const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${createHash('sha256').update(canonical).digest('hex')}`;
  const [date, ...rest] = scope.split('/');
  let key: Buffer = createHmac('sha256', `AWS4${credentials.secretAccessKey}`).update(date!).digest();
  for (const part of rest) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(toSign).digest('hex');
}

const signingDate = new Date('2026-11-22T12:00:00Z');
const now = new Date('2026-11-22T12:01:30Z');

interface Service {
  service: string;
  flavor: AuthFlavor;
  request: Unsigned;
}

const services: Service[] = [
  {
    service: 'kinesis',
    flavor: 'json',
    request: { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.ListStreams' }, body: '{"Limit":10}' },
  },
  {
    service: 'kms',
    flavor: 'json',
    request: { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' }, body: '{}' },
  },
  {
    service: 'iam',
    flavor: 'query',
    request: { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListUsers&Version=2010-05-08' },
  },
  {
    service: 'sts',
    flavor: 'query',
    request: { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' },
  },
];

const sessionCredentials = { ...credentials, sessionToken: 'FwoGZXIvYXdzEBYaDH+session/token==' };

describe('requests the AWS SDK signs', () => {
  for (const { service, flavor, request } of services) {
    describe(service, () => {
      const options = { service, flavor, now };

      it('verify, with and without a session token, a payload hash header, over HTTP/1.1 and HTTP/2', async () => {
        for (const signingCredentials of [credentials, sessionCredentials]) {
          for (const applyChecksum of [true, false]) {
            for (const http2 of [false, true]) {
              const signed = await sdkSigned(request, { service, signingDate, credentials: signingCredentials, applyChecksum, http2 });
              assert.equal(signed.headers['x-amz-content-sha256'] !== undefined, applyChecksum);
              const parsed = parseSignature(signed, options);
              assert.equal(parsed.sessionToken, signingCredentials.sessionToken);
              verifySignature(signed, parsed, credentials.secretAccessKey, flavor);
            }
          }
        }
      });

      it('verify presigned, with a session token in the query', async () => {
        const presigned = await sdkPresigned({ ...request, method: 'GET', body: '' }, { service, signingDate, credentials: sessionCredentials, expiresIn: 60 });
        assert.equal(presigned.headers['authorization'], undefined);
        const parsed = parseSignature(presigned, options);
        assert.equal(parsed.form, 'query');
        assert.equal(parsed.sessionToken, sessionCredentials.sessionToken);
        assert.deepEqual(parsed.presigned, { expiresSeconds: 60 });
        verifySignature(presigned, parsed, credentials.secretAccessKey, flavor);
      });

      it('fail with a wrong secret, a tampered body, signed header, path or query', async () => {
        const signed = await sdkSigned(request, { service, signingDate });
        const refused = { code: flavor === 'json' ? 'InvalidSignatureException' : 'SignatureDoesNotMatch', status: flavor === 'json' ? 400 : 403, message: mismatch };
        check(signed, options);
        assert.throws(() => check(signed, { ...options, secret: `${credentials.secretAccessKey}x` }), refused);
        assert.throws(() => check({ ...signed, body: Buffer.concat([signed.body, Buffer.from(' ')]) }, options), refused);
        assert.throws(() => check(withHeaders(signed, { 'content-type': 'application/json' }), options), refused);
        assert.throws(() => check(withHeaders(signed, { host: 'localhost:4568' }), options), refused);
        assert.throws(() => check({ ...signed, path: '/other' }, options), refused);
        assert.throws(() => check({ ...signed, method: 'PUT' }, options), refused);
        assert.throws(() => check({ ...signed, query: new URLSearchParams('Action=DeleteUser') }, options), refused);
      });

      it('verify with unsigned headers added or changed', async () => {
        const signed = await sdkSigned(request, { service, signingDate });
        check(withHeaders(signed, { 'user-agent': 'a proxy', 'x-forwarded-for': '10.0.0.1', 'x-amzn-trace-id': 'Root=1-abc' }), options);
      });
    });
  }

  it('verifies odd paths and query strings: spaces, unicode, reserved characters, repeated keys, empty values', async () => {
    const request: Unsigned = {
      method: 'GET',
      // As serializers leave a path: each segment URI-encoded once.
      path: '/caf%C3%A9/a%20b/%21%27%28%29%2A/~tilde/',
      query: { 'key with space': 'value with space', 'ünïcödé': 'ß→✓', repeated: ['b', 'a', 'a c'], empty: '', 'a+b': '1+1=2', slash: 'a/b?c=d&e' },
      body: '',
    };
    const signed = await sdkSigned(request, { service: 'kinesis', signingDate });
    check(signed, { service: 'kinesis', flavor: 'json', now });
    const presigned = await sdkPresigned(request, { service: 'sts', signingDate });
    check(presigned, { service: 'sts', flavor: 'query', now });
    const parsed = parseSignature(signed, { service: 'kinesis', flavor: 'json', now });
    assert.match(canonicalRequest(signed, parsed), /^GET\n\/caf%25C3%25A9\/a%2520b\/%2521%2527%2528%2529%252A\/~tilde\/\n/);
    assert.throws(() => check({ ...signed, query: withoutOne(signed.query, 'repeated', 'a') }, { service: 'kinesis', flavor: 'json', now }), { message: mismatch });
  });

  it("reads the payload hash from the body, so an X-Amz-Content-Sha256 that is not the body's fails", async () => {
    const { request } = services[0]!;
    const lying = { ...request, headers: { ...request.headers, 'x-amz-content-sha256': createHash('sha256').update('{"Limit":99}').digest('hex') } };
    const signed = await sdkSigned(lying, { service: 'kinesis', signingDate });
    assert.throws(() => check(signed, { service: 'kinesis', flavor: 'json', now }), { code: 'InvalidSignatureException', message: mismatch });
  });

  it('takes a signed UNSIGNED-PAYLOAD over TLS, as the Java SDK 2.x sends by default there, and nowhere else', async () => {
    const { request } = services[0]!;
    const unsigned = { ...request, headers: { ...request.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } };
    const signed = await sdkSigned(unsigned, { service: 'kinesis', signingDate });
    check({ ...signed, secure: true }, { service: 'kinesis', flavor: 'json', now });
    // Cleartext: the body must be signed.
    assert.throws(() => check(signed, { service: 'kinesis', flavor: 'json', now }), { code: 'InvalidSignatureException', message: mismatch });
    // The header must be among the signed ones: one added after signing changes nothing.
    const plain = await sdkSigned(request, { service: 'kinesis', signingDate, applyChecksum: false });
    assert.throws(() => check({ ...withHeaders(plain, { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }), secure: true, body: Buffer.from('{"Limit":99}') }, { service: 'kinesis', flavor: 'json', now }), {
      code: 'InvalidSignatureException',
      message: mismatch,
    });
  });

  it("verifies a request whose host the client signed but sent as HTTP/2's :authority", async () => {
    const { request } = services[0]!;
    const signed = await sdkSigned(request, { service: 'kinesis', signingDate });
    const overHttp2 = asReceived({ method: signed.method, path: signed.path, headers: { ...withHeaders(signed, { host: undefined }).headers, ':authority': signed.headers['host']! } as Record<string, string>, body: signed.body });
    assert.equal(overHttp2.headers['host'], signed.headers['host']);
    check(overHttp2, { service: 'kinesis', flavor: 'json', now });
  });

  describe('time and scope', () => {
    const { request } = services[0]!;

    it('refuses a request signed too long ago or too far ahead, for the header form and the presigned one', async () => {
      const late = new Date(signingDate.getTime() + 20 * 60_000);
      const early = new Date(signingDate.getTime() - 20 * 60_000);
      const signed = await sdkSigned(request, { service: 'kinesis', signingDate });
      assert.throws(() => check(signed, { service: 'kinesis', flavor: 'json', now: late }), {
        code: 'InvalidSignatureException',
        message: 'Signature expired: 20261122T120000Z is now earlier than 20261122T121500Z (20261122T122000Z - 5 min.)',
      });
      assert.throws(() => check(signed, { service: 'kinesis', flavor: 'json', now: early }), {
        code: 'InvalidSignatureException',
        message: 'Signature not yet current: 20261122T120000Z is still later than 20261122T114500Z (20261122T114000Z + 5 min.)',
      });
      const presigned = await sdkPresigned({ method: 'GET', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } }, { service: 'sts', signingDate, expiresIn: 3600 });
      check(presigned, { service: 'sts', flavor: 'query', now: new Date(signingDate.getTime() + 15 * 60_000) });
      assert.throws(() => check(presigned, { service: 'sts', flavor: 'query', now: late }), {
        code: 'SignatureDoesNotMatch',
        status: 403,
        message: 'Signature expired: 20261122T120000Z is now earlier than 20261122T120500Z (20261122T122000Z - 15 min.)',
      });
    });

    it("refuses a scope date that is not the request's day", async () => {
      const beforeMidnight = new Date('2026-11-22T23:59:00Z');
      const signed = await sdkSigned(request, { service: 'kinesis', signingDate: beforeMidnight });
      const nextDay = withHeaders(signed, { 'x-amz-date': '20261123T000030Z' });
      assert.throws(() => check(nextDay, { service: 'kinesis', flavor: 'json', now: new Date('2026-11-23T00:00:30Z') }), {
        code: 'InvalidSignatureException',
        message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261122' != '20261123', from '20261123T000030Z'.",
      });
    });

    it('refuses a signature whose signed headers leave host out', async () => {
      const signed = await sdkSigned(request, { service: 'kinesis', signingDate, unsignableHeaders: new Set(['host']) });
      assert.doesNotMatch(signed.headers['authorization']!, /host/);
      assert.throws(() => check(signed, { service: 'kinesis', flavor: 'json', now }), {
        code: 'InvalidSignatureException',
        message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
      });
    });

    it('refuses a signature scoped to another service', async () => {
      const signed = await sdkSigned(request, { service: 'kms', signingDate });
      assert.throws(() => check(signed, { service: 'kinesis', flavor: 'json', now }), { message: "Credential should be scoped to correct service: 'kinesis'." });
    });
  });
});

function withoutOne(query: URLSearchParams, key: string, value: string): URLSearchParams {
  const copy = new URLSearchParams();
  let removed = false;
  for (const [name, entry] of query) {
    if (!removed && name === key && entry === value) removed = true;
    else copy.append(name, entry);
  }
  return copy;
}
