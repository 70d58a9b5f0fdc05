// Signature verification on real sockets, with real clients: the AWS SDK v3 over HTTP/2
// (where it signs :authority) and HTTP/1.1 (where it signs host), a Query-protocol client
// (STS) with a session token, botocore's signer where python3 with boto3 is installed, and
// a client that signs host but sends it as :authority over HTTP/2, as the Java SDK v2 does.
// The handler is a stand-in for strict mode's dispatcher: parse, look the key up, verify.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import http2 from 'node:http2';
import { spawn, spawnSync } from 'node:child_process';
import { KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';
import { createLogger } from '../../src/log.js';
import { listen, type IncomingRequest, type ListeningServer, type OutgoingResponse } from '../../src/transport/server.js';
import { parseSignature } from '../../src/protocol/sigv4.js';
import { verifySignature } from '../../src/protocol/sigv4-verify.js';
import { authErrors, type AuthFlavor } from '../../src/protocol/errors.js';
import { AwsError } from '../../src/services/errors.js';
import { sdkSigned } from '../helpers/sigv4.js';

const user = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const temporary = { accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', sessionToken: 'IQoJb3JpZ2luX2VjEA8aCXVzLWVhc3QtMSJHMEUCIQ' };
const secrets = new Map([user, temporary].map((credentials) => [credentials.accessKeyId, credentials.secretAccessKey]));
const mismatch =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

interface Outcome {
  result: string;
  authorization: string | undefined;
  httpVersion: string;
}

function serviceOf(request: IncomingRequest): { service: string; flavor: AuthFlavor } {
  const target = request.headers['x-amz-target'] ?? '';
  if (target.startsWith('Kinesis_20131202.')) return { service: 'kinesis', flavor: 'json' };
  if (target.startsWith('TrentService.')) return { service: 'kms', flavor: 'json' };
  return { service: 'sts', flavor: 'query' };
}

const answers: Record<string, string> = {
  kinesis: '{"StreamNames":[],"HasMoreStreams":false}',
  kms: '{"Keys":[],"Truncated":false}',
  sts:
    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
    '<Arn>arn:aws:iam::000000000000:root</Arn><UserId>000000000000</UserId><Account>000000000000</Account>' +
    '</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
};

function respond(flavor: AuthFlavor, service: string, error?: AwsError): OutgoingResponse {
  if (flavor === 'json') {
    const body = error ? JSON.stringify({ __type: error.code, message: error.message }) : answers[service]!;
    const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
    if (error) headers['x-amzn-errortype'] = error.code;
    return { status: error?.status ?? 200, headers, body: Buffer.from(body) };
  }
  const body = error
    ? `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${error.code}</Code><Message>${error.message}</Message></Error><RequestId>1</RequestId></ErrorResponse>`
    : answers[service]!;
  return { status: error?.status ?? 200, headers: { 'content-type': 'text/xml' }, body: Buffer.from(body) };
}

describe('SigV4 verification with real clients', () => {
  let server: ListeningServer;
  let endpoint: string;
  const outcomes: Outcome[] = [];
  const lastOutcome = () => outcomes[outcomes.length - 1]!;

  before(async () => {
    server = await listen({
      host: '127.0.0.1',
      port: 0,
      log: createLogger('silent'),
      handle: async (request) => {
        const { service, flavor } = serviceOf(request);
        const outcome: Outcome = { result: 'verified', authorization: request.headers['authorization'], httpVersion: request.httpVersion };
        outcomes.push(outcome);
        try {
          const parsed = parseSignature(request, { flavor, now: new Date(), service });
          const secret = secrets.get(parsed.accessKeyId);
          if (secret === undefined) throw authErrors[flavor].unrecognizedClient();
          verifySignature(request, parsed, secret, flavor);
          return respond(flavor, service);
        } catch (error) {
          if (!(error instanceof AwsError)) throw error;
          outcome.result = error.code;
          return respond(flavor, service, error);
        }
      },
    });
    endpoint = `http://127.0.0.1:${server.port}`;
  });
  after(() => server.close());

  const kinesis = (version: 'h2' | 'h1', credentials: { accessKeyId: string; secretAccessKey: string } = user) =>
    new KinesisClient({
      endpoint,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
      requestHandler: version === 'h2' ? new NodeHttp2Handler({ sessionTimeout: 1000 }) : new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: false }) }),
    });

  for (const version of ['h2', 'h1'] as const) {
    it(`verifies the Kinesis SDK over ${version === 'h2' ? 'HTTP/2, signing :authority' : 'HTTP/1.1, signing host'}`, async () => {
      const client = kinesis(version);
      try {
        const output = await client.send(new ListStreamsCommand({}));
        assert.deepEqual(output.StreamNames, []);
        assert.equal(lastOutcome().result, 'verified');
        assert.equal(lastOutcome().httpVersion, version === 'h2' ? '2' : '1.1');
        assert.match(lastOutcome().authorization!, version === 'h2' ? /SignedHeaders=:authority;/ : /;host;/);
      } finally {
        client.destroy();
      }
    });

    it(`refuses a wrong secret with InvalidSignatureException over ${version}`, async () => {
      const client = kinesis(version, { ...user, secretAccessKey: 'not the secret' });
      try {
        await assert.rejects(client.send(new ListStreamsCommand({})), { name: 'InvalidSignatureException', message: mismatch });
      } finally {
        client.destroy();
      }
    });
  }

  it('verifies the KMS SDK, and refuses an access key it does not know', async () => {
    const client = new KMSClient({ endpoint, region: 'eu-west-1', credentials: user, maxAttempts: 1 });
    const stranger = new KMSClient({ endpoint, region: 'eu-west-1', credentials: { ...user, accessKeyId: 'AKIDUNKNOWN' }, maxAttempts: 1 });
    try {
      assert.deepEqual((await client.send(new ListKeysCommand({}))).Keys, []);
      await assert.rejects(stranger.send(new ListKeysCommand({})), {
        name: 'UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
      });
    } finally {
      client.destroy();
      stranger.destroy();
    }
  });

  it('verifies the STS SDK (Query protocol) with temporary credentials, and refuses a wrong secret with SignatureDoesNotMatch', async () => {
    const client = new STSClient({ endpoint, region: 'us-east-1', credentials: temporary, maxAttempts: 1 });
    const wrong = new STSClient({ endpoint, region: 'us-east-1', credentials: { ...temporary, secretAccessKey: 'wrong' }, maxAttempts: 1 });
    try {
      assert.equal((await client.send(new GetCallerIdentityCommand({}))).Account, '000000000000');
      assert.equal(lastOutcome().result, 'verified');
      await assert.rejects(wrong.send(new GetCallerIdentityCommand({})), (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(error.name, 'SignatureDoesNotMatch');
        assert.equal(error.message, mismatch);
        assert.equal(error.$metadata?.httpStatusCode, 403);
        return true;
      });
    } finally {
      client.destroy();
      wrong.destroy();
    }
  });

  it('verifies over HTTP/2 a request that signed host and sent it as :authority', async () => {
    const host = `127.0.0.1:${server.port}`;
    const signed = await sdkSigned(
      { headers: { host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.ListStreams' }, body: '{}' },
      { service: 'kinesis', signingDate: new Date(), credentials: user },
    );
    assert.match(signed.headers['authorization']!, /;host;/);
    const headers: http2.OutgoingHttpHeaders = { ':method': 'POST', ':path': '/', ':authority': host };
    for (const [name, value] of Object.entries(signed.headers)) if (name !== 'host' && !name.startsWith(':')) headers[name] = value;
    const session = http2.connect(endpoint);
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const stream = session.request(headers);
        stream.on('response', (response) => resolve(Number(response[':status'])));
        stream.on('error', reject);
        stream.end(signed.body);
        stream.resume();
      });
      assert.equal(status, 200);
      assert.equal(lastOutcome().result, 'verified');
    } finally {
      session.close();
    }
  });

  const hasBoto3 = spawnSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0;
  it('verifies botocore: a Query call, a JSON call, and a presigned URL', { skip: hasBoto3 ? false : 'python3 with boto3 is not installed' }, async () => {
    const script = `
import sys, urllib.request, boto3, botocore.config
endpoint = sys.argv[1]
config = botocore.config.Config(retries={'total_max_attempts': 1})
def client(name):
    return boto3.client(name, endpoint_url=endpoint, region_name='us-east-1', config=config,
        aws_access_key_id='${temporary.accessKeyId}', aws_secret_access_key='${temporary.secretAccessKey}', aws_session_token='${temporary.sessionToken}')
print(client('sts').get_caller_identity()['Account'])
print(client('kinesis').list_streams()['HasMoreStreams'])
# GET, as the AWS CLI's eks get-token presigns it: botocore signs the operation's POST otherwise.
url = client('sts').generate_presigned_url('get_caller_identity', ExpiresIn=60, HttpMethod='GET')
print(urllib.request.urlopen(url).status)
`;
    const before = outcomes.length;
    // Not spawnSync: the server answering botocore runs in this process.
    const run = await runPython(script, endpoint);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.stdout.trim().split('\n'), ['000000000000', 'False', '200']);
    assert.deepEqual(outcomes.slice(before).map((outcome) => outcome.result), ['verified', 'verified', 'verified']);
    assert.equal(outcomes[before + 2]!.authorization, undefined, 'the presigned URL carries no Authorization header');
  });
});

function runPython(script: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', script, ...args], { timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
