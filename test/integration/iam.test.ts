// IAM and STS through @aws-sdk/client-iam and client-sts v3 (the Query protocol) against
// the real server, over HTTP/1.1 and HTTP/2: every operation's success and its main
// errors, with AWS's codes, statuses and texts. Open auth: every caller is the root.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  UpdateAccessKeyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { httpVersions, serverSuite, startServer, uniqueName, type HttpVersion } from '../helpers/server.js';
import { allowAllPolicy, iamClient, readStreamsPolicy, stsClient, trustAccountPolicy } from '../helpers/iam.js';
import { rawRequest } from '../helpers/raw.js';

const account = '000000000000';

async function refused(promise: Promise<unknown>, name: string, status: number, message?: string | RegExp): Promise<void> {
  await assert.rejects(promise, (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(error.name, name);
    assert.equal(error.$metadata?.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(error.message, message);
    else if (message) assert.match(error.message, message);
    return true;
  });
}

function iamSuite(version: HttpVersion) {
  const suite = serverSuite(
    () => startServer(),
    (endpoint) => ({ iam: iamClient(endpoint, version), sts: stsClient(endpoint, version), endpoint, destroy() { this.iam.destroy(); this.sts.destroy(); } }),
  );
  return suite;
}

for (const version of httpVersions) {
  describe(`IAM users and access keys (${version})`, () => {
    const suite = iamSuite(version);
    const iam = (): IAMClient => suite.client.iam;

    it('creates, gets, lists and deletes users with AWS-shaped ids and ARNs', async () => {
      const name = uniqueName('user');
      const { User } = await iam().send(new CreateUserCommand({ UserName: name, Path: '/team/', Tags: [{ Key: 'k', Value: 'v' }] }));
      assert.match(User!.UserId!, /^AIDA[A-Z2-7]{17}$/);
      assert.equal(User!.Arn, `arn:aws:iam::${account}:user/team/${name}`);
      assert.equal(User!.Path, '/team/');
      assert.ok(User!.CreateDate instanceof Date);
      assert.deepEqual(User!.Tags, [{ Key: 'k', Value: 'v' }]);
      const got = await iam().send(new GetUserCommand({ UserName: name }));
      assert.equal(got.User!.UserId, User!.UserId);
      const listed = await iam().send(new ListUsersCommand({ PathPrefix: '/team/' }));
      assert.ok(listed.Users!.some((user) => user.UserName === name));
      assert.equal(listed.IsTruncated, false);
      await refused(iam().send(new CreateUserCommand({ UserName: name.toUpperCase() })), 'EntityAlreadyExistsException', 409, `User with name ${name.toUpperCase()} already exists.`);
      await iam().send(new DeleteUserCommand({ UserName: name }));
      await refused(iam().send(new GetUserCommand({ UserName: name })), 'NoSuchEntityException', 404, `The user with name ${name} cannot be found.`);
      await refused(iam().send(new DeleteUserCommand({ UserName: name })), 'NoSuchEntityException', 404);
    });

    it('pages ListUsers with MaxItems and Marker', async () => {
      const prefix = `/${uniqueName('page')}/`;
      for (const n of [1, 2, 3]) await iam().send(new CreateUserCommand({ UserName: uniqueName(`p${n}`), Path: prefix }));
      const first = await iam().send(new ListUsersCommand({ PathPrefix: prefix, MaxItems: 2 }));
      assert.equal(first.Users!.length, 2);
      assert.equal(first.IsTruncated, true);
      const second = await iam().send(new ListUsersCommand({ PathPrefix: prefix, MaxItems: 2, Marker: first.Marker }));
      assert.equal(second.Users!.length, 1);
      assert.equal(second.IsTruncated, false);
    });

    it('answers GetUser without a name as the root does', async () => {
      const { User } = await iam().send(new GetUserCommand({}));
      assert.equal(User!.UserId, account);
      assert.equal(User!.Arn, `arn:aws:iam::${account}:root`);
      assert.equal(User!.UserName, undefined);
    });

    it('refuses invalid names with IAM\'s ValidationError', async () => {
      await refused(
        iam().send(new CreateUserCommand({ UserName: 'bad name!' })),
        'ValidationError',
        400,
        "1 validation error detected: Value 'bad name!' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
      );
    });

    it('creates at most two access keys, lists, deactivates and deletes them; a user with keys cannot be deleted', async () => {
      const name = uniqueName('keys');
      await iam().send(new CreateUserCommand({ UserName: name }));
      const { AccessKey } = await iam().send(new CreateAccessKeyCommand({ UserName: name }));
      assert.match(AccessKey!.AccessKeyId!, /^AKIA[A-Z2-7]{16}$/);
      assert.match(AccessKey!.SecretAccessKey!, /^[A-Za-z0-9+/]{40}$/);
      assert.equal(AccessKey!.Status, 'Active');
      assert.equal(AccessKey!.UserName, name);
      const second = (await iam().send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
      await refused(iam().send(new CreateAccessKeyCommand({ UserName: name })), 'LimitExceededException', 409, 'Cannot exceed quota for AccessKeysPerUser: 2');
      const listed = await iam().send(new ListAccessKeysCommand({ UserName: name }));
      assert.deepEqual(listed.AccessKeyMetadata!.map((key) => key.AccessKeyId).sort(), [AccessKey!.AccessKeyId, second.AccessKeyId].sort());
      assert.ok(listed.AccessKeyMetadata!.every((key) => !('SecretAccessKey' in key)));
      await iam().send(new UpdateAccessKeyCommand({ UserName: name, AccessKeyId: second.AccessKeyId!, Status: 'Inactive' }));
      const after = await iam().send(new ListAccessKeysCommand({ UserName: name }));
      assert.equal(after.AccessKeyMetadata!.find((key) => key.AccessKeyId === second.AccessKeyId)!.Status, 'Inactive');
      await refused(iam().send(new UpdateAccessKeyCommand({ UserName: name, AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA', Status: 'Active' })), 'NoSuchEntityException', 404, 'The Access Key with id AKIAAAAAAAAAAAAAAAAA cannot be found.');
      await refused(iam().send(new DeleteUserCommand({ UserName: name })), 'DeleteConflictException', 409, 'Cannot delete entity, must delete access keys first.');
      await iam().send(new DeleteAccessKeyCommand({ UserName: name, AccessKeyId: AccessKey!.AccessKeyId! }));
      await iam().send(new DeleteAccessKeyCommand({ UserName: name, AccessKeyId: second.AccessKeyId! }));
      await refused(iam().send(new DeleteAccessKeyCommand({ UserName: name, AccessKeyId: second.AccessKeyId! })), 'NoSuchEntityException', 404);
      assert.deepEqual((await iam().send(new ListAccessKeysCommand({ UserName: name }))).AccessKeyMetadata, []);
      await iam().send(new DeleteUserCommand({ UserName: name }));
      await refused(iam().send(new CreateAccessKeyCommand({ UserName: name })), 'NoSuchEntityException', 404);
    });

    it('the root may not manage access keys without naming a user', async () => {
      await refused(iam().send(new CreateAccessKeyCommand({})), 'ValidationError', 400, 'Must specify userName when calling with non-User credentials');
    });
  });

  describe(`IAM policies (${version})`, () => {
    const suite = iamSuite(version);
    const iam = (): IAMClient => suite.client.iam;

    it('puts, gets (URL-encoded), lists and deletes inline user policies; a user with policies cannot be deleted', async () => {
      const name = uniqueName('inline');
      await iam().send(new CreateUserCommand({ UserName: name }));
      await iam().send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'all', PolicyDocument: allowAllPolicy }));
      const got = await iam().send(new GetUserPolicyCommand({ UserName: name, PolicyName: 'all' }));
      assert.equal(got.UserName, name);
      assert.equal(got.PolicyName, 'all');
      assert.equal(decodeURIComponent(got.PolicyDocument!), allowAllPolicy);
      assert.notEqual(got.PolicyDocument, allowAllPolicy);
      assert.deepEqual((await iam().send(new ListUserPoliciesCommand({ UserName: name }))).PolicyNames, ['all']);
      await refused(iam().send(new DeleteUserCommand({ UserName: name })), 'DeleteConflictException', 409, 'Cannot delete entity, must delete policies first.');
      await refused(iam().send(new GetUserPolicyCommand({ UserName: name, PolicyName: 'none' })), 'NoSuchEntityException', 404, 'The user policy with name none cannot be found.');
      await refused(iam().send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'bad', PolicyDocument: '{"Version":"2012-10-17"}' })), 'MalformedPolicyDocumentException', 400, 'Syntax errors in policy.');
      await refused(iam().send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'bad', PolicyDocument: 'not json' })), 'MalformedPolicyDocumentException', 400);
      await iam().send(new DeleteUserPolicyCommand({ UserName: name, PolicyName: 'all' }));
      await refused(iam().send(new DeleteUserPolicyCommand({ UserName: name, PolicyName: 'all' })), 'NoSuchEntityException', 404);
      assert.deepEqual((await iam().send(new ListUserPoliciesCommand({ UserName: name }))).PolicyNames, []);
      await iam().send(new DeleteUserCommand({ UserName: name }));
    });

    it('creates managed policies with versions, attaches them to users, and refuses to delete attached ones', async () => {
      const name = uniqueName('managed');
      const policyName = uniqueName('policy');
      await iam().send(new CreateUserCommand({ UserName: name }));
      const { Policy } = await iam().send(new CreatePolicyCommand({ PolicyName: policyName, PolicyDocument: readStreamsPolicy, Description: 'reads' }));
      assert.match(Policy!.PolicyId!, /^ANPA[A-Z2-7]{17}$/);
      assert.equal(Policy!.Arn, `arn:aws:iam::${account}:policy/${policyName}`);
      assert.equal(Policy!.DefaultVersionId, 'v1');
      assert.equal(Policy!.AttachmentCount, 0);
      await refused(iam().send(new CreatePolicyCommand({ PolicyName: policyName, PolicyDocument: readStreamsPolicy })), 'EntityAlreadyExistsException', 409, `A policy called ${policyName} already exists. Duplicate names are not allowed.`);

      await iam().send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: Policy!.Arn! }));
      await iam().send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: Policy!.Arn! }));
      const attached = await iam().send(new ListAttachedUserPoliciesCommand({ UserName: name }));
      assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: policyName, PolicyArn: Policy!.Arn }]);
      const got = await iam().send(new GetPolicyCommand({ PolicyArn: Policy!.Arn! }));
      assert.equal(got.Policy!.AttachmentCount, 1);
      assert.equal(got.Policy!.Description, 'reads');
      const local = await iam().send(new ListPoliciesCommand({ Scope: 'Local', OnlyAttached: true }));
      assert.ok(local.Policies!.some((policy) => policy.Arn === Policy!.Arn));
      assert.deepEqual((await iam().send(new ListPoliciesCommand({ Scope: 'AWS' }))).Policies, []);
      await refused(iam().send(new DeletePolicyCommand({ PolicyArn: Policy!.Arn! })), 'DeleteConflictException', 409, 'Cannot delete a policy attached to entities.');
      await refused(iam().send(new DeleteUserCommand({ UserName: name })), 'DeleteConflictException', 409, 'Cannot delete entity, must detach all policies first.');

      const v2 = await iam().send(new CreatePolicyVersionCommand({ PolicyArn: Policy!.Arn!, PolicyDocument: allowAllPolicy, SetAsDefault: true }));
      assert.equal(v2.PolicyVersion!.VersionId, 'v2');
      assert.equal(v2.PolicyVersion!.IsDefaultVersion, true);
      const version2 = await iam().send(new GetPolicyVersionCommand({ PolicyArn: Policy!.Arn!, VersionId: 'v2' }));
      assert.equal(decodeURIComponent(version2.PolicyVersion!.Document!), allowAllPolicy);
      await refused(iam().send(new GetPolicyVersionCommand({ PolicyArn: Policy!.Arn!, VersionId: 'v9' })), 'NoSuchEntityException', 404);
      assert.deepEqual((await iam().send(new ListPolicyVersionsCommand({ PolicyArn: Policy!.Arn! }))).Versions!.map((entry) => entry.VersionId), ['v2', 'v1']);
      await refused(iam().send(new DeletePolicyVersionCommand({ PolicyArn: Policy!.Arn!, VersionId: 'v2' })), 'DeleteConflictException', 409, 'Cannot delete the default version of a policy.');
      await iam().send(new SetDefaultPolicyVersionCommand({ PolicyArn: Policy!.Arn!, VersionId: 'v1' }));
      await iam().send(new DeletePolicyVersionCommand({ PolicyArn: Policy!.Arn!, VersionId: 'v2' }));

      await iam().send(new DetachUserPolicyCommand({ UserName: name, PolicyArn: Policy!.Arn! }));
      await refused(iam().send(new DetachUserPolicyCommand({ UserName: name, PolicyArn: Policy!.Arn! })), 'NoSuchEntityException', 404, `Policy ${Policy!.Arn} was not found.`);
      await iam().send(new DeletePolicyCommand({ PolicyArn: Policy!.Arn! }));
      await refused(iam().send(new GetPolicyCommand({ PolicyArn: Policy!.Arn! })), 'NoSuchEntityException', 404, `Policy ${Policy!.Arn} was not found.`);
      const missing = `arn:aws:iam::${account}:policy/${uniqueName('none')}`;
      await refused(iam().send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: missing })), 'NoSuchEntityException', 404, `Policy ${missing} does not exist or is not attachable.`);
      await iam().send(new DeleteUserCommand({ UserName: name }));
    });
  });

  describe(`IAM roles and STS (${version})`, () => {
    const suite = iamSuite(version);
    const iam = (): IAMClient => suite.client.iam;
    const sts = (): STSClient => suite.client.sts;

    it('GetCallerIdentity names the root in open mode', async () => {
      const identity = await sts().send(new GetCallerIdentityCommand({}));
      assert.deepEqual({ UserId: identity.UserId, Account: identity.Account, Arn: identity.Arn }, { UserId: account, Account: account, Arn: `arn:aws:iam::${account}:root` });
    });

    it('creates, gets, lists, updates and deletes roles with their policies', async () => {
      const name = uniqueName('role');
      const policyName = uniqueName('policy');
      const { Role } = await iam().send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustAccountPolicy(account), Description: 'd', MaxSessionDuration: 7200 }));
      assert.match(Role!.RoleId!, /^AROA[A-Z2-7]{17}$/);
      assert.equal(Role!.Arn, `arn:aws:iam::${account}:role/${name}`);
      assert.equal(decodeURIComponent(Role!.AssumeRolePolicyDocument!), trustAccountPolicy(account));
      await refused(iam().send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustAccountPolicy(account) })), 'EntityAlreadyExistsException', 409, `Role with name ${name} already exists.`);
      await refused(iam().send(new CreateRoleCommand({ RoleName: uniqueName('r'), AssumeRolePolicyDocument: '[]' })), 'MalformedPolicyDocumentException', 400);
      const got = await iam().send(new GetRoleCommand({ RoleName: name }));
      assert.equal(got.Role!.MaxSessionDuration, 7200);
      assert.equal(got.Role!.Description, 'd');
      assert.ok((await iam().send(new ListRolesCommand({}))).Roles!.some((role) => role.RoleName === name));
      const updated = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' }] });
      await iam().send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: updated }));
      assert.equal(decodeURIComponent((await iam().send(new GetRoleCommand({ RoleName: name }))).Role!.AssumeRolePolicyDocument!), updated);

      await iam().send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'inline', PolicyDocument: allowAllPolicy }));
      assert.equal(decodeURIComponent((await iam().send(new GetRolePolicyCommand({ RoleName: name, PolicyName: 'inline' }))).PolicyDocument!), allowAllPolicy);
      assert.deepEqual((await iam().send(new ListRolePoliciesCommand({ RoleName: name }))).PolicyNames, ['inline']);
      await refused(iam().send(new GetRolePolicyCommand({ RoleName: name, PolicyName: 'x' })), 'NoSuchEntityException', 404, 'The role policy with name x cannot be found.');
      const { Policy } = await iam().send(new CreatePolicyCommand({ PolicyName: policyName, PolicyDocument: readStreamsPolicy }));
      await iam().send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: Policy!.Arn! }));
      assert.deepEqual((await iam().send(new ListAttachedRolePoliciesCommand({ RoleName: name }))).AttachedPolicies, [{ PolicyName: policyName, PolicyArn: Policy!.Arn }]);
      await refused(iam().send(new DeleteRoleCommand({ RoleName: name })), 'DeleteConflictException', 409, 'Cannot delete entity, must delete policies first.');
      await iam().send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'inline' }));
      await refused(iam().send(new DeleteRoleCommand({ RoleName: name })), 'DeleteConflictException', 409, 'Cannot delete entity, must detach all policies first.');
      await iam().send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn: Policy!.Arn! }));
      await iam().send(new DeleteRoleCommand({ RoleName: name }));
      await refused(iam().send(new GetRoleCommand({ RoleName: name })), 'NoSuchEntityException', 404, `The role with name ${name} cannot be found.`);
      await iam().send(new DeletePolicyCommand({ PolicyArn: Policy!.Arn! }));
    });

    it('AssumeRole answers temporary credentials within the role\'s session duration', async () => {
      const name = uniqueName('assume');
      const { Role } = await iam().send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustAccountPolicy(account) }));
      const before = Date.now();
      const assumed = await sts().send(new AssumeRoleCommand({ RoleArn: Role!.Arn!, RoleSessionName: 'session-1', DurationSeconds: 900 }));
      assert.match(assumed.Credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
      assert.match(assumed.Credentials!.SecretAccessKey!, /^[A-Za-z0-9+/]{40}$/);
      assert.ok(assumed.Credentials!.SessionToken!.length > 100);
      const expiresIn = assumed.Credentials!.Expiration!.getTime() - before;
      assert.ok(expiresIn > 890_000 && expiresIn < 910_000, `expires in ${expiresIn} ms`);
      assert.deepEqual(assumed.AssumedRoleUser, { AssumedRoleId: `${Role!.RoleId}:session-1`, Arn: `arn:aws:sts::${account}:assumed-role/${name}/session-1` });
      const defaulted = await sts().send(new AssumeRoleCommand({ RoleArn: Role!.Arn!, RoleSessionName: 'session-2' }));
      const defaultIn = defaulted.Credentials!.Expiration!.getTime() - Date.now();
      assert.ok(defaultIn > 3_590_000 && defaultIn <= 3_600_000, `expires in ${defaultIn} ms`);
      await refused(sts().send(new AssumeRoleCommand({ RoleArn: Role!.Arn!, RoleSessionName: 'ss', DurationSeconds: 7200 })), 'ValidationError', 400, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
      await refused(sts().send(new AssumeRoleCommand({ RoleArn: Role!.Arn!, RoleSessionName: 'ss', DurationSeconds: 600 })), 'ValidationError', 400, /Member must have value greater than or equal to 900/);
      const missing = `arn:aws:iam::${account}:role/${uniqueName('none')}`;
      await refused(sts().send(new AssumeRoleCommand({ RoleArn: missing, RoleSessionName: 'ss' })), 'AccessDenied', 403, `User: arn:aws:iam::${account}:root is not authorized to perform: sts:AssumeRole on resource: ${missing}`);
    });
  });
}

describe('Query protocol front door', () => {
  const suite = serverSuite(() => startServer(), () => ({ destroy() {} }));
  const authorization = (service: string) => `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261122/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123456789abcdef`;
  const post = (service: string, body: string) =>
    rawRequest(suite.server.endpoint, { headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', authorization: authorization(service), 'x-amz-date': '20261122T000000Z' }, body });

  it('refuses an unknown Action or a wrong Version with InvalidAction in the service\'s namespace', async () => {
    const unknown = await post('iam', 'Action=MakeCoffee&Version=2010-05-08');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.headers['content-type'], 'text/xml');
    assert.match(unknown.body.toString(), /^<ErrorResponse xmlns="https:\/\/iam.amazonaws.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code><Message>Could not find operation MakeCoffee for version 2010-05-08<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/);
    const wrongVersion = await post('sts', 'Action=GetCallerIdentity&Version=2010-05-08');
    assert.match(wrongVersion.body.toString(), /xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/".*Could not find operation GetCallerIdentity for version 2010-05-08/);
    const noVersion = await post('sts', 'Action=GetCallerIdentity');
    assert.match(noVersion.body.toString(), /Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED/);
  });

  it('finds the service by Action when the credential scope names none of them', async () => {
    const answer = await post('kinesis', 'Action=GetCallerIdentity&Version=2011-06-15');
    assert.equal(answer.status, 200);
    assert.match(answer.body.toString(), /^<GetCallerIdentityResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><GetCallerIdentityResult><UserId>000000000000<\/UserId><Account>000000000000<\/Account><Arn>arn:aws:iam::000000000000:root<\/Arn><\/GetCallerIdentityResult><ResponseMetadata><RequestId>/);
  });

  it('answers an unsigned Query request in XML with the Query name of the error', async () => {
    const answer = await rawRequest(suite.server.endpoint, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListUsers&Version=2010-05-08' });
    assert.equal(answer.status, 400);
    assert.match(answer.body.toString(), /<Code>MissingAuthenticationToken<\/Code><Message>Missing Authentication Token<\/Message>/);
  });
});
