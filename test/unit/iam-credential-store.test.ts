// IAM's credential store (src/services/iam/credential-store.ts): the root's key, users'
// active keys, unexpired sessions; deactivation and deletion take effect at once despite
// the cache; the policies that apply to an identity, trust policies and the policy epoch.
// On a memory engine, with an injected clock.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { loadRootKey } from '../../src/crypto/root-key.js';
import { createLogger } from '../../src/log.js';
import type { Caller, RequestContext } from '../../src/services/context.js';
import { createIam, type IamComponents } from '../../src/services/iam/create.js';
import { sessionTokenMatches } from '../../src/services/iam/credential-store.js';
import { MemoryEngine } from '../../src/storage/engines/memory.js';

const accountId = '111122223333';
const root = { accessKeyId: 'AKIAROOTROOTROOTROOT', secretAccessKey: 'root/secret/key/forty/characters/long/xx' };
const log = createLogger('silent');
const policy = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }] });

function context(caller: Partial<Caller> = {}): RequestContext {
  return {
    requestId: 'test',
    log,
    caller: { accountId, principalArn: `arn:aws:iam::${accountId}:root`, principalType: 'Account', principalId: accountId, accessKeyId: root.accessKeyId, region: 'us-east-1', sourceIp: '127.0.0.1', ...caller },
    authorize: async () => {},
  };
}

describe('IAM credential store', () => {
  let clock = 1_700_000_000_000;
  let components: IamComponents;
  const call = (service: 'iamService' | 'stsService', operation: string, input: unknown, caller?: Partial<Caller>) =>
    components[service].operations[operation]!(input, context(caller)) as Promise<Record<string, any>>;

  before(async () => {
    const engine = new MemoryEngine();
    await engine.open();
    components = createIam({ engine, rootKey: loadRootKey({ file: undefined, dataDir: undefined, log }), accountId, rootCredentials: root, now: () => clock, credentialCacheTtlMs: 60_000 });
  });

  it('finds the account root by its given key, and nothing for an unknown key', async () => {
    const found = await components.credentials.find(root.accessKeyId);
    assert.deepEqual(found, { identity: { accountId, principalArn: `arn:aws:iam::${accountId}:root`, principalType: 'Account', principalId: accountId }, secretAccessKey: root.secretAccessKey });
    assert.equal(await components.credentials.find('AKIAUNKNOWNUNKNOWNUN'), undefined);
  });

  it('finds a user\'s active key; not once it is inactive, deleted or its user is gone, even when cached', async () => {
    const { User } = await call('iamService', 'CreateUser', { UserName: 'alice' });
    const { AccessKey } = await call('iamService', 'CreateAccessKey', { UserName: 'alice' });
    const found = await components.credentials.find(AccessKey.AccessKeyId);
    assert.deepEqual(found, {
      identity: { accountId, principalArn: User.Arn, principalType: 'User', principalId: User.UserId, userName: 'alice' },
      secretAccessKey: AccessKey.SecretAccessKey,
    });
    await call('iamService', 'UpdateAccessKey', { UserName: 'alice', AccessKeyId: AccessKey.AccessKeyId, Status: 'Inactive' });
    assert.equal(await components.credentials.find(AccessKey.AccessKeyId), undefined);
    await call('iamService', 'UpdateAccessKey', { UserName: 'alice', AccessKeyId: AccessKey.AccessKeyId, Status: 'Active' });
    assert.equal((await components.credentials.find(AccessKey.AccessKeyId))?.secretAccessKey, AccessKey.SecretAccessKey);
    await call('iamService', 'DeleteAccessKey', { UserName: 'alice', AccessKeyId: AccessKey.AccessKeyId });
    assert.equal(await components.credentials.find(AccessKey.AccessKeyId), undefined);
  });

  it('a user acting on its own keys needs no UserName', async () => {
    const { User } = await call('iamService', 'CreateUser', { UserName: 'bob' });
    const self = { principalArn: User.Arn, principalType: 'User' as const, principalId: User.UserId, userName: 'bob' };
    const { AccessKey } = await call('iamService', 'CreateAccessKey', {}, self);
    assert.equal(AccessKey.UserName, 'bob');
    const { User: me } = await call('iamService', 'GetUser', {}, self);
    assert.equal(me.Arn, User.Arn);
    await call('iamService', 'DeleteAccessKey', { AccessKeyId: AccessKey.AccessKeyId }, self);
    assert.equal(await components.credentials.find(AccessKey.AccessKeyId), undefined);
  });

  it('finds a role session with its token hash, expired for a day after it ends (ExpiredToken), then purges it', async () => {
    const { Role } = await call('iamService', 'CreateRole', { RoleName: 'reader', AssumeRolePolicyDocument: trust });
    const { Credentials, AssumedRoleUser } = await call('stsService', 'AssumeRole', { RoleArn: Role.Arn, RoleSessionName: 'work', DurationSeconds: 900 });
    const found = await components.credentials.find(Credentials.AccessKeyId);
    assert.deepEqual(found, {
      identity: { accountId, principalArn: AssumedRoleUser.Arn, principalType: 'AssumedRole', principalId: `${Role.RoleId}:work`, roleArn: Role.Arn },
      secretAccessKey: Credentials.SecretAccessKey,
      sessionTokenSha256: createHash('sha256').update(Credentials.SessionToken).digest('hex'),
      expiresAt: clock + 900_000,
    });
    assert.equal(sessionTokenMatches(found!, Credentials.SessionToken), true);
    assert.equal(sessionTokenMatches(found!, Credentials.SessionToken + 'x'), false);
    assert.equal(sessionTokenMatches(found!, undefined), false);
    // GetCallerIdentity as that session.
    const identity = await call('stsService', 'GetCallerIdentity', {}, found!.identity);
    assert.deepEqual(identity, { UserId: `${Role.RoleId}:work`, Account: accountId, Arn: AssumedRoleUser.Arn });
    // Chained sessions are held to one hour.
    await assert.rejects(call('stsService', 'AssumeRole', { RoleArn: Role.Arn, RoleSessionName: 'chain', DurationSeconds: 3601 }, found!.identity), /1 hour session limit/);

    clock += 900_000;
    const expired = await components.credentials.find(Credentials.AccessKeyId);
    assert.equal(expired?.expiresAt, clock, 'found, with the expiry strict authentication refuses');
    clock += 86_400_000;
    assert.equal(await components.credentials.find(Credentials.AccessKeyId), undefined);
    assert.equal(await components.iam.credentials.find(Credentials.AccessKeyId), undefined, 'the expired session is purged');
  });

  it('answers the policies that apply to users and role sessions, trust policies, and bumps the epoch on every change', async () => {
    const epoch0 = components.credentials.policyEpoch();
    const { User } = await call('iamService', 'CreateUser', { UserName: 'carol' });
    await call('iamService', 'PutUserPolicy', { UserName: 'carol', PolicyName: 'inline', PolicyDocument: policy('kinesis:PutRecord') });
    const epoch1 = components.credentials.policyEpoch();
    assert.ok(epoch1 > epoch0);
    const { Policy } = await call('iamService', 'CreatePolicy', { PolicyName: 'managed', PolicyDocument: policy('kinesis:GetRecords') });
    await call('iamService', 'AttachUserPolicy', { UserName: 'carol', PolicyArn: Policy.Arn });
    const epoch2 = components.credentials.policyEpoch();
    assert.ok(epoch2 > epoch1);
    const identity = { accountId, principalArn: User.Arn, principalType: 'User' as const, principalId: User.UserId, userName: 'carol' };
    assert.deepEqual(await components.credentials.policiesFor(identity), [
      { kind: 'inline', name: 'inline', document: policy('kinesis:PutRecord') },
      { kind: 'managed', name: Policy.Arn, document: policy('kinesis:GetRecords') },
    ]);
    // A new default version is what applies.
    await call('iamService', 'CreatePolicyVersion', { PolicyArn: Policy.Arn, PolicyDocument: policy('kinesis:*'), SetAsDefault: true });
    assert.ok(components.credentials.policyEpoch() > epoch2);
    assert.equal((await components.credentials.policiesFor(identity))[1]!.document, policy('kinesis:*'));

    const { Role } = await call('iamService', 'CreateRole', { RoleName: 'writer', AssumeRolePolicyDocument: trust });
    await call('iamService', 'PutRolePolicy', { RoleName: 'writer', PolicyName: 'w', PolicyDocument: policy('firehose:*') });
    await call('iamService', 'AttachRolePolicy', { RoleName: 'writer', PolicyArn: Policy.Arn });
    const session = { accountId, principalArn: `arn:aws:sts::${accountId}:assumed-role/writer/s`, principalType: 'AssumedRole' as const, roleArn: Role.Arn };
    assert.deepEqual((await components.credentials.policiesFor(session)).map((applied) => applied.name), ['w', Policy.Arn]);
    assert.equal(await components.credentials.trustPolicy(Role.Arn), trust);
    assert.equal(await components.credentials.trustPolicy(`arn:aws:iam::${accountId}:role/none`), undefined);
    assert.deepEqual(await components.credentials.policiesFor({ accountId, principalArn: `arn:aws:iam::${accountId}:root`, principalType: 'Account' }), []);
  });
});
