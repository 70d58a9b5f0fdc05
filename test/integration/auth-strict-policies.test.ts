// Issue 8 in strict mode, the policy side, through the AWS SDK v3 clients over HTTP/2 and
// HTTP/1.1: identity policies (Deny over Allow, wildcards, conditions, managed policies,
// NotAction), KMS key policies that must allow and grants, roles assumed through STS and
// their sessions' expiry, the CloudTrail record of who encrypted a stream, and open mode.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateStreamCommand, DeleteStreamCommand, ListStreamsCommand, StartStreamEncryptionCommand } from '@aws-sdk/client-kinesis';
import { CreateGrantCommand, CreateKeyCommand, EncryptCommand, GenerateDataKeyCommand, RetireGrantCommand } from '@aws-sdk/client-kms';
import { AttachUserPolicyCommand, CreatePolicyCommand, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { httpVersions, kinesisClient, startServer, uniqueName } from '../helpers/server.js';
import { stsClient } from '../helpers/iam.js';
import { waitForStreamStatus } from '../helpers/streams.js';
import { lookupAll, recordOf } from '../helpers/cloudtrail.js';
import { accountId, allow, Clients, createUser, refused, rootCredentials, strictSuite, type Credentials } from '../helpers/strict-auth.js';

const streamArn = (name: string) => `arn:aws:kinesis:us-east-1:${accountId}:stream/${name}`;
const notAllowed = (principal: string, action: string, resource: string) =>
  `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;
const denied = (principal: string, action: string, resource: string) =>
  `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in an identity-based policy`;
const noKeyPolicy = (principal: string, action: string, key: string) =>
  `User: ${principal} is not authorized to perform: ${action} on resource: ${key} because no resource-based policy allows the ${action} action`;

for (const version of httpVersions) {
  describe(`strict mode: identity policies (${version})`, () => {
    const s = strictSuite(version);

    it('refuses an action no policy allows, naming user, action and resource', async () => {
      const user = await createUser(s.root.iam, { read: allow(['kinesis:List*', 'kinesis:Describe*']) });
      const kinesis = s.as(user.credentials).kinesis;
      await kinesis.send(new ListStreamsCommand({}));
      const name = uniqueName('denied');
      await refused(kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 })), 'AccessDeniedException', 400, notAllowed(user.arn, 'kinesis:CreateStream', streamArn(name)));
    });

    it('an explicit Deny overrides an Allow', async () => {
      const user = await createUser(s.root.iam, {
        all: allow('kinesis:*'),
        deny: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'kinesis:DeleteStream', Resource: '*' }] },
      });
      const kinesis = s.as(user.credentials).kinesis;
      const name = uniqueName('kept');
      await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
      await refused(kinesis.send(new DeleteStreamCommand({ StreamName: name })), 'AccessDeniedException', 400, denied(user.arn, 'kinesis:DeleteStream', streamArn(name)));
    });

    it('matches Resource wildcards', async () => {
      const prefix = uniqueName('team');
      const user = await createUser(s.root.iam, { team: allow('kinesis:CreateStream', `arn:aws:kinesis:*:${accountId}:stream/${prefix}-*`) });
      const kinesis = s.as(user.credentials).kinesis;
      await kinesis.send(new CreateStreamCommand({ StreamName: `${prefix}-a`, ShardCount: 1 }));
      const other = uniqueName('other');
      await refused(kinesis.send(new CreateStreamCommand({ StreamName: other, ShardCount: 1 })), 'AccessDeniedException', 400, notAllowed(user.arn, 'kinesis:CreateStream', streamArn(other)));
    });

    it('evaluates Condition blocks: aws:RequestedRegion and aws:SourceIp', async () => {
      const user = await createUser(s.root.iam, {
        region: allow('kinesis:ListStreams', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }),
        ip: allow('kinesis:CreateStream', '*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }),
        loopback: allow('kinesis:DescribeStreamSummary', '*', { Condition: { IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } } }),
      });
      await s.as(user.credentials).kinesis.send(new ListStreamsCommand({}));
      await refused(s.as(user.credentials, undefined, 'eu-west-1').kinesis.send(new ListStreamsCommand({})), 'AccessDeniedException', 400, /is not authorized to perform: kinesis:ListStreams on resource: .* because no identity-based policy allows the kinesis:ListStreams action$/);
      const name = uniqueName('ip');
      await refused(s.as(user.credentials).kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 })), 'AccessDeniedException', 400, notAllowed(user.arn, 'kinesis:CreateStream', streamArn(name)));
      await s.root.kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
      await waitForStreamStatus(s.as(user.credentials).kinesis, name);
    });

    it('a managed policy attached with AttachUserPolicy grants what it allows', async () => {
      const user = await createUser(s.root.iam);
      const kinesis = s.as(user.credentials).kinesis;
      await refused(kinesis.send(new ListStreamsCommand({})), 'AccessDeniedException', 400, /because no identity-based policy allows the kinesis:ListStreams action$/);
      const { Policy } = await s.root.iam.send(new CreatePolicyCommand({ PolicyName: uniqueName('list'), PolicyDocument: JSON.stringify(allow('kinesis:ListStreams')) }));
      await s.root.iam.send(new AttachUserPolicyCommand({ UserName: user.name, PolicyArn: Policy!.Arn! }));
      await kinesis.send(new ListStreamsCommand({}));
    });

    it('NotAction allows everything but the actions it names', async () => {
      const user = await createUser(s.root.iam, { most: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'kinesis:DeleteStream', Resource: '*' }] } });
      const kinesis = s.as(user.credentials).kinesis;
      const name = uniqueName('notaction');
      await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
      await refused(kinesis.send(new DeleteStreamCommand({ StreamName: name })), 'AccessDeniedException', 400, notAllowed(user.arn, 'kinesis:DeleteStream', streamArn(name)));
    });
  });

  describe(`strict mode: KMS key policies and grants (${version})`, () => {
    const s = strictSuite(version);

    it('a key policy naming one user directly lets only that user use the key, not IAM-only users nor the root; grants add and RetireGrant removes', async () => {
      const owner = await createUser(s.root.iam, {}, 'owner');
      const other = await createUser(s.root.iam, { kms: allow('kms:*') }, 'other');
      const policy = { Version: '2012-10-17', Statement: [{ Sid: 'owner only', Effect: 'Allow', Principal: { AWS: owner.arn }, Action: 'kms:*', Resource: '*' }] };
      const key = (await s.root.kms.send(new CreateKeyCommand({ Policy: JSON.stringify(policy), BypassPolicyLockoutSafetyCheck: true }))).KeyMetadata!;
      const asOwner = s.as(owner.credentials).kms;
      const asOther = s.as(other.credentials).kms;
      const plaintext = Buffer.from('secret');

      await asOwner.send(new EncryptCommand({ KeyId: key.Arn!, Plaintext: plaintext }));
      await refused(asOther.send(new EncryptCommand({ KeyId: key.Arn!, Plaintext: plaintext })), 'AccessDeniedException', 400, noKeyPolicy(other.arn, 'kms:Encrypt', key.Arn!));
      await refused(s.root.kms.send(new EncryptCommand({ KeyId: key.Arn!, Plaintext: plaintext })), 'AccessDeniedException', 400, noKeyPolicy(`arn:aws:iam::${accountId}:root`, 'kms:Encrypt', key.Arn!));

      const grant = await asOwner.send(new CreateGrantCommand({ KeyId: key.Arn!, GranteePrincipal: other.arn, Operations: ['Encrypt', 'GenerateDataKey'] }));
      await asOther.send(new EncryptCommand({ KeyId: key.Arn!, Plaintext: plaintext }));
      const dataKey = await asOther.send(new GenerateDataKeyCommand({ KeyId: key.Arn!, KeySpec: 'AES_256' }));
      assert.equal(dataKey.Plaintext!.length, 32);
      await asOwner.send(new RetireGrantCommand({ KeyId: key.Arn!, GrantId: grant.GrantId! }));
      await refused(asOther.send(new EncryptCommand({ KeyId: key.Arn!, Plaintext: plaintext })), 'AccessDeniedException', 400, noKeyPolicy(other.arn, 'kms:Encrypt', key.Arn!));
    });
  });

  describe(`strict mode: roles through STS (${version})`, () => {
    const s = strictSuite(version);

    it('AssumeRole by a user the trust policy names gives credentials for what the role allows and nothing else; others are refused; a wrong session token is refused', async () => {
      const assumeAny = allow('sts:AssumeRole');
      const alice = await createUser(s.root.iam, { assume: assumeAny }, 'alice');
      const bob = await createUser(s.root.iam, { assume: assumeAny }, 'bob');
      const roleName = uniqueName('reader');
      const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole' }] };
      const { Role } = await s.root.iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(trust) }));
      await s.root.iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'list', PolicyDocument: JSON.stringify(allow('kinesis:ListStreams')) }));

      const assumed = await s.as(alice.credentials).sts.send(new AssumeRoleCommand({ RoleArn: Role!.Arn!, RoleSessionName: 'work' }));
      const session: Credentials = { accessKeyId: assumed.Credentials!.AccessKeyId!, secretAccessKey: assumed.Credentials!.SecretAccessKey!, sessionToken: assumed.Credentials!.SessionToken! };
      const sessionArn = `arn:aws:sts::${accountId}:assumed-role/${roleName}/work`;
      const asRole = s.as(session);
      const identity = await asRole.sts.send(new GetCallerIdentityCommand({}));
      assert.deepEqual({ UserId: identity.UserId, Account: identity.Account, Arn: identity.Arn }, { UserId: `${Role!.RoleId}:work`, Account: accountId, Arn: sessionArn });
      await asRole.kinesis.send(new ListStreamsCommand({}));
      const name = uniqueName('nope');
      await refused(asRole.kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 })), 'AccessDeniedException', 400, notAllowed(sessionArn, 'kinesis:CreateStream', streamArn(name)));

      // STS answers AccessDenied with HTTP 403.
      await assert.rejects(s.as(bob.credentials).sts.send(new AssumeRoleCommand({ RoleArn: Role!.Arn!, RoleSessionName: 'work' })), (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(error.name, 'AccessDenied');
        assert.equal(error.$metadata?.httpStatusCode, 403);
        assert.match(error.message, new RegExp(`^User: ${bob.arn} is not authorized to perform: sts:AssumeRole on resource: ${Role!.Arn!.replace(/[/.]/g, '\\$&')}`));
        return true;
      });

      const token = session.sessionToken!;
      const wrongToken = { ...session, sessionToken: token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA') };
      // Kinesis's text for a session token that names no session has no final full stop.
      await refused(s.as(wrongToken).kinesis.send(new ListStreamsCommand({})), 'UnrecognizedClientException', 400, 'The security token included in the request is invalid');
      await refused(s.as(wrongToken).sts.send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
    });
  });

  describe(`strict mode: expired sessions (${version})`, () => {
    let clock = Date.now();
    const s = strictSuite(version, { authClock: () => clock });

    it('a session past its DurationSeconds answers ExpiredTokenException (Kinesis) and ExpiredToken (STS)', async () => {
      const roleName = uniqueName('short');
      const { Role } = await s.root.iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }] }) }));
      await s.root.iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'list', PolicyDocument: JSON.stringify(allow('kinesis:ListStreams')) }));
      const assumed = await s.root.sts.send(new AssumeRoleCommand({ RoleArn: Role!.Arn!, RoleSessionName: 'brief', DurationSeconds: 900 }));
      const session: Credentials = { accessKeyId: assumed.Credentials!.AccessKeyId!, secretAccessKey: assumed.Credentials!.SecretAccessKey!, sessionToken: assumed.Credentials!.SessionToken! };
      await s.as(session).kinesis.send(new ListStreamsCommand({}));
      const advance = 16 * 60_000;
      clock += advance;
      const late = s.as(session, advance);
      await refused(late.kinesis.send(new ListStreamsCommand({})), 'ExpiredTokenException', 400, 'The security token included in the request is expired');
      await refused(late.sts.send(new GetCallerIdentityCommand({})), 'ExpiredToken', 403, 'The security token included in the request is expired');
      // The root's long-term key is still good at the same clock.
      await s.as(rootCredentials, advance).kinesis.send(new ListStreamsCommand({}));
    });
  });

  describe(`strict mode: the audit trail of StartStreamEncryption (${version})`, () => {
    const s = strictSuite(version);

    it('LookupEvents shows who encrypted a stream, when and with which key, and a refused attempt with its error; it needs cloudtrail:LookupEvents', async () => {
      const key = (await s.root.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
      const alice = await createUser(s.root.iam, { kinesis: allow('kinesis:*'), kms: allow('kms:*', key.Arn!) }, 'alice');
      const bob = await createUser(s.root.iam, { read: allow(['kinesis:Describe*', 'kinesis:List*']) }, 'bob');
      const asAlice = s.as(alice.credentials).kinesis;
      const stream = uniqueName('audited');
      await asAlice.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }));
      await waitForStreamStatus(asAlice, stream);
      await refused(s.as(bob.credentials).kinesis.send(new StartStreamEncryptionCommand({ StreamName: stream, EncryptionType: 'KMS', KeyId: key.Arn! })), 'AccessDeniedException', 400, notAllowed(bob.arn, 'kinesis:StartStreamEncryption', streamArn(stream)));
      const before = Date.now();
      await asAlice.send(new StartStreamEncryptionCommand({ StreamName: stream, EncryptionType: 'KMS', KeyId: key.Arn! }));
      const after = Date.now();

      const { events } = await lookupAll(s.root.cloudTrail, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'StartStreamEncryption' }] });
      const ours = events.filter((event) => recordOf(event).requestParameters?.streamName === stream);
      assert.equal(ours.length, 2);
      const [allowed, refusedEvent] = ours;
      const record = recordOf(allowed!);
      assert.equal(allowed!.Username, alice.name);
      assert.equal(allowed!.AccessKeyId, alice.credentials.accessKeyId);
      assert.ok(allowed!.EventTime!.getTime() >= Math.floor(before / 1000) * 1000 && allowed!.EventTime!.getTime() <= after);
      assert.deepEqual(record.userIdentity, { type: 'IAMUser', principalId: alice.userId, arn: alice.arn, accountId, accessKeyId: alice.credentials.accessKeyId, userName: alice.name });
      assert.deepEqual(record.requestParameters, { streamName: stream, encryptionType: 'KMS', keyId: key.Arn });
      assert.equal(record.errorCode, undefined);
      assert.ok(allowed!.Resources!.some((resource) => resource.ResourceType === 'AWS::KMS::Key' && resource.ResourceName === key.Arn));

      const refusal = recordOf(refusedEvent!);
      assert.equal(refusedEvent!.Username, bob.name);
      assert.equal(refusal.userIdentity.arn, bob.arn);
      assert.equal(refusal.errorCode, 'AccessDeniedException');
      assert.equal(refusal.errorMessage, notAllowed(bob.arn, 'kinesis:StartStreamEncryption', streamArn(stream)));

      await refused(
        s.as(bob.credentials).cloudTrail.send(new LookupEventsCommand({})),
        'AccessDeniedException',
        400,
        // An action on no particular resource names none.
        `User: ${bob.arn} is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action`,
      );
    });
  });
}

describe('open mode is unchanged', () => {
  it('accepts any signature and acts as the account root', async () => {
    const server = await startServer();
    const kinesis = kinesisClient(server.endpoint);
    const sts = stsClient(server.endpoint, 'h1', { accessKeyId: 'AKIAANYTHINGATALL000', secretAccessKey: 'not the secret' });
    try {
      await kinesis.send(new ListStreamsCommand({}));
      const identity = await sts.send(new GetCallerIdentityCommand({}));
      assert.equal(identity.Arn, `arn:aws:iam::${accountId}:root`);
      const stranger = new Clients(server.endpoint, { accessKeyId: 'AKIAZZZZZZZZZZZZZZZZ', secretAccessKey: 'x'.repeat(40) });
      await stranger.kinesis.send(new ListStreamsCommand({}));
      stranger.destroy();
    } finally {
      kinesis.destroy();
      sts.destroy();
      await server.close();
    }
  });
});
