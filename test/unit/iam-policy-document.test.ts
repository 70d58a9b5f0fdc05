// Policy documents: what IAM and KMS accept, and the exact reason for what they refuse.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicyDocument, PolicyDocumentError, policyErrorReasons, type PolicyKind } from '../../src/services/iam/domain/policy/index.js';
import { defaultKeyPolicy } from '../../src/services/kms/domain/policies.js';
import { awsManagedAliases, managedPolicy } from '../../src/services/kms/domain/aws-managed.js';
import { account, region } from '../helpers/policies.js';

const bucket = 'arn:aws:s3:::example-bucket';
const statement = (fields: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'kinesis:PutRecord', Resource: '*', ...fields } });
const without = (field: string) => {
  const document = statement({});
  delete (document.Statement as Record<string, unknown>)[field];
  return document;
};

function reasonFor(document: unknown, kind: PolicyKind = 'identity', requireCurrentVersion = false): string | undefined {
  const text = typeof document === 'string' ? document : JSON.stringify(document);
  try {
    parsePolicyDocument(text, { kind, requireCurrentVersion });
    return undefined;
  } catch (error) {
    assert.ok(error instanceof PolicyDocumentError, `unexpected ${String(error)}`);
    assert.equal(error.message, error.reason);
    return error.reason;
  }
}

describe('identity policy documents IAM refuses', () => {
  const syntax = policyErrorReasons.syntax;
  const cases: Array<[string, unknown, string]> = [
    ['text that is not JSON', 'This is not a json document', syntax],
    ['a JSON array', '[]', syntax],
    ['an unknown language version', { ...statement({}), Version: '2013-10-17' }, syntax],
    ['no Statement', { Version: '2012-10-17' }, syntax],
    ['an empty Statement list', { Version: '2012-10-17', Statement: [] }, syntax],
    ['a statement that is not an object', { Version: '2012-10-17', Statement: ['kinesis:PutRecord'] }, syntax],
    ['an unknown top-level element', { ...statement({}), Extra: 'value' }, syntax],
    ['an unknown statement element', statement({ Extra: 'value' }), syntax],
    ['an Id that is not a string', { ...statement({}), Id: ['x'] }, syntax],
    ['an Effect that is neither Allow nor Deny', statement({ Effect: 'Maybe' }), syntax],
    ['no Effect', without('Effect'), syntax],
    ['both Action and NotAction', statement({ NotAction: 'kinesis:GetRecords' }), syntax],
    ['both Resource and NotResource', statement({ NotResource: '*' }), syntax],
    ['an Action object', statement({ Action: { kinesis: 'PutRecord' } }), syntax],
    ['a Resource list holding an object', statement({ Resource: ['*', {}] }), syntax],
    ['a nested Action list', statement({ Action: [['kinesis:PutRecord']] }), syntax],
    ['a Condition list', statement({ Condition: [{ StringEquals: { 'aws:username': 'bob' } }] }), syntax],
    ['a Condition operator that is a string', statement({ Condition: { StringEquals: 'bob' } }), syntax],
    ['a condition value that is an object', statement({ Condition: { StringEquals: { 'aws:username': {} } } }), syntax],
    ['an unknown condition operator with keys', statement({ Condition: { StringSortOf: { 'aws:username': 'bob' } } }), syntax],
    ['a malformed set qualifier', statement({ Condition: { 'ForAnyValue::StringEquals': { 'aws:TagKeys': 'a' } } }), syntax],
    ['NullIfExists, which does not exist', statement({ Condition: { NullIfExists: { 'aws:username': 'true' } } }), syntax],
    ['a Sid that is not a string', statement({ Sid: {} }), syntax],
    ['an Effect in the wrong case', statement({ Effect: 'allow' }), policyErrorReasons.legacyParsing],
    ['a date condition value that is not a date', statement({ Condition: { DateGreaterThan: { 'aws:CurrentTime': 'yesterday' } } }), policyErrorReasons.legacyParsing],
    ['a month 13', statement({ Condition: { DateLessThan: { 'aws:CurrentTime': '2024-13' } } }), policyErrorReasons.legacyParsing],
    ['a resource with too few components', statement({ Resource: 'arn:aws:s3::example-bucket' }), policyErrorReasons.legacyParsing],
    ['a resource with no service', statement({ Resource: 'arn:aws::::thing' }), policyErrorReasons.legacyParsing],
    [
      'two statements with one Sid',
      { Version: '2012-10-17', Statement: [{ Sid: 'Same', Effect: 'Allow', Action: 'kinesis:PutRecord', Resource: '*' }, { Sid: 'Same', Effect: 'Deny', Action: 'kinesis:PutRecord', Resource: '*' }] },
      policyErrorReasons.duplicateSid,
    ],
    ['no Action', without('Action'), policyErrorReasons.missingActions],
    ['an empty Action list', statement({ Action: [] }), policyErrorReasons.missingActions],
    ['no Resource', without('Resource'), policyErrorReasons.missingResources],
    ['an empty Resource list', statement({ Resource: [] }), policyErrorReasons.missingResources],
    ['an action without a vendor', statement({ Action: 'PutRecord' }), policyErrorReasons.actionWithoutVendor],
    ['an empty NotAction', { Version: '2012-10-17', Statement: { Effect: 'Allow', NotAction: '', Resource: '*' } }, policyErrorReasons.actionWithoutVendor],
    ['an action with two colons', statement({ Action: 'kinesis:Put:Record' }), policyErrorReasons.actionColons],
    ['a vendor with a space', statement({ Action: 'kine sis:PutRecord' }), 'Vendor kine sis is not valid'],
    ['a resource that is not an ARN', statement({ Resource: 'my-stream' }), 'Resource my-stream must be in ARN format or "*".'],
    ['an empty resource', statement({ Resource: '' }), 'Resource  must be in ARN format or "*".'],
    ['a bare arn:aws', statement({ Resource: 'arn:aws' }), 'Resource vendor must be fully qualified and cannot contain regexes.'],
    ['another partition', statement({ Resource: 'arn:aws-cn:kinesis:cn-north-1:111122223333:stream/a' }), 'Partition "aws-cn" is not valid for resource "arn:aws-cn:kinesis:cn-north-1:111122223333:stream/a".'],
    ['a partition with components missing', statement({ Resource: 'x:bogus' }), 'Partition "bogus" is not valid for resource "arn:bogus:*:*:*:*".'],
    ['a region in an iam ARN', statement({ Resource: 'arn:aws:iam:us-east-1:111122223333:user/bob' }), 'IAM resource arn:aws:iam:us-east-1:111122223333:user/bob cannot contain region information.'],
    ['a region in an s3 ARN', statement({ Resource: 'arn:aws:s3:us-east-1::example-bucket' }), 'Resource arn:aws:s3:us-east-1::example-bucket can not contain region information.'],
    [
      'an iam resource of no IAM type',
      statement({ Resource: 'arn:aws:iam::111122223333:stream/x' }),
      'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.',
    ],
    ['a Principal', statement({ Principal: { AWS: `arn:aws:iam::${account}:root` } }), policyErrorReasons.principalInIdentityPolicy],
    ['a NotPrincipal', statement({ NotPrincipal: '*' }), policyErrorReasons.principalInIdentityPolicy],
  ];
  for (const [name, document, reason] of cases) {
    it(`refuses ${name}: "${reason}"`, () => assert.equal(reasonFor(document), reason));
  }

  it('checks shape first: a bad Effect is a syntax error even when actions are missing too', () => {
    assert.equal(reasonFor({ Version: '2012-10-17', Statement: { Effect: 'Maybe', Resource: '*' } }), policyErrorReasons.syntax);
  });

  it('reports missing actions before a malformed resource', () => {
    assert.equal(reasonFor({ Version: '2012-10-17', Statement: { Effect: 'Allow', Resource: 'not-an-arn' } }), policyErrorReasons.missingActions);
  });
});

describe('managed policies need the current language version', () => {
  it('refuses a managed policy without Version', () => {
    assert.equal(reasonFor({ Statement: statement({}).Statement }, 'identity', true), policyErrorReasons.version);
  });
  it('refuses a managed policy of Version 2008-10-17', () => {
    assert.equal(reasonFor({ ...statement({}), Version: '2008-10-17' }, 'identity', true), policyErrorReasons.version);
  });
  it('accepts the same documents as inline policies', () => {
    assert.equal(reasonFor({ Statement: statement({}).Statement }), undefined);
    assert.equal(reasonFor({ ...statement({}), Version: '2008-10-17' }), undefined);
  });
});

describe('documents IAM accepts', () => {
  const cases: Array<[string, unknown]> = [
    ['a single statement object', statement({})],
    ['a statement list', { Version: '2012-10-17', Statement: [statement({}).Statement] }],
    ['string lists', statement({ Action: ['kinesis:PutRecord', 'kinesis:PutRecords'], Resource: [bucket, '*'] })],
    ['an empty Condition', statement({ Condition: {} })],
    ['an unknown operator with nothing under it', statement({ Condition: { SomethingElse: {} } })],
    ['set qualifiers and IfExists', statement({ Condition: { 'ForAllValues:StringEqualsIfExists': { 'kms:EncryptionContextKeys': ['a', 'b'] } } })],
    ['a JSON boolean, as in KMS documentation', statement({ Condition: { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': true } } })],
    ['a JSON number', statement({ Condition: { NumericLessThanEquals: { 'kinesis:Limit': 10 } } })],
    ['dates as ISO 8601 and epoch seconds', statement({ Condition: { DateGreaterThan: { 'aws:CurrentTime': '2017-07-01T00:00:00Z' }, DateLessThan: { 'aws:EpochTime': '1893456000' } } })],
    ['an action name IAM does not check', statement({ Action: 'iam: odd name ' })],
    ['a service IAM does not know', statement({ Resource: 'arn:aws:made-up:::thing' })],
    ['an iam user ARN', statement({ Resource: 'arn:aws:iam::111122223333:user/${aws:username}' })],
    ['empty Sids, which need not be unique', { Version: '2012-10-17', Statement: [{ ...statement({}).Statement, Sid: '' }, { ...statement({}).Statement, Sid: '' }] }],
  ];
  for (const [name, document] of cases) {
    it(`accepts ${name}`, () => assert.equal(reasonFor(document), undefined));
  }

  it('returns the version, Id and compiled statements, frozen', () => {
    const parsed = parsePolicyDocument(JSON.stringify({ Version: '2012-10-17', Id: 'example', Statement: [{ Sid: 'One', Effect: 'Deny', NotAction: 'kinesis:Get*', NotResource: bucket }] }), { kind: 'identity' });
    assert.equal(parsed.version, '2012-10-17');
    assert.equal(parsed.id, 'example');
    assert.equal(parsed.kind, 'identity');
    assert.equal(parsed.statements.length, 1);
    const [only] = parsed.statements;
    assert.equal(only!.sid, 'One');
    assert.equal(only!.effect, 'Deny');
    assert.equal(only!.isNotAction, true);
    assert.equal(only!.isNotResource, true);
    assert.equal(only!.principals, undefined);
    assert.ok(Object.isFrozen(parsed) && Object.isFrozen(parsed.statements) && Object.isFrozen(only));
  });
});

describe('trust policies', () => {
  const trust = (fields: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { Service: 'firehose.amazonaws.com' }, Action: 'sts:AssumeRole', ...fields } });

  it('accept a service principal, an account, and sts:* without Resource', () => {
    assert.equal(reasonFor(trust({}), 'trust'), undefined);
    assert.equal(reasonFor(trust({ Principal: { AWS: account } }), 'trust'), undefined);
    assert.equal(reasonFor(trust({ Action: 'sts:*' }), 'trust'), undefined);
  });
  it('refuse text that is not JSON with CreateRole\'s text', () => assert.equal(reasonFor('{"Version":', 'trust'), policyErrorReasons.trustPolicyJson));
  it('refuse a Resource', () => assert.equal(reasonFor(trust({ Resource: '*' }), 'trust'), 'Has prohibited field Resource'));
  it('refuse a NotResource', () => assert.equal(reasonFor(trust({ NotResource: '*' }), 'trust'), 'Has prohibited field NotResource'));
  it('refuse a statement without principal', () => {
    const document = trust({});
    delete (document.Statement as Record<string, unknown>)['Principal'];
    assert.equal(reasonFor(document, 'trust'), policyErrorReasons.trustPolicyWithoutPrincipal);
  });
  it('refuse actions other than STS role assumption', () => assert.equal(reasonFor(trust({ Action: 'kinesis:PutRecord' }), 'trust'), policyErrorReasons.trustPolicyActions));
  it('refuse such an action even beside sts:AssumeRole', () => assert.equal(reasonFor(trust({ Action: ['sts:AssumeRole', 'kinesis:PutRecord'] }), 'trust'), policyErrorReasons.trustPolicyActions));
  it('refuse a wildcard role ARN as principal, naming it', () => {
    assert.equal(reasonFor(trust({ Principal: { AWS: `arn:aws:iam::${account}:role/*` } }), 'trust'), `Invalid principal in policy: "AWS":"arn:aws:iam::${account}:role/*"`);
  });
  it('refuse an unknown principal type', () => assert.equal(reasonFor(trust({ Principal: { Robot: 'r2' } }), 'trust'), 'Invalid principal in policy: "Robot":"r2"'));
});

describe('KMS key policies', () => {
  it('accept the default key policy', () => assert.equal(reasonFor(defaultKeyPolicy({ accountId: account, region }), 'key'), undefined));
  it('accept the alias/aws/kinesis key policy', () => {
    assert.equal(reasonFor(managedPolicy({ accountId: account, region }, awsManagedAliases.get('alias/aws/kinesis')!), 'key'), undefined);
  });
  it('refuse a statement without principal with KMS\'s text', () => {
    assert.equal(reasonFor(statement({}), 'key'), policyErrorReasons.keyPolicyPrincipals);
  });
  it('refuse a principal that is no principal with KMS\'s text', () => {
    assert.equal(reasonFor(statement({ Principal: { AWS: 'bob' } }), 'key'), 'Policy contains a statement with one or more invalid principals.');
  });
});

describe('other resource policies', () => {
  it('need a principal', () => assert.equal(reasonFor(statement({}), 'resource'), 'Missing required field Principal'));
  it('take "*", an account id, a root ARN, user, role and session ARNs', () => {
    const principals = ['*', account, `arn:aws:iam::${account}:root`, `arn:aws:iam::${account}:user/division/bob`, `arn:aws:iam::${account}:role/producer`, `arn:aws:sts::${account}:assumed-role/producer/s1`];
    assert.equal(reasonFor(statement({ Principal: { AWS: principals } }), 'resource'), undefined);
    assert.equal(reasonFor(statement({ Principal: '*' }), 'resource'), undefined);
  });
  it('refuse a principal list that names no one', () => assert.equal(reasonFor(statement({ Principal: { AWS: [] } }), 'resource'), 'Invalid principal in policy: "AWS":""'));
  it('refuse a principal string other than "*"', () => assert.equal(reasonFor(statement({ Principal: account }), 'resource'), `Invalid principal in policy: "AWS":"${account}"`));
});
