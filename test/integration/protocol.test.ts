// The wire protocol as clients see it: transport, codecs, request-level errors and the
// error format (aws-wire.md §0, §1.10, §5.1–5.3).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { CborTimestamp } from '../../src/protocol/shapes.js';
import { spawnServer, startServer, uniqueName, waitFor, type TestServer } from '../helpers/server.js';
import { stopChild } from '../helpers/children.js';
import { authorization, cborCall, encodeCbor, jsonCall, kinesisHeaders, rawRequest } from '../helpers/raw.js';

describe('protocol', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  async function activeStream(shardCount = 1): Promise<string> {
    const name = uniqueName();
    assert.equal((await jsonCall(server.endpoint, 'CreateStream', { StreamName: name, ShardCount: shardCount })).status, 200);
    await waitFor(async () => {
      const described = await jsonCall(server.endpoint, 'DescribeStreamSummary', { StreamName: name });
      return (described.body.StreamDescriptionSummary as { StreamStatus: string }).StreamStatus === 'ACTIVE' ? true : undefined;
    });
    return name;
  }

  it('answers GET /health with 200 and JSON once it accepts requests', async () => {
    const response = await rawRequest(server.endpoint, { method: 'GET', headers: {} });
    assert.equal(response.status, 403); // GET / is not a service call
    const health = await fetch(`${server.endpoint}/health`);
    assert.equal(health.status, 200);
    const body = (await health.json()) as { status: string; storage: string };
    assert.equal(body.status, 'ok');
    assert.equal(body.storage, 'memory');
  });

  it('refuses a non-POST request with the XML AccessDeniedException', async () => {
    const response = await rawRequest(server.endpoint, { method: 'PUT', headers: {}, body: '' });
    assert.equal(response.status, 403);
    assert.match(response.body.toString(), /<AccessDeniedException>\s*<Message>Unable to determine service\/operation name to be authorized<\/Message>/);
  });

  it('answers an unknown operation with UnknownOperationException and no message', async () => {
    const response = await jsonCall(server.endpoint, 'NoSuchOperation', {});
    assert.equal(response.status, 400);
    assert.deepEqual(response.body, { __type: 'UnknownOperationException' });
    assert.equal(response.headers['x-amzn-errortype'], 'UnknownOperationException');
  });

  it('answers a request without a signature with MissingAuthenticationTokenException', async () => {
    const headers = kinesisHeaders('ListStreams');
    delete (headers as Record<string, string | undefined>).authorization;
    const response = await rawRequest(server.endpoint, { headers, body: '{}' });
    assert.equal(response.status, 400);
    assert.deepEqual(JSON.parse(response.body.toString()), { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
  });

  it('answers an Authorization header without Credential with IncompleteSignatureException', async () => {
    const bad = 'AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc';
    const response = await rawRequest(server.endpoint, { headers: { ...kinesisHeaders('ListStreams'), authorization: bad }, body: '{}' });
    const body = JSON.parse(response.body.toString());
    assert.equal(body.__type, 'IncompleteSignatureException');
    assert.equal(body.message, `Authorization header requires 'Credential' parameter. Authorization=${bad}`);
  });

  it('answers a body that is not a JSON object with SerializationException', async () => {
    for (const body of ['', 'not json', '[1]']) {
      const response = await rawRequest(server.endpoint, { headers: kinesisHeaders('ListStreams'), body });
      assert.equal(response.status, 400);
      assert.deepEqual(JSON.parse(response.body.toString()), { __type: 'SerializationException' });
    }
  });

  it('answers a wrongly typed member with SerializationException and a capital Message', async () => {
    const response = await jsonCall(server.endpoint, 'CreateStream', { StreamName: 'x', ShardCount: 'one' });
    assert.deepEqual(response.body, { __type: 'SerializationException', Message: 'class java.lang.String can not be converted to an Integer' });
  });

  it('rejects base64 that Node would silently accept', async () => {
    const name = await activeStream();
    const wrongLength = await jsonCall(server.endpoint, 'PutRecord', { StreamName: name, PartitionKey: 'a', Data: 'abc' });
    assert.deepEqual(wrongLength.body, {
      __type: 'SerializationException',
      Message: "'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3",
    });
    const badCharacter = await jsonCall(server.endpoint, 'PutRecord', { StreamName: name, PartitionKey: 'a', Data: 'ab*=' });
    assert.equal(badCharacter.body.Message, "'ab*=' can not be converted to a Blob: Invalid Base64 character: '*'");
  });

  it('reports constraint violations in AWS wording, all of them, before looking anything up', async () => {
    const response = await jsonCall(server.endpoint, 'CreateStream', { StreamName: '', ShardCount: 0 });
    assert.equal(response.status, 400);
    assert.equal(response.body.__type, 'ValidationException');
    assert.equal(
      response.body.message,
      "3 validation errors detected: Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    const missing = await jsonCall(server.endpoint, 'PutRecord', { StreamName: 'nowhere' });
    assert.equal(
      missing.body.message,
      "2 validation errors detected: Value null at 'data' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'partitionKey' failed to satisfy constraint: Member must not be null",
    );
  });

  it('names list members by 1-based index and shows blobs as Java buffers', async () => {
    const response = await jsonCall(server.endpoint, 'PutRecords', {
      StreamName: 'nowhere',
      Records: [{ Data: 'AAAA', PartitionKey: 'a' }, { Data: 'AAAA', PartitionKey: '' }],
    });
    assert.equal(
      response.body.message,
      "1 validation error detected: Value '' at 'records.2.member.partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('treats null members as absent and ignores unknown members', async () => {
    const response = await jsonCall(server.endpoint, 'ListStreams', { Limit: null, SomethingElse: 1 });
    assert.equal(response.status, 200);
    assert.ok(Array.isArray(response.body.StreamNames));
  });

  it('answers operations without output with 200 and an empty body', async () => {
    const response = await rawRequest(server.endpoint, { headers: kinesisHeaders('CreateStream'), body: JSON.stringify({ StreamName: uniqueName(), ShardCount: 1 }) });
    assert.equal(response.status, 200);
    assert.equal(response.body.length, 0);
    assert.match(String(response.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/);
    assert.ok(response.headers['x-amz-id-2']);
  });

  it('sends CORS headers when an Origin is present', async () => {
    const response = await rawRequest(server.endpoint, { headers: { ...kinesisHeaders('ListStreams'), origin: 'http://example.test' }, body: '{}' });
    assert.equal(response.headers['access-control-allow-origin'], '*');
    const preflight = await rawRequest(server.endpoint, {
      method: 'OPTIONS',
      headers: { origin: 'http://example.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-amz-target' },
    });
    assert.equal(preflight.status, 200);
    assert.equal(preflight.headers['access-control-max-age'], '172800');
    assert.equal(preflight.headers['access-control-allow-headers'], 'x-amz-target');
  });

  it('serves HTTP/2 with prior knowledge on the same port', async () => {
    const session = http2.connect(server.endpoint);
    try {
      const stream = session.request({ ':method': 'POST', ':path': '/', ...kinesisHeaders('ListStreams') });
      stream.end('{}');
      const [status, body] = await new Promise<[number, string]>((resolve, reject) => {
        let status = 0;
        let body = '';
        stream.on('response', (headers) => (status = Number(headers[':status'])));
        stream.on('data', (chunk: Buffer) => (body += chunk.toString()));
        stream.on('end', () => resolve([status, body]));
        stream.on('error', reject);
      });
      assert.equal(status, 200);
      assert.ok(Array.isArray(JSON.parse(body).StreamNames));
    } finally {
      session.close();
    }
  });

  it('answers an HTTP/2 request that waits for 100-continue before sending its body', async () => {
    const session = http2.connect(server.endpoint);
    try {
      const stream = session.request({ ':method': 'POST', ':path': '/', ...kinesisHeaders('ListStreams'), expect: '100-continue' }, { endStream: false });
      const [status, body] = await new Promise<[number, string]>((resolve, reject) => {
        let status = 0;
        let body = '';
        // The body goes only once the server said to go on, as a client that honours Expect does.
        stream.on('continue', () => stream.end('{}'));
        stream.on('response', (headers) => (status = Number(headers[':status'])));
        stream.on('data', (chunk: Buffer) => (body += chunk.toString()));
        stream.on('end', () => resolve([status, body]));
        stream.on('error', reject);
        setTimeout(() => reject(new Error('no 100-continue within 5 s')), 5_000).unref();
      });
      assert.equal(status, 200);
      assert.ok(Array.isArray(JSON.parse(body).StreamNames));
    } finally {
      session.close();
    }
  });

  it('keeps serving, and still shuts down, after a client resets an HTTP/2 stream in the middle of its body', async () => {
    const child = await spawnServer(['--in-memory']);
    try {
      const session = http2.connect(child.endpoint);
      try {
        const reset = session.request({ ':method': 'POST', ':path': '/', ...kinesisHeaders('ListStreams') }, { endStream: false });
        reset.write('{');
        reset.close(http2.constants.NGHTTP2_CANCEL);
        await new Promise((resolve) => reset.once('close', resolve));
        const stream = session.request({ ':method': 'POST', ':path': '/', ...kinesisHeaders('ListStreams') });
        stream.end('{}');
        const status = await new Promise<number>((resolve, reject) => {
          stream.on('response', (headers) => resolve(Number(headers[':status'])));
          stream.on('error', reject);
        });
        assert.equal(status, 200);
      } finally {
        session.close();
      }
      // SIGTERM lets requests in flight finish; one whose body never ended must not count as one.
      child.process.kill('SIGTERM');
      const code = await Promise.race([child.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 5_000).unref())]);
      assert.equal(code, 0, 'the server exits within 5 s of SIGTERM');
    } finally {
      await stopChild(child, 'SIGKILL');
    }
  });

  describe('CBOR 1.1', () => {
    it('takes blobs as byte strings and answers timestamps as tag 1 around integer milliseconds', async () => {
      const name = await activeStream();
      const data = Buffer.from([0, 1, 2, 250, 255]);
      const put = await cborCall(server.endpoint, 'PutRecord', { StreamName: name, PartitionKey: 'k', Data: data });
      assert.equal(put.status, 200);
      assert.equal(put.headers['content-type'], 'application/x-amz-cbor-1.1');
      const iterator = await cborCall(server.endpoint, 'GetShardIterator', { StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' });
      const records = await cborCall(server.endpoint, 'GetRecords', { ShardIterator: iterator.body.ShardIterator });
      const [record] = records.body.Records as Array<{ Data: Uint8Array; ApproximateArrivalTimestamp: unknown; SequenceNumber: string }>;
      assert.deepEqual(Buffer.from(record!.Data), data);
      assert.equal(record!.SequenceNumber, put.body.SequenceNumber);
      assert.ok(record!.ApproximateArrivalTimestamp instanceof CborTimestamp);
      const millis = (record!.ApproximateArrivalTimestamp as CborTimestamp).millis;
      assert.ok(Number.isInteger(millis) && Math.abs(millis - Date.now()) < 60_000, `tag 1 holds epoch milliseconds, got ${millis}`);
      // The member's value is c1 (tag 1) around an integer (major type 0), never a float (0xfb/0xfa).
      const key = Buffer.from('ApproximateArrivalTimestamp');
      const value = records.raw.indexOf(key) + key.length;
      assert.equal(records.raw[value], 0xc1);
      assert.equal(records.raw[value + 1]! >> 5, 0, 'tag 1 wraps an unsigned integer');
    });

    it('accepts a tag-1 millisecond timestamp in requests', async () => {
      const name = await activeStream();
      await cborCall(server.endpoint, 'PutRecord', { StreamName: name, PartitionKey: 'k', Data: Buffer.from('x') });
      const past = new CborTimestamp(Date.now() - 60_000);
      const iterator = await cborCall(server.endpoint, 'GetShardIterator', { StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: past });
      assert.equal(iterator.status, 200);
      const records = await cborCall(server.endpoint, 'GetRecords', { ShardIterator: iterator.body.ShardIterator });
      assert.equal((records.body.Records as unknown[]).length, 1);
    });

    it('answers errors in CBOR with __type and message', async () => {
      const response = await cborCall(server.endpoint, 'DescribeStream', { StreamName: 'wrong-stream-name' });
      assert.equal(response.status, 400);
      assert.equal(response.headers['content-type'], 'application/x-amz-cbor-1.1');
      assert.deepEqual(response.body, { __type: 'ResourceNotFoundException', message: 'Stream wrong-stream-name under account 000000000000 not found.' });
    });

    it('accepts indefinite-length maps as the Java SDK sends them', async () => {
      // bf 6a "StreamName" 6c "does-not-exist" ff
      const body = Buffer.concat([Buffer.from([0xbf, 0x6a]), Buffer.from('StreamName'), Buffer.from([0x6e]), Buffer.from('does-not-exist'), Buffer.from([0xff])]);
      const response = await cborCall(server.endpoint, 'DescribeStreamSummary', body);
      assert.equal(response.body.__type, 'ResourceNotFoundException');
      assert.equal(response.body.message, 'Stream does-not-exist under account 000000000000 not found.');
    });

    it('answers a body that is not CBOR with SerializationException', async () => {
      const response = await cborCall(server.endpoint, 'ListStreams', Buffer.from([0xff, 0x00]));
      assert.equal(response.status, 400);
      assert.equal(response.body.__type, 'SerializationException');
      assert.deepEqual(encodeCbor({}).length > 0, true);
    });
  });

  it('uses the region of the signature scope', async () => {
    const name = uniqueName();
    const west = authorization.replace('us-east-1', 'eu-west-1');
    const created = await rawRequest(server.endpoint, { headers: { ...kinesisHeaders('CreateStream'), authorization: west }, body: JSON.stringify({ StreamName: name, ShardCount: 1 }) });
    assert.equal(created.status, 200);
    const described = await rawRequest(server.endpoint, { headers: { ...kinesisHeaders('DescribeStreamSummary'), authorization: west }, body: JSON.stringify({ StreamName: name }) });
    assert.equal(JSON.parse(described.body.toString()).StreamDescriptionSummary.StreamARN, `arn:aws:kinesis:eu-west-1:000000000000:stream/${name}`);
    const elsewhere = await jsonCall(server.endpoint, 'DescribeStreamSummary', { StreamName: name });
    assert.equal(elsewhere.body.__type, 'ResourceNotFoundException');
  });
});
