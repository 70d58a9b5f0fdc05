// The audit trail without a socket: which calls are recorded, what a record keeps of a
// call's parameters and answer (never a secret), and the trail's order and retention.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { auditView, hidden } from '../../src/protocol/audit-view.js';
import { loadModel } from '../../src/protocol/model.js';
import { ShapeEngine } from '../../src/protocol/shapes.js';
import type { AuditedCall, Caller, ServiceName } from '../../src/services/context.js';
import { isRecordedOperation } from '../../src/services/cloudtrail/domain/recorded-operations.js';
import { toEventRecord, usernameOf } from '../../src/services/cloudtrail/domain/event-record.js';
import { eventHistoryRetentionMs, TrailLog, trailLogName } from '../../src/services/cloudtrail/domain/trail-log.js';
import { MemoryEngine } from '../../src/storage/engines/memory.js';

const root: Caller = { accountId: '111122223333', principalArn: 'arn:aws:iam::111122223333:root', principalType: 'Account', principalId: '111122223333', accessKeyId: 'AKIAROOT', region: 'us-east-1', sourceIp: '10.0.0.1' };

/** A call as the dispatcher records it: input and output through the audit view of the service's model. */
function auditedCall(service: ServiceName, operation: string, input: unknown, output: unknown, caller: Caller = root): AuditedCall {
  const shapes = new ShapeEngine(loadModel(service));
  const model = shapes.model.operations[operation]!;
  return {
    eventTime: new Date('2025-03-04T05:06:07.890Z'),
    requestId: 'request-1',
    service,
    operation,
    region: 'us-east-1',
    sourceIp: '10.0.0.1',
    caller,
    accessKeyId: caller.accessKeyId,
    requestParameters: auditView(shapes, model.input!, input) as Record<string, unknown>,
    ...(model.output ? { responseElements: auditView(shapes, model.output, output) as Record<string, unknown> } : {}),
  };
}

describe('which calls are recorded', () => {
  const cases: Array<[ServiceName, string, boolean]> = [
    ['kinesis', 'CreateStream', true], ['kinesis', 'DeleteStream', true], ['kinesis', 'StartStreamEncryption', true], ['kinesis', 'StopStreamEncryption', true],
    ['kinesis', 'AddTagsToStream', true], ['kinesis', 'RemoveTagsFromStream', true], ['kinesis', 'TagResource', true], ['kinesis', 'UntagResource', true],
    ['kinesis', 'IncreaseStreamRetentionPeriod', true], ['kinesis', 'DecreaseStreamRetentionPeriod', true], ['kinesis', 'MergeShards', true], ['kinesis', 'SplitShard', true],
    ['kinesis', 'UpdateShardCount', true], ['kinesis', 'UpdateStreamMode', true], ['kinesis', 'RegisterStreamConsumer', true], ['kinesis', 'DeregisterStreamConsumer', true],
    ['kinesis', 'EnableEnhancedMonitoring', true], ['kinesis', 'DisableEnhancedMonitoring', true], ['kinesis', 'PutResourcePolicy', true], ['kinesis', 'DeleteResourcePolicy', true],
    ['kinesis', 'UpdateMaxRecordSize', true], ['kinesis', 'UpdateStreamWarmThroughput', true],
    ['kinesis', 'PutRecord', false], ['kinesis', 'PutRecords', false], ['kinesis', 'GetRecords', false], ['kinesis', 'GetShardIterator', false], ['kinesis', 'SubscribeToShard', false],
    ['kinesis', 'DescribeStream', false], ['kinesis', 'ListStreams', false], ['kinesis', 'ListTagsForStream', false],
    ['firehose', 'CreateDeliveryStream', true], ['firehose', 'DeleteDeliveryStream', true], ['firehose', 'UpdateDestination', true], ['firehose', 'StartDeliveryStreamEncryption', true],
    ['firehose', 'StopDeliveryStreamEncryption', true], ['firehose', 'TagDeliveryStream', true], ['firehose', 'UntagDeliveryStream', true],
    ['firehose', 'PutRecord', false], ['firehose', 'PutRecordBatch', false], ['firehose', 'DescribeDeliveryStream', false],
    ['kms', 'CreateKey', true], ['kms', 'ScheduleKeyDeletion', true], ['kms', 'CancelKeyDeletion', true], ['kms', 'EnableKey', true], ['kms', 'DisableKey', true],
    ['kms', 'EnableKeyRotation', true], ['kms', 'DisableKeyRotation', true], ['kms', 'RotateKeyOnDemand', true], ['kms', 'CreateAlias', true], ['kms', 'UpdateAlias', true],
    ['kms', 'DeleteAlias', true], ['kms', 'CreateGrant', true], ['kms', 'RetireGrant', true], ['kms', 'RevokeGrant', true], ['kms', 'PutKeyPolicy', true],
    ['kms', 'UpdateKeyDescription', true], ['kms', 'TagResource', true], ['kms', 'UntagResource', true],
    ['kms', 'Encrypt', false], ['kms', 'Decrypt', false], ['kms', 'ReEncrypt', false], ['kms', 'GenerateDataKey', false], ['kms', 'GenerateDataKeyWithoutPlaintext', false],
    ['kms', 'GenerateDataKeyPair', false], ['kms', 'GenerateRandom', false], ['kms', 'GenerateMac', false], ['kms', 'VerifyMac', false], ['kms', 'Sign', false], ['kms', 'Verify', false],
    ['kms', 'DescribeKey', false], ['kms', 'ListKeys', false], ['kms', 'GetKeyPolicy', false],
    ['iam', 'CreateUser', true], ['iam', 'DeleteUser', true], ['iam', 'CreateAccessKey', true], ['iam', 'UpdateAccessKey', true], ['iam', 'PutUserPolicy', true],
    ['iam', 'AttachUserPolicy', true], ['iam', 'DetachRolePolicy', true], ['iam', 'CreatePolicyVersion', true], ['iam', 'SetDefaultPolicyVersion', true], ['iam', 'AddUserToGroup', true],
    ['iam', 'GetUser', false], ['iam', 'ListUsers', false], ['iam', 'SimulatePrincipalPolicy', false],
    ['sts', 'AssumeRole', true], ['sts', 'GetSessionToken', true], ['sts', 'GetCallerIdentity', false],
    ['cloudtrail', 'LookupEvents', false], ['kinesis', 'NoSuchOperation', false],
  ];
  for (const [service, operation, recorded] of cases) {
    it(`${recorded ? 'records' : 'does not record'} ${service} ${operation}`, () => assert.equal(isRecordedOperation(service, operation), recorded));
  }
});

describe('what a record keeps', () => {
  it('hides IAM CreateAccessKey\'s SecretAccessKey and keeps the key id', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';
    const record = toEventRecord(auditedCall('iam', 'CreateAccessKey', { UserName: 'alice' }, { AccessKey: { UserName: 'alice', AccessKeyId: 'AKIAALICE', Status: 'Active', SecretAccessKey: secret, CreateDate: new Date(0) } }), 'event-1', '000000000000');
    assert.ok(!JSON.stringify(record).includes(secret));
    assert.deepEqual(record.responseElements, { accessKey: { userName: 'alice', accessKeyId: 'AKIAALICE', status: 'Active', secretAccessKey: hidden, createDate: '1970-01-01T00:00:00.000Z' } });
    assert.deepEqual(record.resources, [{ ARN: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', type: 'AWS::IAM::User' }]);
    assert.equal(record.eventSource, 'iam.amazonaws.com');
  });

  it('hides STS AssumeRole\'s SecretAccessKey and SessionToken (the model marks only the first sensitive)', () => {
    const credentials = { AccessKeyId: 'ASIASESSION', SecretAccessKey: 'secret-of-the-session', SessionToken: 'token-of-the-session', Expiration: new Date(0) };
    const record = toEventRecord(auditedCall('sts', 'AssumeRole', { RoleArn: 'arn:aws:iam::111122223333:role/reader', RoleSessionName: 'audit' }, { Credentials: credentials, AssumedRoleUser: { AssumedRoleId: 'AROAREADER:audit', Arn: 'arn:aws:sts::111122223333:assumed-role/reader/audit' } }), 'event-2', '000000000000');
    const text = JSON.stringify(record);
    assert.ok(!text.includes('secret-of-the-session') && !text.includes('token-of-the-session'));
    assert.deepEqual((record.responseElements!['credentials'] as Record<string, unknown>)['sessionToken'], hidden);
    assert.equal(record.readOnly, true);
    assert.deepEqual(record.resources, [{ ARN: 'arn:aws:iam::111122223333:role/reader', accountId: '111122223333', type: 'AWS::IAM::Role' }]);
  });

  it('hides KMS plaintexts, should a data-path call ever reach the trail', () => {
    const record = toEventRecord(auditedCall('kms', 'GenerateDataKey', { KeyId: 'alias/app', KeySpec: 'AES_256' }, { KeyId: 'arn:aws:kms:us-east-1:111122223333:key/k', Plaintext: Buffer.from('plain-key-bytes'), CiphertextBlob: Buffer.from('wrapped') }), 'event-3', '000000000000');
    assert.equal(record.responseElements!['plaintext'], hidden);
    assert.ok(!JSON.stringify(record).includes(Buffer.from('plain-key-bytes').toString('base64')));
  });

  it('drops Kinesis and Firehose record payloads whole, should a data-path call ever reach the trail', () => {
    const kinesis = toEventRecord(auditedCall('kinesis', 'PutRecords', { StreamName: 's', Records: [{ Data: Buffer.from('payload'), PartitionKey: 'pk' }] }, { FailedRecordCount: 0, Records: [] }), 'event-4', '000000000000');
    assert.deepEqual(kinesis.requestParameters, { streamName: 's' });
    const firehose = toEventRecord(auditedCall('firehose', 'PutRecordBatch', { DeliveryStreamName: 'd', Records: [{ Data: Buffer.from('payload') }] }, { FailedPutCount: 0, RequestResponses: [] }), 'event-5', '000000000000');
    assert.deepEqual(firehose.requestParameters, { deliveryStreamName: 'd' });
  });

  it('names the stream and the key of StartStreamEncryption, by key id, alias or ARN', () => {
    const byId = toEventRecord(auditedCall('kinesis', 'StartStreamEncryption', { StreamName: 'orders', EncryptionType: 'KMS', KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' }, undefined), 'e', '000000000000');
    assert.deepEqual(byId.resources, [
      { ARN: 'arn:aws:kinesis:us-east-1:111122223333:stream/orders', accountId: '111122223333', type: 'AWS::Kinesis::Stream' },
      { ARN: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', accountId: '111122223333', type: 'AWS::KMS::Key' },
    ]);
    const byAlias = toEventRecord(auditedCall('kinesis', 'StartStreamEncryption', { StreamName: 'orders', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }, undefined), 'e', '000000000000');
    assert.equal(byAlias.resources![1]!.ARN, 'arn:aws:kms:us-east-1:111122223333:alias/aws/kinesis');
    assert.equal(byAlias.resources![1]!.type, 'AWS::KMS::Alias');
  });

  it('writes a refused call with its error and no response, and a caller refused before it was known as Unknown', () => {
    const call: AuditedCall = { ...auditedCall('kinesis', 'DeleteStream', { StreamName: 'gone' }, undefined), caller: undefined, accessKeyId: 'AKIAWHO', errorCode: 'UnrecognizedClientException', errorMessage: 'The security token included in the request is invalid.' };
    const record = toEventRecord(call, 'event-6', '000000000000');
    assert.deepEqual(record.userIdentity, { type: 'Unknown', accessKeyId: 'AKIAWHO' });
    assert.equal(record.recipientAccountId, '000000000000');
    assert.equal(record.errorCode, 'UnrecognizedClientException');
    assert.equal(record.responseElements, null);
    assert.equal(record.eventTime, '2025-03-04T05:06:07Z');
  });

  it('describes IAM users and role sessions as CloudTrail does', () => {
    const user: Caller = { ...root, principalType: 'User', principalArn: 'arn:aws:iam::111122223333:user/alice', principalId: 'AIDAALICE', userName: 'alice', accessKeyId: 'AKIAALICE' };
    const userRecord = toEventRecord(auditedCall('kinesis', 'CreateStream', { StreamName: 's', ShardCount: 1 }, undefined, user), 'e', '0');
    assert.deepEqual(userRecord.userIdentity, { type: 'IAMUser', principalId: 'AIDAALICE', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', accessKeyId: 'AKIAALICE', userName: 'alice' });
    assert.equal(usernameOf(userRecord.userIdentity), 'alice');
    const session: Caller = { ...root, principalType: 'AssumedRole', principalArn: 'arn:aws:sts::111122223333:assumed-role/writer/job-7', principalId: 'AROAWRITER:job-7', roleArn: 'arn:aws:iam::111122223333:role/writer', accessKeyId: 'ASIAJOB' };
    const sessionRecord = toEventRecord(auditedCall('kinesis', 'CreateStream', { StreamName: 's', ShardCount: 1 }, undefined, session), 'e', '0');
    assert.deepEqual(sessionRecord.userIdentity.sessionContext, {
      sessionIssuer: { type: 'Role', principalId: 'AROAWRITER', arn: 'arn:aws:iam::111122223333:role/writer', accountId: '111122223333', userName: 'writer' },
      attributes: { mfaAuthenticated: 'false' },
    });
    assert.equal(usernameOf(sessionRecord.userIdentity), 'job-7');
  });
});

describe('the trail on the storage engine', () => {
  const recordNamed = (name: string) => toEventRecord(auditedCall('kinesis', 'CreateStream', { StreamName: name, ShardCount: 1 }, undefined), name, '0');

  it('keeps every one of many concurrent appends, in the order they were made, with dense sequence numbers', async () => {
    const engine = new MemoryEngine();
    await engine.open();
    const trail = new TrailLog({ engine });
    const names = Array.from({ length: 300 }, (_, index) => `stream-${index}`);
    await Promise.all(names.map((name) => trail.append(recordNamed(name))));
    const stored = [];
    for await (const event of trail.oldestFirst()) stored.push(event);
    assert.deepEqual(stored.map((event) => event.record.eventID), names);
    assert.deepEqual(stored.map((event) => event.seq), names.map((_, index) => index + 1));
    const newest = [];
    for await (const event of trail.newestFirst({ beforeSeq: 11, fromSeq: 3 })) newest.push(event.seq);
    assert.deepEqual(newest, [10, 9, 8, 7, 6, 5, 4, 3]);
    await engine.close();
  });

  it('rejects the appends of a failed write and goes on with the next ones', async () => {
    const engine = new MemoryEngine();
    await engine.open();
    const trail = new TrailLog({ engine });
    await trail.append(recordNamed('first'));
    // Another writer takes sequence number 2 behind the trail's back: the next append conflicts.
    await engine.append([{ log: trailLogName, afterSeq: 1, records: [{ seq: 2, arrival: Date.now(), payload: Buffer.from(JSON.stringify(recordNamed('intruder'))) }] }]);
    await assert.rejects(trail.append(recordNamed('lost')), { code: 'STORAGE_CONFLICT' });
    await trail.append(recordNamed('after'));
    const stored = [];
    for await (const event of trail.oldestFirst()) stored.push(event.record.eventID);
    assert.deepEqual(stored, ['first', 'intruder', 'after']);
    await engine.close();
  });

  it('drops records older than 90 days, lazily after an append', async () => {
    const engine = new MemoryEngine();
    await engine.open();
    const clock = { now: Date.parse('2025-01-01T00:00:00Z') };
    const trail = new TrailLog({ engine, now: () => clock.now });
    await trail.append(recordNamed('old'));
    clock.now += eventHistoryRetentionMs - 60 * 60 * 1000;
    await trail.append(recordNamed('recent'));
    clock.now += 2 * 60 * 60 * 1000;
    await trail.append(recordNamed('new'));
    await trail.flush();
    const stored = [];
    for await (const event of trail.oldestFirst()) stored.push(event.record.eventID);
    assert.deepEqual(stored, ['recent', 'new']);
    await engine.close();
  });
});
