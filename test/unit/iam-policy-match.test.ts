// What a statement covers: actions, resources and principals, their wildcards, the Not-
// forms, and policy variables.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileActions, compileArnLike, compileGlob, splitArn } from '../../src/services/iam/domain/policy/match.js';
import { evaluate } from '../../src/services/iam/domain/policy/index.js';
import { account, alice, allow, bob, decideFor, deny, policy, producerRoleArn, producerSession, root, streamArn, stranger } from '../helpers/policies.js';

describe('action patterns', () => {
  const cases: Array<[string, string, boolean]> = [
    ['kms:GenerateDataKey*', 'kms:GenerateDataKey', true],
    ['kms:GenerateDataKey*', 'kms:GenerateDataKeyWithoutPlaintext', true],
    ['kms:GenerateDataKey*', 'kms:Generate', false],
    ['kinesis:*', 'kinesis:PutRecord', true],
    ['kinesis:*', 'kinesisanalytics:CreateApplication', false],
    ['*', 'iam:CreateUser', true],
    ['kinesis:?etRecords', 'kinesis:GetRecords', true],
    ['kinesis:?etRecords', 'kinesis:GetRecordsX', false],
    ['kinesis:Get*Records', 'kinesis:GetRecords', true],
    ['KINESIS:putrecord', 'kinesis:PutRecord', true],
    ['kinesis:PutRecord', 'kinesis:PutRecords', false],
    ['kms:*Key*', 'kms:DescribeKey', true],
  ];
  for (const [pattern, action, expected] of cases) {
    it(`${pattern} ${expected ? 'covers' : 'does not cover'} ${action}`, () => {
      assert.equal(compileActions([pattern])(action.toLowerCase()), expected);
    });
  }

  it('compares the requested action without regard to case', () => {
    assert.equal(decideFor(bob, 'KMS:generatedatakey', '*', [allow('kms:GenerateDataKey*', '*')]).allowed, true);
  });

  it('a list covers an action when any of its patterns does', () => {
    const test = compileActions(['kinesis:PutRecord', 'kms:Decrypt', 'kms:Re*']);
    assert.deepEqual(['kms:decrypt', 'kms:reencryptfrom', 'kms:encrypt'].map(test), [true, true, false]);
  });

  it('every pattern of a list matches the whole name, not a part of it', () => {
    const test = compileActions(['kinesis:Get?', 'kinesis:List*', 'kinesis:Describe?tream']);
    assert.deepEqual(['kinesis:getx', 'kinesis:getxy', 'kinesis:describestreamsummary', 'kinesis:describestream'].map(test), [true, false, false, true]);
  });
});

describe('resource patterns', () => {
  const cases: Array<[string, string, boolean]> = [
    [streamArn('orders'), streamArn('orders'), true],
    [streamArn('orders'), streamArn('Orders'), false],
    [`arn:aws:kinesis:*:${account}:stream/*`, streamArn('orders'), true],
    [`arn:aws:kinesis:*:${account}:stream/*`, streamArn('orders', '999999999999'), false],
    ['arn:aws:kinesis:*', streamArn('orders'), true],
    [`arn:aws:kinesis:us-east-1:${account}:stream/order?`, streamArn('orders'), true],
    [`arn:aws:kinesis:us-east-1:${account}:stream/order?`, streamArn('order'), false],
    [`arn:aws:kinesis:us-east-1:${account}:stream/orders/*`, `${streamArn('orders')}/consumer/app:1`, true],
    ['*', streamArn('anything'), true],
  ];
  for (const [pattern, resource, expected] of cases) {
    it(`${pattern} ${expected ? 'covers' : 'does not cover'} ${resource}`, () => {
      assert.equal(compileGlob(pattern)(resource), expected);
      assert.equal(decideFor(bob, 'kinesis:PutRecord', resource, [allow('kinesis:PutRecord', pattern)]).allowed, expected);
    });
  }
});

describe('resource lists', () => {
  it('every pattern of a list matches the whole ARN, not a prefix of it', () => {
    const two = allow('kinesis:PutRecord', [streamArn('a?'), streamArn('b?'), streamArn('c*d')]);
    const covers = (name: string) => decideFor(bob, 'kinesis:PutRecord', streamArn(name), [two]).allowed;
    assert.deepEqual(['ax', 'axe', 'bx', 'bxe', 'cd', 'cxd', 'cde'].map(covers), [true, false, true, false, true, true, false]);
  });
});

describe('ARN condition matching, component by component', () => {
  // IAM User Guide, "Condition operators", ARN section: StringLike's first * swallows
  // colons, ArnLike's stays within the region component.
  const pattern = `arn:aws:someservice:*:${account}:finance/*`;
  const value = `arn:aws:someservice:us-east-2:999999999999:store/abc:${account}:finance/document.txt`;

  it('StringLike matches the documented example', () => assert.equal(compileGlob(pattern)(value), true));
  it('ArnLike does not', () => assert.equal(compileArnLike(pattern)(value), false));
  it('ArnLike matches within components', () => assert.equal(compileArnLike(pattern)(`arn:aws:someservice:us-east-2:${account}:finance/a:b`), true));
  it('splits an ARN into six components, the last keeping its colons', () => {
    assert.deepEqual(splitArn('arn:aws:kinesis:us-east-1:1:stream/a:b'), ['arn', 'aws', 'kinesis', 'us-east-1', '1', 'stream/a:b']);
  });
});

describe('NotAction and NotResource', () => {
  const everythingButIam = policy({ Version: '2012-10-17', Statement: { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' } });
  it('NotAction allows every action but the listed ones', () => {
    assert.equal(decideFor(bob, 'kinesis:PutRecord', streamArn('a'), [everythingButIam]).allowed, true);
    assert.equal(decideFor(bob, 'iam:CreateUser', '*', [everythingButIam]).allowed, false);
  });

  const onlyOrders = policy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kinesis:*', Resource: '*' }, { Effect: 'Deny', Action: 'kinesis:*', NotResource: streamArn('orders') }] });
  it('a Deny with NotResource denies every resource but the listed ones', () => {
    assert.equal(decideFor(bob, 'kinesis:PutRecord', streamArn('orders'), [onlyOrders]).allowed, true);
    const other = decideFor(bob, 'kinesis:PutRecord', streamArn('payments'), [onlyOrders]);
    assert.deepEqual([other.allowed, !other.allowed && other.reason], [false, 'explicit-deny-identity']);
  });
});

describe('policy variables', () => {
  const own = allow('kinesis:*', `arn:aws:kinesis:us-east-1:${account}:stream/\${aws:username}-*`);

  it('${aws:username} stands for the caller\'s name', () => {
    assert.equal(decideFor(bob, 'kinesis:PutRecord', streamArn('bob-events'), [own], { 'aws:username': 'bob' }).allowed, true);
    assert.equal(decideFor(bob, 'kinesis:PutRecord', streamArn('alice-events'), [own], { 'aws:username': 'bob' }).allowed, false);
  });

  it('a substituted value is literal: its * is no wildcard', () => {
    const context = { 'aws:username': 'b*' };
    assert.equal(decideFor(bob, 'kinesis:PutRecord', streamArn('bxx-events'), [own], context).allowed, false);
    assert.equal(decideFor(bob, 'kinesis:PutRecord', streamArn('b*-events'), [own], context).allowed, true);
  });

  it('an unresolved variable matches nothing', () => {
    assert.equal(decideFor(bob, 'kinesis:PutRecord', streamArn('-events'), [own], {}).allowed, false);
  });

  it('a default value stands in for a missing key', () => {
    const withDefault = allow('kinesis:*', `arn:aws:kinesis:us-east-1:${account}:stream/\${aws:username, 'shared'}`);
    assert.equal(decideFor(bob, 'kinesis:PutRecord', streamArn('shared'), [withDefault], {}).allowed, true);
    assert.equal(decideFor(bob, 'kinesis:PutRecord', streamArn('bob'), [withDefault], { 'aws:username': 'bob' }).allowed, true);
  });

  it('${*} is a literal asterisk', () => {
    const literal = allow('kinesis:*', `arn:aws:kinesis:us-east-1:${account}:stream/\${*}`);
    assert.equal(decideFor(bob, 'kinesis:PutRecord', streamArn('*'), [literal]).allowed, true);
    assert.equal(decideFor(bob, 'kinesis:PutRecord', streamArn('orders'), [literal]).allowed, false);
  });

  it('are literal text in a policy without Version 2012-10-17', () => {
    const old = policy({ Statement: { Effect: 'Allow', Action: 'kinesis:*', Resource: `arn:aws:kinesis:us-east-1:${account}:stream/\${aws:username}` } });
    assert.equal(decideFor(bob, 'kinesis:PutRecord', streamArn('bob'), [old], { 'aws:username': 'bob' }).allowed, false);
    assert.equal(decideFor(bob, 'kinesis:PutRecord', streamArn('${aws:username}'), [old], { 'aws:username': 'bob' }).allowed, true);
  });

  it('variable keys are case-insensitive', () => {
    const mixed = allow('kinesis:*', `arn:aws:kinesis:us-east-1:${account}:stream/\${AWS:UserName}`);
    assert.equal(decideFor(bob, 'kinesis:PutRecord', streamArn('bob'), [mixed], { 'aws:username': 'bob' }).allowed, true);
  });
});

describe('principals of a resource policy', () => {
  const streamPolicy = (principal: unknown, effect = 'Allow', element = 'Principal') =>
    policy({ Version: '2012-10-17', Statement: { Effect: effect, [element]: principal, Action: 'kinesis:*', Resource: '*' } }, 'resource');
  const ask = (principal: typeof bob, resourcePolicy: ReturnType<typeof streamPolicy>, identityPolicies = [] as ReturnType<typeof allow>[]) =>
    evaluate({ principal, action: 'kinesis:GetRecords', resource: streamArn('orders'), identityPolicies, resourcePolicy });

  it('"*" names everyone', () => assert.equal(ask(stranger, streamPolicy('*')).allowed, true));
  it('{"AWS": "*"} names everyone', () => assert.equal(ask(bob, streamPolicy({ AWS: '*' })).allowed, true));
  it('a user ARN names that user only', () => {
    const byName = streamPolicy({ AWS: bob.arn });
    assert.equal(ask(bob, byName).allowed, true);
    assert.equal(ask(alice, byName).allowed, false);
  });
  it('a role ARN covers the role\'s sessions', () => assert.equal(ask(producerSession, streamPolicy({ AWS: producerRoleArn })).allowed, true));
  it('a session ARN names that session', () => {
    assert.equal(ask(producerSession, streamPolicy({ AWS: producerSession.arn })).allowed, true);
    const otherSession = { ...producerSession, arn: `arn:aws:sts::${account}:assumed-role/producer/session-2` };
    assert.equal(ask(otherSession, streamPolicy({ AWS: producerSession.arn })).allowed, false);
  });
  it('the account (id or root ARN) delegates: IAM users still need an identity policy', () => {
    for (const principal of [account, `arn:aws:iam::${account}:root`]) {
      const delegating = streamPolicy({ AWS: principal });
      assert.equal(ask(bob, delegating).allowed, false);
      assert.equal(ask(bob, delegating, [allow('kinesis:GetRecords', '*')]).allowed, true);
      assert.equal(ask(root, delegating).allowed, true);
    }
  });
  it('another account\'s principals are not covered by this account', () => assert.equal(ask(stranger, streamPolicy({ AWS: account })).allowed, false));
  it('a service principal covers no IAM identity', () => assert.equal(ask(bob, streamPolicy({ Service: 'firehose.amazonaws.com' })).allowed, false));

  describe('NotPrincipal in a Deny', () => {
    const allowAll = [allow('kinesis:*', '*')];
    it('spares a user listed with its account', () => {
      const notBob = streamPolicy({ AWS: [bob.arn, account] }, 'Deny', 'NotPrincipal');
      assert.equal(ask(bob, notBob, allowAll).allowed, true);
      const denied = ask(alice, notBob, allowAll);
      assert.deepEqual([denied.allowed, !denied.allowed && denied.reason], [false, 'explicit-deny-resource']);
    });
    it('does not spare a user listed without its account', () => {
      assert.equal(ask(bob, streamPolicy({ AWS: bob.arn }, 'Deny', 'NotPrincipal'), allowAll).allowed, false);
    });
    it('spares a role session only when session, role and account are all listed', () => {
      assert.equal(ask(producerSession, streamPolicy({ AWS: [producerRoleArn, account] }, 'Deny', 'NotPrincipal'), allowAll).allowed, false);
      assert.equal(ask(producerSession, streamPolicy({ AWS: [producerSession.arn, producerRoleArn, account] }, 'Deny', 'NotPrincipal'), allowAll).allowed, true);
    });
  });
});

describe('identity policy Deny wins over Allow wherever it sits', () => {
  it('in the same policy or another', () => {
    const both = policy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'kinesis:DeleteStream', Resource: '*' }] });
    assert.equal(decideFor(bob, 'kinesis:DeleteStream', streamArn('a'), [both]).allowed, false);
    assert.equal(decideFor(bob, 'kinesis:DeleteStream', streamArn('a'), [allow('*', '*'), deny('kinesis:Delete*', streamArn('a'))]).allowed, false);
    assert.equal(decideFor(bob, 'kinesis:DeleteStream', streamArn('b'), [allow('*', '*'), deny('kinesis:Delete*', streamArn('a'))]).allowed, true);
  });
});
