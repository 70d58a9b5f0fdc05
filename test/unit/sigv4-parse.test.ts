// src/protocol/sigv4.ts: reading a signature in its two forms, and every check AWS makes
// before it looks the access key up, in AWS's order, with AWS's codes, statuses and texts
// for both the JSON services (Kinesis, KMS) and the Query ones (IAM, STS).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clockSkewMinutes, parseAuthorization, parseSignature, type SignatureCheckOptions } from '../../src/protocol/sigv4.js';
import { authErrors } from '../../src/protocol/errors.js';

const signature = 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41';
const credential = 'AKIDEXAMPLE/20150830/us-east-1/kinesis/aws4_request';
const goodHeader = `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${signature}`;
const requestTime = new Date('2015-08-30T12:36:00Z');

const kinesis: SignatureCheckOptions = { flavor: 'json', now: requestTime, service: 'kinesis' };
const sts: SignatureCheckOptions = { flavor: 'query', now: requestTime, service: 'sts' };

function request(headers: Record<string, string>, query = '') {
  return { headers, query: new URLSearchParams(query) };
}

const signedHeaders = (authorization: string, amzDate = '20150830T123600Z') => request({ authorization, 'x-amz-date': amzDate });

const presignedQuery = (changes: Record<string, string | undefined> = {}) => {
  const params: Record<string, string | undefined> = {
    Action: 'GetCallerIdentity',
    Version: '2011-06-15',
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': 'AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request',
    'X-Amz-Date': '20150830T123600Z',
    'X-Amz-Expires': '60',
    'X-Amz-SignedHeaders': 'host',
    'X-Amz-Security-Token': 'session-token',
    'X-Amz-Signature': signature,
    ...changes,
  };
  const defined = Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return new URLSearchParams(defined).toString();
};

describe('parseSignature', () => {
  it('reads the header form: credential scope, signed headers, signature, time and session token', () => {
    const parsed = parseSignature(request({ authorization: goodHeader, 'x-amz-date': '20150830T123600Z', 'x-amz-security-token': 'token' }), kinesis);
    assert.deepEqual(parsed, {
      form: 'header',
      accessKeyId: 'AKIDEXAMPLE',
      date: '20150830',
      region: 'us-east-1',
      service: 'kinesis',
      signedHeaders: ['content-type', 'host', 'x-amz-date', 'x-amz-target'],
      signature,
      requestTime,
      amzDate: '20150830T123600Z',
      credentialScope: '20150830/us-east-1/kinesis/aws4_request',
      sessionToken: 'token',
    });
  });

  it('reads the presigned query form, with X-Amz-Expires and the session token from the query', () => {
    const parsed = parseSignature(request({ host: 'localhost' }, presignedQuery()), sts);
    assert.equal(parsed.form, 'query');
    assert.equal(parsed.service, 'sts');
    assert.deepEqual(parsed.signedHeaders, ['host']);
    assert.equal(parsed.sessionToken, 'session-token');
    assert.deepEqual(parsed.presigned, { expiresSeconds: 60 });
    assert.deepEqual(parseSignature(request({}, presignedQuery({ 'X-Amz-Expires': undefined })), sts).presigned, {});
  });

  it('accepts parameters separated by commas alone, or by spaces alone', () => {
    for (const header of [
      `AWS4-HMAC-SHA256 Credential=${credential},SignedHeaders=host;x-amz-date,Signature=${signature}`,
      `AWS4-HMAC-SHA256 Credential=${credential} SignedHeaders=host;x-amz-date Signature=${signature}`,
    ]) {
      assert.deepEqual(parseSignature(signedHeaders(header), kinesis).signedHeaders, ['host', 'x-amz-date']);
    }
  });

  it('refuses both forms at once', () => {
    const both = request({ authorization: goodHeader, 'x-amz-date': '20150830T123600Z' }, presignedQuery());
    const message = "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.";
    assert.throws(() => parseSignature(both, kinesis), { code: 'InvalidSignatureException', status: 400, message });
    assert.throws(() => parseSignature(both, sts), { code: 'SignatureDoesNotMatch', status: 403, message });
  });

  it('answers no signature, or an Authorization header that is not AWS4, with the missing-token error', () => {
    for (const unsigned of [request({}), request({ authorization: 'Basic dXNlcjpwYXNz' })]) {
      assert.throws(() => parseSignature(unsigned, kinesis), { code: 'MissingAuthenticationTokenException', status: 400, message: 'Missing Authentication Token' });
      assert.throws(() => parseSignature(unsigned, sts), { code: 'MissingAuthenticationToken', status: 403, message: 'Request is missing Authentication Token' });
    }
  });

  it('names every missing part of the header form at once', () => {
    const header = 'AWS4-HMAC-SHA256 SignedHeaders=host';
    const message =
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
      `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${header}`;
    assert.throws(() => parseSignature(request({ authorization: header }), kinesis), { code: 'IncompleteSignatureException', status: 400, message });
    assert.throws(() => parseSignature(request({ authorization: header }), sts), { code: 'IncompleteSignature', status: 400, message });
  });

  it('names every missing part of the query form at once', () => {
    const query = presignedQuery({ 'X-Amz-Credential': undefined, 'X-Amz-Signature': '' });
    assert.throws(() => parseSignature(request({}, query), sts), {
      code: 'IncompleteSignature',
      message: "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters.",
    });
  });

  it("refuses a date that is not ISO 8601's basic format", () => {
    for (const bad of ['201', '2015-08-30T12:36:00Z', '20150231T123600Z', '20150830T126000Z']) {
      assert.throws(() => parseSignature(signedHeaders(goodHeader, bad), kinesis), {
        code: 'IncompleteSignatureException',
        message: `Date must be in ISO-8601 'basic format'. Got '${bad}'. See http://en.wikipedia.org/wiki/ISO_8601`,
      });
    }
    assert.throws(() => parseSignature(request({}, presignedQuery({ 'X-Amz-Date': 'yesterday' })), sts), {
      code: 'IncompleteSignature',
      message: "Date must be in ISO-8601 'basic format'. Got 'yesterday'. See http://en.wikipedia.org/wiki/ISO_8601",
    });
  });

  it('reads the time from a Date header when there is no X-Amz-Date, as an HTTP-date or in basic format', () => {
    for (const date of ['Sun, 30 Aug 2015 12:36:00 GMT', 'Sun, 30 Aug 2015 12:36:00 -0000', '20150830T123600Z']) {
      const parsed = parseSignature(request({ authorization: goodHeader, date }), kinesis);
      assert.deepEqual(parsed.requestTime, requestTime);
      assert.equal(parsed.amzDate, '20150830T123600Z');
    }
  });

  describe('clock skew', () => {
    it('refuses a request older than the window, naming the times as AWS does', () => {
      const now = new Date('2015-08-30T12:42:00.750Z');
      assert.throws(() => parseSignature(signedHeaders(goodHeader), { ...kinesis, now }), {
        code: 'InvalidSignatureException',
        status: 400,
        message: 'Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T124200Z - 5 min.)',
      });
    });

    it('refuses a request from further in the future than the window', () => {
      const now = new Date('2015-08-30T12:30:00Z');
      assert.throws(() => parseSignature(signedHeaders(goodHeader), { ...kinesis, now }), {
        code: 'InvalidSignatureException',
        message: 'Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z (20150830T123000Z + 5 min.)',
      });
    });

    it('accepts a request at either edge of the window', () => {
      for (const now of ['2015-08-30T12:41:00Z', '2015-08-30T12:31:00Z']) {
        assert.equal(parseSignature(signedHeaders(goodHeader), { ...kinesis, now: new Date(now) }).accessKeyId, 'AKIDEXAMPLE');
      }
    });

    it('holds IAM and STS to 15 minutes, and answers with their code and 403', () => {
      assert.equal(clockSkewMinutes('sts'), 15);
      assert.equal(clockSkewMinutes('iam'), 15);
      const query = presignedQuery();
      assert.equal(parseSignature(request({}, query), { ...sts, now: new Date('2015-08-30T12:51:00Z') }).service, 'sts');
      assert.throws(() => parseSignature(request({}, query), { ...sts, now: new Date('2015-08-30T12:52:00Z') }), {
        code: 'SignatureDoesNotMatch',
        status: 403,
        message: 'Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T125200Z - 15 min.)',
      });
    });

    it('holds a presigned request to the window, not to X-Amz-Expires, as STS does', () => {
      const query = presignedQuery({ 'X-Amz-Expires': '1' });
      assert.equal(parseSignature(request({}, query), { ...sts, now: new Date('2015-08-30T12:46:00Z') }).accessKeyId, 'AKIDEXAMPLE');
    });

    it('takes another window when told', () => {
      const now = new Date('2015-08-30T12:46:00Z');
      assert.equal(parseSignature(signedHeaders(goodHeader), { ...kinesis, now, skewMinutes: 15 }).service, 'kinesis');
      assert.throws(() => parseSignature(signedHeaders(goodHeader), { ...kinesis, now }), { code: 'InvalidSignatureException' });
    });

    it('checks the time before the signed headers, as AWS does', () => {
      const header = goodHeader.replace('content-type;host;', 'content-type;');
      assert.throws(() => parseSignature(signedHeaders(header), { ...kinesis, now: new Date('2015-08-30T13:00:00Z') }), { message: /^Signature expired/ });
    });
  });

  it("requires 'host' (or HTTP/2's ':authority') among the signed headers", () => {
    const header = goodHeader.replace('content-type;host;', 'content-type;');
    const message = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
    assert.throws(() => parseSignature(signedHeaders(header), kinesis), { code: 'InvalidSignatureException', status: 400, message });
    assert.throws(() => parseSignature(request({}, presignedQuery({ 'X-Amz-SignedHeaders': 'x-amz-date' })), sts), { code: 'SignatureDoesNotMatch', status: 403, message });
    const http2 = goodHeader.replace('content-type;host;', ':authority;content-type;');
    assert.deepEqual(parseSignature(signedHeaders(http2), kinesis).signedHeaders, [':authority', 'content-type', 'x-amz-date', 'x-amz-target']);
  });

  it('accepts AWS4-HMAC-SHA256 only', () => {
    assert.throws(() => parseSignature(signedHeaders(goodHeader.replace('SHA256', 'SHA512')), kinesis), {
      code: 'IncompleteSignatureException',
      message: "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). ",
    });
    assert.throws(() => parseSignature(request({}, presignedQuery({ 'X-Amz-Algorithm': 'AWS4-ECDSA-P256-SHA256' })), sts), {
      code: 'IncompleteSignature',
      message: "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256' (only AWS4-HMAC-SHA256 for now). ",
    });
  });

  it('requires five slash-delimited elements in the credential, trailing slashes aside', () => {
    const header = goodHeader.replace(credential, 'AKIDEXAMPLE/20150830/us-east-1/kinesis');
    assert.throws(() => parseSignature(signedHeaders(header), kinesis), {
      code: 'IncompleteSignatureException',
      message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20150830/us-east-1/kinesis'",
    });
    assert.equal(parseSignature(signedHeaders(goodHeader.replace(credential, `${credential}//`)), kinesis).credentialScope, '20150830/us-east-1/kinesis/aws4_request');
  });

  describe('credential scope', () => {
    it("requires the scope's date to be the request's day", () => {
      const header = goodHeader.replace('/20150830/', '/20150829/');
      assert.throws(() => parseSignature(signedHeaders(header), kinesis), {
        code: 'InvalidSignatureException',
        status: 400,
        message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150829' != '20150830', from '20150830T123600Z'.",
      });
    });

    it('requires the service called, the aws4_request terminator and a region, naming every fault at once', () => {
      const header = goodHeader.replace(credential, 'AKIDEXAMPLE/20150831/US_EAST/kms/aws5_request');
      assert.throws(() => parseSignature(signedHeaders(header), kinesis), {
        code: 'InvalidSignatureException',
        message:
          "Credential should be scoped to a valid region, not 'US_EAST'. Credential should be scoped to correct service: 'kinesis'. " +
          "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. " +
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150831' != '20150830', from '20150830T123600Z'.",
      });
      assert.throws(() => parseSignature(request({}, presignedQuery()), { ...sts, service: 'iam' }), {
        code: 'SignatureDoesNotMatch',
        status: 403,
        message: "Credential should be scoped to correct service: 'iam'.",
      });
    });
  });
});

describe('parseAuthorization (open mode) keeps its checks and texts', () => {
  it('reads the credential scope of either form', () => {
    assert.deepEqual(parseAuthorization({ authorization: goodHeader, 'x-amz-date': 'not checked here' }, new URLSearchParams()), {
      accessKeyId: 'AKIDEXAMPLE',
      date: '20150830',
      region: 'us-east-1',
      service: 'kinesis',
    });
    assert.equal(parseAuthorization({}, new URLSearchParams(presignedQuery())).service, 'sts');
  });

  it('answers what kinesalite recorded', () => {
    const header = 'AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc';
    assert.throws(() => parseAuthorization({ authorization: header, 'x-amz-date': '20150830T123600Z' }, new URLSearchParams()), {
      code: 'IncompleteSignatureException',
      message: `Authorization header requires 'Credential' parameter. Authorization=${header}`,
    });
    assert.throws(() => parseAuthorization({}, new URLSearchParams()), { code: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
    assert.throws(() => parseAuthorization({ authorization: goodHeader }, new URLSearchParams(presignedQuery())), { code: 'InvalidSignatureException' });
  });
});

describe('authErrors', () => {
  it('words the access-key and session-token refusals of both flavors as AWS does', () => {
    const expected = [
      ['json', 'unrecognizedClient', 'UnrecognizedClientException', 400, 'The security token included in the request is invalid.'],
      ['json', 'invalidSessionToken', 'UnrecognizedClientException', 400, 'The security token included in the request is invalid'],
      ['json', 'expiredToken', 'ExpiredTokenException', 400, 'The security token included in the request is expired'],
      ['query', 'unrecognizedClient', 'InvalidClientTokenId', 403, 'The security token included in the request is invalid.'],
      ['query', 'invalidSessionToken', 'InvalidClientTokenId', 403, 'The security token included in the request is invalid.'],
      ['query', 'expiredToken', 'ExpiredToken', 403, 'The security token included in the request is expired'],
    ] as const;
    for (const [flavor, factory, code, status, message] of expected) {
      const error = authErrors[flavor][factory]();
      assert.deepEqual({ code: error.code, status: error.status, message: error.message }, { code, status, message });
    }
  });
});
