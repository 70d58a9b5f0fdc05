// Strict mode and Firehose (issue 8): Firehose actions are authorized like every other, and
// a delivery stream encrypted under a customer CMK seals through Firehose's grant. The
// caller who starts encryption needs kms:DescribeKey and kms:CreateGrant on the key; since
// April 2026 producers need kms:GenerateDataKey and kms:Decrypt too (aws-wire.md §3.4
// rule 8). Also aws:SecureTransport, which only the HTTPS port sets.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import {
  CreateDeliveryStreamCommand,
  FirehoseClient,
  PutRecordBatchCommand,
  StartDeliveryStreamEncryptionCommand,
  type DeliveryStreamDescription,
} from '@aws-sdk/client-firehose';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';
import { removeDir, uniqueName, waitFor } from '../helpers/server.js';
import { accountId, allow, createUser, refused, startStrictServer, rootCredentials, Clients, type Credentials } from '../helpers/strict-auth.js';
import { bucketArn, objectsOf, roleArn, waitForDescription } from '../helpers/firehose.js';

function firehoseAs(endpoint: string, credentials: Credentials): FirehoseClient {
  return new FirehoseClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler({ requestTimeout: 30_000 }) });
}

const deliveryStreamArn = (name: string) => `arn:aws:firehose:us-east-1:${accountId}:deliverystream/${name}`;

describe('strict mode: Firehose', () => {
  it('authorizes Firehose actions, and seals a customer-CMK stream through its grant', async () => {
    const server = await startStrictServer();
    const root = new Clients(server.endpoint, rootCredentials, 'h1');
    const made: FirehoseClient[] = [];
    const as = (credentials: Credentials) => {
      const client = firehoseAs(server.endpoint, credentials);
      made.push(client);
      return client;
    };
    try {
      const key = (await root.kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
      const name = uniqueName('hose');
      const bucket = uniqueName('bucket');
      const create = new CreateDeliveryStreamCommand({
        DeliveryStreamName: name,
        ExtendedS3DestinationConfiguration: { RoleARN: roleArn, BucketARN: bucketArn(bucket), BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 } },
      });

      const outsider = await createUser(root.iam, { kinesis: allow('kinesis:*') });
      await refused(
        as(outsider.credentials).send(create),
        'AccessDeniedException',
        400,
        `User: ${outsider.arn} is not authorized to perform: firehose:CreateDeliveryStream on resource: ${deliveryStreamArn(name)} because no identity-based policy allows the firehose:CreateDeliveryStream action`,
      );

      // The owner may run Firehose, and create grants on the key, but has no kms:GenerateDataKey or kms:Decrypt.
      const owner = await createUser(root.iam, { firehose: allow('firehose:*'), grants: allow(['kms:CreateGrant', 'kms:DescribeKey', 'kms:RetireGrant'], key) });
      const ownerClient = as(owner.credentials);
      await ownerClient.send(create);
      await waitForDescription(ownerClient, name, (description: DeliveryStreamDescription) => description.DeliveryStreamStatus === 'ACTIVE');

      // Starting encryption needs kms:DescribeKey and kms:CreateGrant: without them Firehose says the key cannot be used.
      const noGrant = await createUser(root.iam, { firehose: allow('firehose:*') });
      await assert.rejects(
        as(noGrant.credentials).send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: name, DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: key } })),
        (error: Error) => {
          assert.equal(error.name, 'InvalidKMSResourceException');
          assert.match(error.message, new RegExp(`^User: ${noGrant.arn} is not authorized to perform: kms:(DescribeKey|CreateGrant) on resource: ${key}`));
          return true;
        },
      );

      await ownerClient.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: name, DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: key } }));
      await waitForDescription(ownerClient, name, (description) => description.DeliveryStreamEncryptionConfiguration?.Status === 'ENABLED');
      // Since April 2026 AWS also asks producers to a customer-CMK stream for kms:GenerateDataKey
      // and kms:Decrypt of their own (aws-wire.md §3.4 rule 8); Firehose still seals with its grant.
      const bare = await createUser(root.iam, { put: allow('firehose:PutRecordBatch', deliveryStreamArn(name)) });
      await refused(
        as(bare.credentials).send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: [{ Data: Buffer.from('refused') }] })),
        'InvalidKMSResourceException',
        400,
        `User: ${bare.arn} is not authorized to perform: kms:GenerateDataKey on resource: ${key} because no identity-based policy allows the kms:GenerateDataKey action`,
      );
      const producer = await createUser(root.iam, { put: allow('firehose:PutRecordBatch', deliveryStreamArn(name)), kms: allow(['kms:GenerateDataKey', 'kms:Decrypt'], key) });
      const put = await as(producer.credentials).send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: [{ Data: Buffer.from('sealed-by-grant') }] }));
      assert.equal(put.FailedPutCount, 0);
      assert.equal(put.Encrypted, true);
      const delivered = await waitFor(async () => {
        const text = (await objectsOf(server.server.s3Dir, bucket)).map((object) => object.body.toString()).join('');
        return text.includes('sealed-by-grant') ? text : undefined;
      });
      assert.equal(delivered, 'sealed-by-grant');
    } finally {
      for (const client of made) client.destroy();
      root.destroy();
      await server.close();
      await removeDir(server.server.s3Dir);
    }
  });

  it('sets aws:SecureTransport only on the HTTPS port, over HTTP/1.1 and HTTP/2 alike', async () => {
    const server = await startStrictServer({ tlsPort: 0, tlsSelfSigned: true });
    const root = new Clients(server.endpoint, rootCredentials, 'h1');
    const clients: KinesisClient[] = [];
    try {
      const user = await createUser(root.iam, { tls: allow('kinesis:ListStreams', '*', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }) });
      const tls = server.server.tls!;
      const client = (endpoint: string, requestHandler: NodeHttpHandler | NodeHttp2Handler) => {
        const made = new KinesisClient({ endpoint, region: 'us-east-1', credentials: user.credentials, maxAttempts: 1, requestHandler });
        clients.push(made);
        return made;
      };
      const https1 = client(`https://127.0.0.1:${tls.port}`, new NodeHttpHandler({ httpsAgent: new https.Agent({ ca: tls.certificatePem }) }));
      const https2 = client(`https://127.0.0.1:${tls.port}`, new NodeHttp2Handler({ nodeHttp2ConnectOptions: { ca: tls.certificatePem } }));
      const plain1 = client(server.endpoint, new NodeHttpHandler({}));
      const plain2 = client(server.endpoint, new NodeHttp2Handler({}));
      await https1.send(new ListStreamsCommand({}));
      await https2.send(new ListStreamsCommand({}));
      for (const plain of [plain1, plain2]) {
        await refused(plain.send(new ListStreamsCommand({})), 'AccessDeniedException', 400, `User: ${user.arn} is not authorized to perform: kinesis:ListStreams on resource: arn:aws:kinesis:us-east-1:${accountId}:stream/* because no identity-based policy allows the kinesis:ListStreams action`);
      }
    } finally {
      for (const client of clients) client.destroy();
      root.destroy();
      await server.close();
    }
  });
});
