// Decisions as AWS reaches them (IAM User Guide, "Policy evaluation logic"; AWS KMS
// Developer Guide, "Key policies"), and the AccessDeniedException text for each refusal.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { accessDeniedMessage, evaluate, principalConditionValues, type Decision, type Policy, type Principal } from '../../src/services/iam/domain/policy/index.js';
import { defaultKeyPolicy } from '../../src/services/kms/domain/policies.js';
import { awsManagedAliases, managedPolicy } from '../../src/services/kms/domain/aws-managed.js';
import { account, alice, allow, bob, deny, keyArn, otherAccount, policy, producerRoleArn, producerSession, region, root, streamArn, stranger } from '../helpers/policies.js';

function outcome(decision: Decision): string {
  return decision.allowed ? `allowed by ${decision.by}` : `denied: ${decision.reason}`;
}

function keyPolicy(statements: object[]): Policy {
  return policy({ Version: '2012-10-17', Statement: statements }, 'key');
}

const defaultKey = policy(JSON.parse(defaultKeyPolicy({ accountId: account, region })), 'key');

function onKey(principal: Principal, action: string, identityPolicies: Policy[], resourcePolicy: Policy = defaultKey, extra: { context?: Record<string, string>; grantAllows?: boolean } = {}): string {
  return outcome(evaluate({ principal, action, resource: keyArn, identityPolicies, resourcePolicy, isResourcePolicyRequired: true, ...extra }));
}

describe('the evaluation flow within one account', () => {
  const stream = streamArn('orders');
  const ask = (principal: Principal, identityPolicies: Policy[], resourcePolicy?: Policy) => outcome(evaluate({ principal, action: 'kinesis:PutRecord', resource: stream, identityPolicies, resourcePolicy }));
  const streamPolicy = (effect: string, principal: unknown) => policy({ Version: '2012-10-17', Statement: { Effect: effect, Principal: principal, Action: 'kinesis:PutRecord', Resource: stream } }, 'resource');

  it('denies by default', () => assert.equal(ask(bob, []), 'denied: no-identity-allow'));
  it('allows what an identity-based policy allows', () => assert.equal(ask(bob, [allow('kinesis:PutRecord', stream)]), 'allowed by identity-policy'));
  it('an explicit deny in an identity-based policy overrides an allow in another', () => {
    assert.equal(ask(bob, [allow('kinesis:*', '*'), deny('kinesis:PutRecord', stream)]), 'denied: explicit-deny-identity');
  });
  it('an explicit deny in the resource-based policy overrides an identity allow', () => {
    assert.equal(ask(bob, [allow('kinesis:*', '*')], streamPolicy('Deny', { AWS: bob.arn })), 'denied: explicit-deny-resource');
  });
  it('a resource-based Deny naming the account applies to all its principals', () => {
    assert.equal(ask(alice, [allow('kinesis:*', '*')], streamPolicy('Deny', { AWS: account })), 'denied: explicit-deny-resource');
  });
  it('a resource-based policy naming the user allows without any identity policy', () => {
    assert.equal(ask(bob, [], streamPolicy('Allow', { AWS: bob.arn })), 'allowed by resource-policy');
  });
  it('a resource-based policy naming the role allows its session', () => {
    assert.equal(ask(producerSession, [], streamPolicy('Allow', { AWS: producerRoleArn })), 'allowed by resource-policy');
  });
  it('a resource-based policy naming only the account needs an identity allow too', () => {
    assert.equal(ask(bob, [], streamPolicy('Allow', { AWS: account })), 'denied: no-identity-allow');
    assert.equal(ask(bob, [allow('kinesis:PutRecord', stream)], streamPolicy('Allow', { AWS: account })), 'allowed by identity-policy');
  });
  it('an allow that does not cover the action, resource or conditions is no allow', () => {
    assert.equal(ask(bob, [allow('kinesis:GetRecords', stream)]), 'denied: no-identity-allow');
    assert.equal(ask(bob, [allow('kinesis:PutRecord', streamArn('payments'))]), 'denied: no-identity-allow');
    assert.equal(ask(bob, [allow('kinesis:PutRecord', stream, { Condition: { Bool: { 'aws:SecureTransport': 'true' } } })]), 'denied: no-identity-allow');
  });
  it('a conditional deny applies only when its condition holds', () => {
    const insecureDenied = [allow('kinesis:*', '*'), deny('*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } })];
    const over = (secure: string) => outcome(evaluate({ principal: bob, action: 'kinesis:PutRecord', resource: stream, identityPolicies: insecureDenied, context: { 'aws:SecureTransport': secure } }));
    assert.equal(over('true'), 'allowed by identity-policy');
    assert.equal(over('false'), 'denied: explicit-deny-identity');
  });
  it('the root user is allowed without policies', () => assert.equal(ask(root, []), 'allowed by root-user'));
  it('the root user is denied by a resource-based Deny naming the account', () => {
    assert.equal(ask(root, [], streamPolicy('Deny', { AWS: `arn:aws:iam::${account}:root` })), 'denied: explicit-deny-resource');
  });
  it('the root user is not held to identity policies passed by mistake', () => assert.equal(ask(root, [deny('*', '*')]), 'allowed by root-user'));
});

describe('across accounts', () => {
  const stream = streamArn('orders', otherAccount);
  const crossPolicy = (principal: unknown) => policy({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: principal, Action: 'kinesis:*', Resource: '*' } }, 'resource');
  const ask = (identityPolicies: Policy[], resourcePolicy?: Policy) =>
    outcome(evaluate({ principal: bob, action: 'kinesis:GetRecords', resource: stream, identityPolicies, resourcePolicy, resourceAccountId: otherAccount }));

  it('an identity allow alone is not enough', () => assert.equal(ask([allow('kinesis:*', '*')]), 'denied: no-resource-allow'));
  it('a resource allow alone is not enough', () => assert.equal(ask([], crossPolicy({ AWS: bob.arn })), 'denied: no-identity-allow'));
  it('both sides allowing is enough, the resource side naming the user or the account', () => {
    assert.equal(ask([allow('kinesis:*', '*')], crossPolicy({ AWS: bob.arn })), 'allowed by identity-policy');
    assert.equal(ask([allow('kinesis:*', '*')], crossPolicy({ AWS: account })), 'allowed by identity-policy');
  });
});

describe('KMS keys: the key policy must allow', () => {
  it('the default key policy lets the root user in', () => assert.equal(onKey(root, 'kms:ScheduleKeyDeletion', []), 'allowed by resource-policy'));
  it('the default key policy delegates to IAM: a user with an identity allow gets in', () => {
    assert.equal(onKey(bob, 'kms:GenerateDataKey', [allow('kms:GenerateDataKey*', keyArn)]), 'allowed by identity-policy');
  });
  it('a user without an identity allow is refused by identity', () => assert.equal(onKey(bob, 'kms:Decrypt', [allow('kms:GenerateDataKey', keyArn)]), 'denied: no-identity-allow'));
  it('a role session with an identity allow gets in through the delegation', () => {
    assert.equal(onKey(producerSession, 'kms:GenerateDataKey', [allow('kms:GenerateDataKey', '*')]), 'allowed by identity-policy');
  });

  const adminOnly = keyPolicy([{ Sid: 'Admins', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:user/alice` }, Action: 'kms:*', Resource: '*' }]);
  it('without the delegation, an identity allow is not enough', () => assert.equal(onKey(bob, 'kms:Decrypt', [allow('kms:*', '*')], adminOnly), 'denied: no-resource-allow'));
  it('without the delegation, even the root user is refused', () => assert.equal(onKey(root, 'kms:Decrypt', [], adminOnly), 'denied: no-resource-allow'));
  it('a key policy naming the user allows without any identity policy', () => assert.equal(onKey(alice, 'kms:Decrypt', [], adminOnly), 'allowed by resource-policy'));
  it('an identity-based deny still wins over a key policy naming the user', () => {
    assert.equal(onKey(alice, 'kms:Decrypt', [deny('kms:Decrypt', '*')], adminOnly), 'denied: explicit-deny-identity');
  });
  it('a Deny in the key policy wins over the delegation', () => {
    const withDeny = keyPolicy([...JSON.parse(defaultKeyPolicy({ accountId: account, region })).Statement, { Sid: 'NoBob', Effect: 'Deny', Principal: { AWS: bob.arn }, Action: 'kms:Decrypt', Resource: '*' }]);
    assert.equal(onKey(bob, 'kms:Decrypt', [allow('kms:*', '*')], withDeny), 'denied: explicit-deny-resource');
  });

  describe('grants', () => {
    it('a grant allows when no policy does', () => assert.equal(onKey(bob, 'kms:Decrypt', [], adminOnly, { grantAllows: true }), 'allowed by grant'));
    it('an explicit deny overrides a grant', () => {
      assert.equal(onKey(bob, 'kms:Decrypt', [deny('kms:*', '*')], defaultKey, { grantAllows: true }), 'denied: explicit-deny-identity');
    });
  });
});

describe('the alias/aws/kinesis key policy', () => {
  const kinesisKey = policy(JSON.parse(managedPolicy({ accountId: account, region }, awsManagedAliases.get('alias/aws/kinesis')!)), 'key');
  const viaKinesis = (principal: Principal, service = `kinesis.${region}.amazonaws.com`) => ({
    context: { ...principalConditionValues(principal), 'kms:ViaService': service, 'kms:CallerAccount': principal.accountId },
  });

  it('any principal of the account may generate data keys through Kinesis, without IAM policies', () => {
    for (const principal of [bob, producerSession, root]) {
      assert.equal(onKey(principal, 'kms:GenerateDataKey', [], kinesisKey, viaKinesis(principal)), 'allowed by resource-policy');
      assert.equal(onKey(principal, 'kms:Decrypt', [], kinesisKey, viaKinesis(principal)), 'allowed by resource-policy');
    }
  });
  it('not directly: without kms:ViaService the key policy does not allow', () => {
    assert.equal(onKey(bob, 'kms:Decrypt', [allow('kms:*', '*')], kinesisKey, { context: { 'kms:CallerAccount': account } }), 'denied: no-resource-allow');
  });
  it('not through another service', () => {
    assert.equal(onKey(bob, 'kms:Decrypt', [], kinesisKey, viaKinesis(bob, `firehose.${region}.amazonaws.com`)), 'denied: no-resource-allow');
  });
  it('not through Kinesis in another region', () => assert.equal(onKey(bob, 'kms:Decrypt', [], kinesisKey, viaKinesis(bob, 'kinesis.eu-west-1.amazonaws.com')), 'denied: no-resource-allow'));
  it('not for a caller of another account', () => assert.equal(onKey(stranger, 'kms:Decrypt', [allow('kms:*', '*')], kinesisKey, viaKinesis(stranger)), 'denied: no-resource-allow'));
  it('not for actions outside the list', () => assert.equal(onKey(bob, 'kms:ScheduleKeyDeletion', [allow('kms:*', '*')], kinesisKey, viaKinesis(bob)), 'denied: no-resource-allow'));
  it('key metadata: the root user directly, users through IAM', () => {
    assert.equal(onKey(root, 'kms:GetKeyRotationStatus', [], kinesisKey), 'allowed by resource-policy');
    assert.equal(onKey(bob, 'kms:GetKeyRotationStatus', [], kinesisKey), 'denied: no-identity-allow');
    assert.equal(onKey(bob, 'kms:GetKeyRotationStatus', [allow('kms:Get*', '*')], kinesisKey), 'allowed by identity-policy');
  });
});

describe('AccessDeniedException wording', () => {
  const action = 'kms:GenerateDataKey';
  const cases: Array<[Parameters<typeof accessDeniedMessage>[3], string]> = [
    ['no-identity-allow', `User: ${bob.arn} is not authorized to perform: ${action} on resource: ${keyArn} because no identity-based policy allows the ${action} action`],
    ['no-resource-allow', `User: ${bob.arn} is not authorized to perform: ${action} on resource: ${keyArn} because no resource-based policy allows the ${action} action`],
    ['explicit-deny-identity', `User: ${bob.arn} is not authorized to perform: ${action} on resource: ${keyArn} with an explicit deny in an identity-based policy`],
    ['explicit-deny-resource', `User: ${bob.arn} is not authorized to perform: ${action} on resource: ${keyArn} with an explicit deny in a resource-based policy`],
  ];
  for (const [reason, text] of cases) it(reason, () => assert.equal(accessDeniedMessage(bob.arn, action, keyArn, reason), text));
});

describe('time-dependent decisions are marked', () => {
  it('a decision that read aws:CurrentTime says so', () => {
    const until2030 = allow('kms:*', '*', { Condition: { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } } });
    const decision = evaluate({ principal: bob, action: 'kms:Decrypt', resource: keyArn, identityPolicies: [until2030], context: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } });
    assert.deepEqual([decision.allowed, decision.isTimeDependent], [true, true]);
  });
  it('a decision that did not read the clock says so', () => {
    const decision = evaluate({ principal: bob, action: 'kms:Decrypt', resource: keyArn, identityPolicies: [allow('kms:*', '*')], context: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } });
    assert.equal(decision.isTimeDependent, false);
  });
});

describe('principal condition keys', () => {
  it('describe a user, a role session and the root user as AWS does', () => {
    assert.deepEqual(principalConditionValues(bob, 'AIDAEXAMPLE'), { 'aws:PrincipalAccount': account, 'aws:PrincipalArn': bob.arn, 'aws:PrincipalType': 'User', 'aws:username': 'bob', 'aws:userid': 'AIDAEXAMPLE' });
    assert.deepEqual(principalConditionValues(producerSession, 'AROAEXAMPLE'), {
      'aws:PrincipalAccount': account,
      'aws:PrincipalArn': producerRoleArn,
      'aws:PrincipalType': 'AssumedRole',
      'aws:userid': 'AROAEXAMPLE:session-1',
    });
    assert.deepEqual(principalConditionValues(root), { 'aws:PrincipalAccount': account, 'aws:PrincipalArn': root.arn, 'aws:PrincipalType': 'Account', 'aws:userid': account });
  });
});
