// Issue 8 in strict mode, the Kinesis side, over HTTP/2 and HTTP/1.1 through the AWS SDK
// v3 clients: who may put to and read from a stream encrypted with a customer CMK or
// alias/aws/kinesis (kms:GenerateDataKey for producers, kms:Decrypt for consumers, checked
// on every request even while key material is cached), and how signatures are refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  StartStreamEncryptionCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { DeleteUserPolicyCommand, GetUserCommand, PutUserPolicyCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/core/serde';
import { httpVersions, uniqueName } from '../helpers/server.js';
import { waitForStreamStatus } from '../helpers/streams.js';
import { allow, createUser, refused, rootCredentials, strictSuite } from '../helpers/strict-auth.js';

const kinesisAll = allow('kinesis:*');

async function encryptedStream(kinesis: KinesisClient, keyId: string): Promise<string> {
  const name = uniqueName('sse');
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
  await waitForStreamStatus(kinesis, name);
  await kinesis.send(new StartStreamEncryptionCommand({ StreamName: name, EncryptionType: 'KMS', KeyId: keyId }));
  await waitForStreamStatus(kinesis, name);
  return name;
}

async function firstIterator(kinesis: KinesisClient, stream: string): Promise<string> {
  const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
  return ShardIterator!;
}

for (const version of httpVersions) {
  describe(`strict mode: SSE permissions of producers and consumers (${version})`, () => {
    const s = strictSuite(version);

    it('a producer needs kms:GenerateDataKey on a customer CMK, a consumer kms:Decrypt, and a removed permission counts on the next request', async () => {
      const key = (await s.root.kms.send(new CreateKeyCommand({ Description: 'customer CMK' }))).KeyMetadata!;
      const stream = await encryptedStream(s.root.kinesis, key.Arn!);
      const producer = await createUser(s.root.iam, { kinesis: kinesisAll }, 'producer');
      const consumer = await createUser(s.root.iam, { kinesis: kinesisAll }, 'consumer');
      const asProducer = s.as(producer.credentials).kinesis;
      const asConsumer = s.as(consumer.credentials).kinesis;
      const noDataKey = `User: ${producer.arn} is not authorized to perform: kms:GenerateDataKey on resource: ${key.Arn} because no identity-based policy allows the kms:GenerateDataKey action`;

      await refused(asProducer.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'pk', Data: Buffer.from('one') })), 'KMSAccessDeniedException', 400, noDataKey);
      await refused(asProducer.send(new PutRecordsCommand({ StreamName: stream, Records: [{ PartitionKey: 'pk', Data: Buffer.from('one') }] })), 'KMSAccessDeniedException', 400, noDataKey);

      await s.root.iam.send(new PutUserPolicyCommand({ UserName: producer.name, PolicyName: 'datakey', PolicyDocument: JSON.stringify(allow('kms:GenerateDataKey', key.Arn!)) }));
      const put = await asProducer.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'pk', Data: Buffer.from('one') }));
      assert.equal(put.EncryptionType, 'KMS');
      const puts = await asProducer.send(new PutRecordsCommand({ StreamName: stream, Records: [{ PartitionKey: 'pk', Data: Buffer.from('two') }] }));
      assert.equal(puts.EncryptionType, 'KMS');
      assert.equal(puts.FailedRecordCount, 0);

      const iterator = await firstIterator(asConsumer, stream);
      await refused(asConsumer.send(new GetRecordsCommand({ ShardIterator: iterator })), 'KMSAccessDeniedException', 400, `User ${consumer.arn} is not authorized to decrypt records in stream ${stream}`);
      await s.root.iam.send(new PutUserPolicyCommand({ UserName: consumer.name, PolicyName: 'decrypt', PolicyDocument: JSON.stringify(allow('kms:Decrypt', key.Arn!)) }));
      const read = await asConsumer.send(new GetRecordsCommand({ ShardIterator: await firstIterator(asConsumer, stream) }));
      assert.deepEqual(read.Records!.map((record) => Buffer.from(record.Data!).toString()), ['one', 'two']);
      assert.ok(read.Records!.every((record) => record.EncryptionType === 'KMS'));

      // The key material is cached by now; the permission is still checked on every request.
      await s.root.iam.send(new DeleteUserPolicyCommand({ UserName: consumer.name, PolicyName: 'decrypt' }));
      await refused(asConsumer.send(new GetRecordsCommand({ ShardIterator: await firstIterator(asConsumer, stream) })), 'KMSAccessDeniedException', 400, `User ${consumer.arn} is not authorized to decrypt records in stream ${stream}`);
      await s.root.iam.send(new DeleteUserPolicyCommand({ UserName: producer.name, PolicyName: 'datakey' }));
      await refused(asProducer.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'pk', Data: Buffer.from('three') })), 'KMSAccessDeniedException', 400, noDataKey);
    });

    it('a user with kinesis permissions only puts to and reads from a stream encrypted with alias/aws/kinesis', async () => {
      const user = await createUser(s.root.iam, { kinesis: kinesisAll });
      const asUser = s.as(user.credentials).kinesis;
      const stream = await encryptedStream(asUser, 'alias/aws/kinesis');
      const put = await asUser.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'pk', Data: Buffer.from('managed') }));
      assert.equal(put.EncryptionType, 'KMS');
      const read = await asUser.send(new GetRecordsCommand({ ShardIterator: await firstIterator(asUser, stream) }));
      assert.deepEqual(read.Records!.map((record) => Buffer.from(record.Data!).toString()), ['managed']);
      assert.equal(read.Records![0]!.EncryptionType, 'KMS');
    });
  });

  describe(`strict mode: authentication failures (${version})`, () => {
    const s = strictSuite(version);
    const invalidToken = 'The security token included in the request is invalid.';

    it('refuses an unknown access key: UnrecognizedClientException from Kinesis, InvalidClientTokenId from IAM and STS', async () => {
      const stranger = s.as({ accessKeyId: 'AKIAZZZZZZZZZZZZZZZZ', secretAccessKey: rootCredentials.secretAccessKey });
      await refused(stranger.kinesis.send(new ListStreamsCommand({})), 'UnrecognizedClientException', 400, invalidToken);
      await refused(stranger.iam.send(new GetUserCommand({})), 'InvalidClientTokenId', 403, invalidToken);
      await refused(stranger.sts.send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, invalidToken);
    });

    it('refuses the right key with the wrong secret: InvalidSignatureException from Kinesis, SignatureDoesNotMatch from STS', async () => {
      const wrong = s.as({ accessKeyId: rootCredentials.accessKeyId, secretAccessKey: 'x'.repeat(40) });
      const mismatch = /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\./;
      await refused(wrong.kinesis.send(new ListStreamsCommand({})), 'InvalidSignatureException', 400, mismatch);
      await refused(wrong.sts.send(new GetCallerIdentityCommand({})), 'SignatureDoesNotMatch', 403, mismatch);
    });

    it('keeps calls that fail authentication off the audit trail', async () => {
      const name = uniqueName('unsigned');
      const wrong = s.as({ accessKeyId: rootCredentials.accessKeyId, secretAccessKey: 'x'.repeat(40) });
      await refused(wrong.kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 })), 'InvalidSignatureException', 400);
      const stranger = s.as({ accessKeyId: 'AKIAZZZZZZZZZZZZZZZZ', secretAccessKey: 'x'.repeat(40) });
      await refused(stranger.kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 })), 'UnrecognizedClientException', 400);
      const { Events } = await s.root.cloudTrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateStream' }] }));
      const unauthenticated = (Events ?? []).map((event) => JSON.parse(event.CloudTrailEvent!) as { errorCode?: string }).filter((record) => record.errorCode !== undefined);
      assert.deepEqual(unauthenticated, []);
    });

    it('refuses a signed request whose signature was changed by one hex digit', async () => {
      const url = new URL(s.server.endpoint);
      const signer = new SignatureV4({ service: 'kinesis', region: 'us-east-1', credentials: rootCredentials, sha256: Hash.bind(null, 'sha256') });
      // The request as the SDK's HttpRequest holds it (what SignatureV4.sign reads).
      const signed = (await signer.sign({
          method: 'POST',
          protocol: 'http:',
          hostname: url.hostname,
          port: Number(url.port),
          path: '/',
          headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.ListStreams' },
          query: {},
          body: '{}',
        })) as { headers: Record<string, string> };
      const send = (headers: Record<string, string>) =>
        new Promise<{ status: number; body: Record<string, string> }>((resolve, reject) => {
          const request = http.request({ host: url.hostname, port: url.port, method: 'POST', path: '/', headers, agent: false }, (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
          });
          request.on('error', reject);
          request.end('{}');
        });
      assert.equal((await send(signed.headers)).status, 200);
      const authorization = signed.headers.authorization!;
      const last = authorization.at(-1)!;
      const tampered = authorization.slice(0, -1) + (last === '0' ? '1' : '0');
      const answer = await send({ ...signed.headers, authorization: tampered });
      assert.equal(answer.status, 400);
      assert.equal(answer.body.__type, 'InvalidSignatureException');
      assert.match(answer.body.message ?? answer.body.Message!, /^The request signature we calculated does not match the signature you provided/);
    });

    it('refuses a request signed 20 minutes ago with "Signature expired"', async () => {
      const late = s.as(rootCredentials, -20 * 60_000);
      await refused(late.kinesis.send(new ListStreamsCommand({})), 'InvalidSignatureException', 400, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
    });

    it('refuses an access key at once when it is made inactive', async () => {
      const user = await createUser(s.root.iam, { kinesis: kinesisAll });
      const asUser = s.as(user.credentials);
      await asUser.kinesis.send(new ListStreamsCommand({}));
      await s.root.iam.send(new UpdateAccessKeyCommand({ UserName: user.name, AccessKeyId: user.credentials.accessKeyId, Status: 'Inactive' }));
      await refused(asUser.kinesis.send(new ListStreamsCommand({})), 'UnrecognizedClientException', 400, invalidToken);
      await refused(asUser.sts.send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, invalidToken);
      await s.root.iam.send(new UpdateAccessKeyCommand({ UserName: user.name, AccessKeyId: user.credentials.accessKeyId, Status: 'Active' }));
      await asUser.kinesis.send(new ListStreamsCommand({}));
    });
  });
}
