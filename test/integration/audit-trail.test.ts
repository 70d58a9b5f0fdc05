// The audit trail of management calls (issue 8, scope 5) as a user sees it through
// CloudTrail LookupEvents: who called StartStreamEncryption, when, with what key, and
// whether it succeeded; never the data path, never a secret or a payload.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateStreamCommand, PutRecordCommand, PutRecordsCommand, StartStreamEncryptionCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { CreateKeyCommand, DisableKeyCommand, EncryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { CreateDeliveryStreamCommand, PutRecordBatchCommand, StartDeliveryStreamEncryptionCommand } from '@aws-sdk/client-firehose';
import { DescribeTrailsCommand, LookupEventsCommand, type CloudTrailClient, type Event } from '@aws-sdk/client-cloudtrail';
import { httpVersions, kinesisClient, startServer, testCredentials, uniqueName, type TestServer } from '../helpers/server.js';
import { kmsClient } from '../helpers/kms.js';
import { waitForStreamStatus } from '../helpers/streams.js';
import { cloudTrailClient, lookupAll, recordOf } from '../helpers/cloudtrail.js';
import { bucketArn, firehoseClient, roleArn, waitActive } from '../helpers/firehose.js';

const accountId = '000000000000';
const payloadMarker = 'payload-that-must-never-be-on-record';
const plaintextMarker = 'plaintext-that-must-never-be-on-record';

for (const version of httpVersions) {
  describe(`audit trail and LookupEvents over ${version}`, () => {
    let server: TestServer;
    let kinesis: KinesisClient;
    let kms: KMSClient;
    let cloudTrail: CloudTrailClient;
    const stream = uniqueName('audited');
    const streamArn = () => `arn:aws:kinesis:us-east-1:${accountId}:stream/${stream}`;
    let keyArn = '';
    let disabledKeyArn = '';
    let dataKeyPlaintext = '';
    let startedAt = 0;
    let finishedAt = 0;

    before(async () => {
      server = await startServer();
      kinesis = kinesisClient(server.endpoint, version);
      kms = kmsClient(server.endpoint);
      cloudTrail = cloudTrailClient(server.endpoint, version);
      startedAt = Date.now();
      await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }));
      await waitForStreamStatus(kinesis, stream);
      keyArn = (await kms.send(new CreateKeyCommand({ Description: 'audited key' }))).KeyMetadata!.Arn!;
      disabledKeyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
      await kms.send(new DisableKeyCommand({ KeyId: disabledKeyArn }));
      await kinesis.send(new StartStreamEncryptionCommand({ StreamName: stream, EncryptionType: 'KMS', KeyId: keyArn }));
      await waitForStreamStatus(kinesis, stream);
      await assert.rejects(kinesis.send(new StartStreamEncryptionCommand({ StreamName: stream, EncryptionType: 'KMS', KeyId: disabledKeyArn })), { name: 'KMSDisabledException' });
      await kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'pk', Data: Buffer.from(payloadMarker) }));
      await kinesis.send(new PutRecordsCommand({ StreamName: stream, Records: [{ PartitionKey: 'pk', Data: Buffer.from(payloadMarker) }] }));
      await kms.send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from(plaintextMarker) }));
      dataKeyPlaintext = Buffer.from((await kms.send(new GenerateDataKeyCommand({ KeyId: keyArn, KeySpec: 'AES_256' }))).Plaintext!).toString('base64');
      finishedAt = Date.now();
    });
    after(async () => {
      kinesis.destroy();
      kms.destroy();
      cloudTrail.destroy();
      await server.close();
    });

    const byName = (events: Event[], name: string) => events.filter((event) => event.EventName === name);

    it('records StartStreamEncryption, allowed and refused, with who, when, which key and the outcome, newest first', async () => {
      const { events } = await lookupAll(cloudTrail, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'StartStreamEncryption' }] });
      const ours = events.filter((event) => recordOf(event).requestParameters?.streamName === stream);
      assert.equal(ours.length, 2);
      const [refused, allowed] = ours.map(recordOf);
      for (const [event, record] of [[ours[0]!, refused], [ours[1]!, allowed]] as const) {
        assert.equal(event.EventSource, 'kinesis.amazonaws.com');
        assert.equal(event.Username, 'root');
        assert.equal(event.AccessKeyId, testCredentials.accessKeyId);
        assert.equal(event.ReadOnly, 'false');
        assert.equal(event.EventId, record.eventID);
        assert.ok(event.EventTime!.getTime() >= Math.floor(startedAt / 1000) * 1000 && event.EventTime!.getTime() <= finishedAt);
        assert.equal(record.eventVersion, '1.09');
        assert.deepEqual(record.userIdentity, { type: 'Root', principalId: accountId, arn: `arn:aws:iam::${accountId}:root`, accountId, accessKeyId: testCredentials.accessKeyId });
        assert.match(record.eventTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        assert.equal(record.eventSource, 'kinesis.amazonaws.com');
        assert.equal(record.eventName, 'StartStreamEncryption');
        assert.equal(record.awsRegion, 'us-east-1');
        assert.equal(record.sourceIPAddress, '127.0.0.1');
        assert.match(record.userAgent, /aws-sdk-js/);
        assert.match(record.requestID, /^[0-9a-f-]{36}$/);
        assert.match(record.eventID, /^[0-9a-f-]{36}$/);
        assert.equal(record.readOnly, false);
        assert.equal(record.eventType, 'AwsApiCall');
        assert.equal(record.managementEvent, true);
        assert.equal(record.recipientAccountId, accountId);
        assert.equal(record.responseElements, null);
        assert.ok(event.Resources!.some((resource) => resource.ResourceType === 'AWS::Kinesis::Stream' && resource.ResourceName === streamArn()));
      }
      assert.deepEqual(allowed.requestParameters, { streamName: stream, encryptionType: 'KMS', keyId: keyArn });
      assert.equal(allowed.errorCode, undefined);
      assert.ok(allowed.resources.some((resource: { ARN: string; type: string }) => resource.ARN === keyArn && resource.type === 'AWS::KMS::Key'));
      assert.deepEqual(refused.requestParameters, { streamName: stream, encryptionType: 'KMS', keyId: disabledKeyArn });
      assert.equal(refused.errorCode, 'KMSDisabledException');
      assert.equal(refused.errorMessage, `${disabledKeyArn} is disabled.`);
      assert.ok(ours[0]!.Resources!.some((resource) => resource.ResourceType === 'AWS::KMS::Key' && resource.ResourceName === disabledKeyArn));
    });

    it('filters by ResourceName (ARN or name), Username, EventSource, ResourceType and EventId', async () => {
      const byStreamName = (await lookupAll(cloudTrail, { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: stream }] })).events;
      assert.deepEqual(byStreamName.map((event) => event.EventName), ['StartStreamEncryption', 'StartStreamEncryption', 'CreateStream']);
      const byStreamArn = (await lookupAll(cloudTrail, { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: streamArn() }] })).events;
      assert.deepEqual(byStreamArn.map((event) => event.EventId), byStreamName.map((event) => event.EventId));

      const byKey = (await lookupAll(cloudTrail, { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: keyArn }] })).events;
      assert.deepEqual(byKey.map((event) => event.EventName), ['StartStreamEncryption', 'CreateKey']);

      const kmsEvents = (await lookupAll(cloudTrail, { LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'kms.amazonaws.com' }] })).events;
      assert.equal(byName(kmsEvents, 'CreateKey').length, 2);
      assert.equal(byName(kmsEvents, 'DisableKey').length, 1);
      assert.ok(kmsEvents.every((event) => event.EventSource === 'kms.amazonaws.com'));

      const root = (await lookupAll(cloudTrail, { LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'root' }] })).events;
      assert.equal(root.length, 6);
      assert.equal((await lookupAll(cloudTrail, { LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'alice' }] })).events.length, 0);

      const keys = (await lookupAll(cloudTrail, { LookupAttributes: [{ AttributeKey: 'ResourceType', AttributeValue: 'AWS::KMS::Key' }] })).events;
      assert.deepEqual(keys.map((event) => event.EventName).sort(), ['CreateKey', 'CreateKey', 'DisableKey', 'StartStreamEncryption', 'StartStreamEncryption']);

      const one = (await lookupAll(cloudTrail, { LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: root[2]!.EventId! }] })).events;
      assert.deepEqual(one.map((event) => event.EventId), [root[2]!.EventId]);
      const accessKey = (await lookupAll(cloudTrail, { LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: testCredentials.accessKeyId }] })).events;
      assert.equal(accessKey.length, 6);
      assert.equal((await lookupAll(cloudTrail, { LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'true' }] })).events.length, 0);
    });

    it('never records the data path: PutRecord, PutRecords, Encrypt, GenerateDataKey', async () => {
      const { events } = await lookupAll(cloudTrail);
      assert.deepEqual(events.map((event) => event.EventName), ['StartStreamEncryption', 'StartStreamEncryption', 'DisableKey', 'CreateKey', 'CreateKey', 'CreateStream']);
      for (const name of ['PutRecord', 'PutRecords', 'Encrypt', 'GenerateDataKey', 'DescribeStreamSummary', 'LookupEvents']) {
        assert.equal((await lookupAll(cloudTrail, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }] })).events.length, 0, name);
      }
    });

    it('keeps no payload, plaintext or data key in any record', async () => {
      const { events } = await lookupAll(cloudTrail);
      const everything = JSON.stringify(events);
      for (const secret of [payloadMarker, Buffer.from(payloadMarker).toString('base64'), plaintextMarker, Buffer.from(plaintextMarker).toString('base64'), dataKeyPlaintext, testCredentials.secretAccessKey]) {
        assert.ok(!everything.includes(secret), `found ${secret}`);
      }
    });

    it('limits events to a time range', async () => {
      const all = (await lookupAll(cloudTrail)).events;
      const within = (await lookupAll(cloudTrail, { StartTime: new Date(startedAt - 1000), EndTime: new Date(finishedAt + 1000) })).events;
      assert.deepEqual(within.map((event) => event.EventId), all.map((event) => event.EventId));
      assert.equal((await lookupAll(cloudTrail, { StartTime: new Date(finishedAt + 2000) })).events.length, 0);
      assert.equal((await lookupAll(cloudTrail, { EndTime: new Date(startedAt - 2000) })).events.length, 0);
      // The newest event's own second, and nothing before it.
      const newest = all[0]!.EventTime!;
      const fromNewest = (await lookupAll(cloudTrail, { StartTime: newest })).events;
      assert.ok(fromNewest.length >= 1 && fromNewest.every((event) => event.EventTime!.getTime() >= newest.getTime()));
    });

    it('pages with NextToken, one event a page, in the same order as one page', async () => {
      const whole = await cloudTrail.send(new LookupEventsCommand({}));
      assert.equal(whole.NextToken, undefined);
      const paged = await lookupAll(cloudTrail, { MaxResults: 1 });
      assert.equal(paged.pages, whole.Events!.length);
      assert.deepEqual(paged.events.map((event) => event.EventId), whole.Events!.map((event) => event.EventId));
      const filtered = await lookupAll(cloudTrail, { MaxResults: 2, LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: stream }] });
      assert.deepEqual(filtered.events.map((event) => event.EventName), ['StartStreamEncryption', 'StartStreamEncryption', 'CreateStream']);
      assert.equal(filtered.pages, 2);
    });

    it('refuses a NextToken that was altered, made up, or used with other parameters', async () => {
      const first = await cloudTrail.send(new LookupEventsCommand({ MaxResults: 1 }));
      const token = first.NextToken!;
      const invalid = { name: 'InvalidNextTokenException' };
      await assert.rejects(cloudTrail.send(new LookupEventsCommand({ MaxResults: 1, NextToken: token.slice(0, -2) + (token.endsWith('A') ? 'BB' : 'AA') })), invalid);
      await assert.rejects(cloudTrail.send(new LookupEventsCommand({ NextToken: 'not-a-token' })), invalid);
      await assert.rejects(cloudTrail.send(new LookupEventsCommand({ MaxResults: 1, NextToken: token, LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'root' }] })), invalid);
      // MaxResults may change between pages, as in AWS; the filters may not.
      const second = await cloudTrail.send(new LookupEventsCommand({ MaxResults: 2, NextToken: token }));
      assert.equal(second.Events!.length, 2);
    });

    it('answers bad input with CloudTrail\'s errors', async () => {
      await assert.rejects(
        cloudTrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateStream' }, { AttributeKey: 'Username', AttributeValue: 'root' }] })),
        { name: 'InvalidLookupAttributesException', message: 'You can specify at most one lookup attribute.' },
      );
      await assert.rejects(cloudTrail.send(new LookupEventsCommand({ StartTime: new Date(finishedAt), EndTime: new Date(startedAt) })), {
        name: 'InvalidTimeRangeException',
        message: 'The start time must not be after the end time.',
      });
      await assert.rejects(cloudTrail.send(new LookupEventsCommand({ MaxResults: 51 })), { name: 'ValidationException' });
      await assert.rejects(cloudTrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Colour' as never, AttributeValue: 'x' }] })), { name: 'ValidationException' });
      assert.deepEqual((await cloudTrail.send(new LookupEventsCommand({ EventCategory: 'insight' }))).Events, []);
    });

    it('answers UnknownOperationException for CloudTrail operations it does not implement', async () => {
      await assert.rejects(cloudTrail.send(new DescribeTrailsCommand({})), { name: 'UnknownOperationException' });
    });
  });
}

describe('audit trail of Firehose', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('records CreateDeliveryStream and StartDeliveryStreamEncryption with the key, never PutRecordBatch or its records', async () => {
    const firehose = firehoseClient(server.endpoint);
    const kms = kmsClient(server.endpoint);
    const cloudTrail = cloudTrailClient(server.endpoint, 'h1');
    try {
      const name = uniqueName('hose');
      await firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: name, ExtendedS3DestinationConfiguration: { RoleARN: roleArn, BucketARN: bucketArn('audited') } }));
      await waitActive(firehose, name);
      await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: [{ Data: Buffer.from(payloadMarker) }] }));
      const keyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
      await firehose.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: name, DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: keyArn } }));

      const { events } = await lookupAll(cloudTrail, { LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'firehose.amazonaws.com' }] });
      assert.deepEqual(events.map((event) => event.EventName), ['StartDeliveryStreamEncryption', 'CreateDeliveryStream']);
      const hoseArn = `arn:aws:firehose:us-east-1:${accountId}:deliverystream/${name}`;
      assert.deepEqual(events[0]!.Resources, [
        { ResourceType: 'AWS::KinesisFirehose::DeliveryStream', ResourceName: hoseArn },
        { ResourceType: 'AWS::KMS::Key', ResourceName: keyArn },
      ]);
      assert.equal(recordOf(events[1]!).responseElements.deliveryStreamARN, hoseArn);
      const everything = JSON.stringify((await lookupAll(cloudTrail)).events);
      assert.ok(!everything.includes(payloadMarker) && !everything.includes(Buffer.from(payloadMarker).toString('base64')));
    } finally {
      firehose.destroy();
      kms.destroy();
      cloudTrail.destroy();
    }
  });
});
