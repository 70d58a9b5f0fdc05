// Condition operators, one table each: matching values, other values, a missing key.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../src/services/iam/domain/policy/index.js';
import { bob, policy } from '../helpers/policies.js';

type Context = Record<string, string | string[]>;

/** Whether an Allow statement with this Condition element lets bob call kms:Decrypt. */
function holds(condition: Record<string, unknown>, context: Context, version: string | null = '2012-10-17'): boolean {
  const document = { ...(version ? { Version: version } : {}), Statement: { Effect: 'Allow', Action: 'kms:*', Resource: '*', Condition: condition } };
  return evaluate({ principal: bob, action: 'kms:Decrypt', resource: '*', identityPolicies: [policy(document)], context }).allowed;
}

type Row = [string, Record<string, unknown>, Context, boolean];

function table(title: string, rows: Row[]): void {
  describe(title, () => {
    for (const [name, condition, context, expected] of rows) {
      it(`${name}: ${expected}`, () => assert.equal(holds(condition, context), expected));
    }
  });
}

const user = (name: string): Context => ({ 'aws:username': name });

table('string operators', [
  ['StringEquals, same value', { StringEquals: { 'aws:username': 'bob' } }, user('bob'), true],
  ['StringEquals is case-sensitive', { StringEquals: { 'aws:username': 'bob' } }, user('Bob'), false],
  ['StringEquals, missing key', { StringEquals: { 'aws:username': 'bob' } }, {}, false],
  ['StringNotEquals, same value', { StringNotEquals: { 'aws:username': 'bob' } }, user('bob'), false],
  ['StringNotEquals, other value', { StringNotEquals: { 'aws:username': 'bob' } }, user('alice'), true],
  ['StringNotEquals, missing key', { StringNotEquals: { 'aws:username': 'bob' } }, {}, true],
  ['StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { 'aws:username': 'bob' } }, user('BOB'), true],
  ['StringEqualsIgnoreCase, other value', { StringEqualsIgnoreCase: { 'aws:username': 'bob' } }, user('bobby'), false],
  ['StringNotEqualsIgnoreCase, same but for case', { StringNotEqualsIgnoreCase: { 'aws:username': 'bob' } }, user('BOB'), false],
  ['StringNotEqualsIgnoreCase, other value', { StringNotEqualsIgnoreCase: { 'aws:username': 'bob' } }, user('alice'), true],
  ['StringLike with *', { StringLike: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'home/bob/notes' }, true],
  ['StringLike with ?', { StringLike: { 's3:prefix': 'home/b?b' } }, { 's3:prefix': 'home/bob' }, true],
  ['StringLike is case-sensitive', { StringLike: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'Home/bob' }, false],
  ['StringLike needs a wildcard for a partial match', { StringLike: { 's3:prefix': 'home' } }, { 's3:prefix': 'home/bob' }, false],
  ['StringNotLike, matching value', { StringNotLike: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'home/bob' }, false],
  ['StringNotLike, missing key', { StringNotLike: { 's3:prefix': 'home/*' } }, {}, true],
]);

table('values, keys and operators combine', [
  ['values of one key are alternatives', { StringEquals: { 'aws:username': ['alice', 'bob'] } }, user('bob'), true],
  ['keys of one operator must all hold (one fails)', { StringEquals: { 'aws:username': 'bob', 'aws:PrincipalType': 'User' } }, { ...user('bob'), 'aws:PrincipalType': 'AssumedRole' }, false],
  ['keys of one operator must all hold (both hold)', { StringEquals: { 'aws:username': 'bob', 'aws:PrincipalType': 'User' } }, { ...user('bob'), 'aws:PrincipalType': 'User' }, true],
  ['operators must all hold', { StringEquals: { 'aws:username': 'bob' }, Bool: { 'aws:SecureTransport': 'true' } }, { ...user('bob'), 'aws:SecureTransport': 'false' }, false],
  ['condition keys are case-insensitive', { StringEquals: { 'AWS:UserName': 'bob' } }, user('bob'), true],
  ['context keys are case-insensitive', { StringEquals: { 'aws:username': 'bob' } }, { 'AWS:USERNAME': 'bob' }, true],
  ['the kms:EncryptionContext: key is case-insensitive, its value not', { StringEquals: { 'kms:EncryptionContext:appname': 'Orders' } }, { 'kms:EncryptionContext:AppName': 'Orders' }, true],
  ['an unknown operator with nothing under it has no effect', { SomethingElse: {} }, {}, true],
]);

table('numeric operators', [
  ['NumericEquals across notations', { NumericEquals: { 'kinesis:Limit': '10' } }, { 'kinesis:Limit': '10.0' }, true],
  ['NumericEquals, JSON number in the policy', { NumericEquals: { 'kinesis:Limit': 10 } }, { 'kinesis:Limit': '10' }, true],
  ['NumericNotEquals', { NumericNotEquals: { 'kinesis:Limit': '10' } }, { 'kinesis:Limit': '11' }, true],
  ['NumericNotEquals, missing key', { NumericNotEquals: { 'kinesis:Limit': '10' } }, {}, true],
  ['NumericLessThan, below', { NumericLessThan: { 'kinesis:Limit': '10' } }, { 'kinesis:Limit': '9.5' }, true],
  ['NumericLessThan, equal', { NumericLessThan: { 'kinesis:Limit': '10' } }, { 'kinesis:Limit': '10' }, false],
  ['NumericLessThanEquals, equal', { NumericLessThanEquals: { 'kinesis:Limit': '10' } }, { 'kinesis:Limit': '10' }, true],
  ['NumericGreaterThan, above', { NumericGreaterThan: { 'kinesis:Limit': '10' } }, { 'kinesis:Limit': '1e2' }, true],
  ['NumericGreaterThan, equal', { NumericGreaterThan: { 'kinesis:Limit': '10' } }, { 'kinesis:Limit': '10' }, false],
  ['NumericGreaterThanEquals, equal', { NumericGreaterThanEquals: { 'kinesis:Limit': '-1' } }, { 'kinesis:Limit': '-1' }, true],
  ['a request value that is no number', { NumericLessThan: { 'kinesis:Limit': '10' } }, { 'kinesis:Limit': 'ten' }, false],
  ['NumericLessThan, missing key', { NumericLessThan: { 'kinesis:Limit': '10' } }, {}, false],
]);

const now = { 'aws:CurrentTime': '2024-05-01T12:00:00Z', 'aws:EpochTime': '1714564800' };
table('date operators', [
  ['DateLessThan, before', { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }, now, true],
  ['DateLessThan, after', { DateLessThan: { 'aws:CurrentTime': '2020-01-01' } }, now, false],
  ['DateLessThanEquals, the same instant', { DateLessThanEquals: { 'aws:CurrentTime': '2024-05-01T12:00:00Z' } }, now, true],
  ['DateGreaterThan with epoch seconds', { DateGreaterThan: { 'aws:EpochTime': '1700000000' } }, now, true],
  ['DateGreaterThanEquals, the same instant in another zone', { DateGreaterThanEquals: { 'aws:CurrentTime': '2024-05-01T14:00:00+02:00' } }, now, true],
  ['DateGreaterThan, the same instant', { DateGreaterThan: { 'aws:CurrentTime': '2024-05-01T14:00:00+02:00' } }, now, false],
  ['DateEquals, ISO against epoch', { DateEquals: { 'aws:CurrentTime': '1714564800' } }, now, true],
  ['DateNotEquals', { DateNotEquals: { 'aws:CurrentTime': '2024-05-01T12:00:01Z' } }, now, true],
  ['DateLessThan, missing key', { DateLessThan: { 'aws:TokenIssueTime': '2030-01-01' } }, now, false],
]);

table('Bool, BinaryEquals', [
  ['Bool true', { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'true' }, true],
  ['Bool, other value', { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'false' }, false],
  ['Bool, JSON boolean and any case', { Bool: { 'aws:SecureTransport': true } }, { 'aws:SecureTransport': 'TRUE' }, true],
  ['Bool, missing key', { Bool: { 'aws:SecureTransport': 'false' } }, {}, false],
  ['BinaryEquals, same bytes', { BinaryEquals: { 'example:blob': Buffer.from('binary').toString('base64') } }, { 'example:blob': Buffer.from('binary').toString('base64') }, true],
  ['BinaryEquals, other bytes', { BinaryEquals: { 'example:blob': Buffer.from('binary').toString('base64') } }, { 'example:blob': Buffer.from('other').toString('base64') }, false],
]);

table('IP address operators', [
  ['IpAddress, IPv4 in range', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.7' }, true],
  ['IpAddress, IPv4 out of range', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.114.7' }, false],
  ['IpAddress, an odd prefix', { IpAddress: { 'aws:SourceIp': '10.0.0.0/9' } }, { 'aws:SourceIp': '10.127.255.255' }, true],
  ['IpAddress, an odd prefix, just outside', { IpAddress: { 'aws:SourceIp': '10.0.0.0/9' } }, { 'aws:SourceIp': '10.128.0.0' }, false],
  ['IpAddress without prefix is /32', { IpAddress: { 'aws:SourceIp': '203.0.113.7' } }, { 'aws:SourceIp': '203.0.113.8' }, false],
  ['IpAddress, IPv6 in range', { IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } }, { 'aws:SourceIp': '2001:db8:1234:5678:abcd::1' }, true],
  ['IpAddress, IPv6 out of range', { IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } }, { 'aws:SourceIp': '2001:db8:1234:5679::1' }, false],
  ['IpAddress, an IPv4-mapped IPv6 peer', { IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } }, { 'aws:SourceIp': '::ffff:127.0.0.1' }, true],
  ['IpAddress, IPv4 against an IPv6 range', { IpAddress: { 'aws:SourceIp': '::/0' } }, { 'aws:SourceIp': '203.0.113.7' }, false],
  ['IpAddress, mixed list', { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } }, { 'aws:SourceIp': '2001:db8:1234:5678::9' }, true],
  ['IpAddress, a dotted quad with a leading zero is no address', { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, { 'aws:SourceIp': '010.1.2.3' }, false],
  ['IpAddress, a dotted quad out of range is no address', { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, { 'aws:SourceIp': '10.1.2.256' }, false],
  ['IpAddress, the whole IPv4 space', { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, { 'aws:SourceIp': '255.255.255.255' }, true],
  ['IpAddress, a request value that is no address', { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, { 'aws:SourceIp': 'localhost' }, false],
  ['NotIpAddress, out of range', { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '198.51.100.1' }, true],
  ['NotIpAddress, in range', { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.1' }, false],
  ['NotIpAddress, missing key', { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, {}, true],
]);

const principalArn = (arn: string): Context => ({ 'aws:PrincipalArn': arn });
table('ARN operators', [
  ['ArnEquals, same ARN', { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/producer' } }, principalArn('arn:aws:iam::111122223333:role/producer'), true],
  ['ArnLike, wildcard in the resource component', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/app-*' } }, principalArn('arn:aws:iam::111122223333:role/app-writer'), true],
  ['ArnLike, wildcard account', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/app-*' } }, principalArn('arn:aws:iam::444455556666:role/app-writer'), true],
  ['ArnLike, other role', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/app-*' } }, principalArn('arn:aws:iam::111122223333:role/admin'), false],
  ['ArnLike is case-sensitive', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/app-*' } }, principalArn('arn:aws:iam::111122223333:role/App-writer'), false],
  ['ArnNotEquals, other ARN', { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/producer' } }, principalArn('arn:aws:iam::111122223333:role/consumer'), true],
  ['ArnNotLike, matching ARN', { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/*' } }, principalArn('arn:aws:iam::111122223333:role/producer'), false],
  ['ArnNotLike, missing key', { ArnNotLike: { 'aws:SourceArn': 'arn:aws:kinesis:*:*:stream/*' } }, {}, true],
]);

table('Null', [
  ['Null true, key missing', { Null: { 'aws:TokenIssueTime': 'true' } }, {}, true],
  ['Null true, key present', { Null: { 'aws:TokenIssueTime': 'true' } }, { 'aws:TokenIssueTime': '2024-05-01T00:00:00Z' }, false],
  ['Null false, key present', { Null: { 'aws:TokenIssueTime': 'false' } }, { 'aws:TokenIssueTime': '2024-05-01T00:00:00Z' }, true],
  ['Null false, key missing', { Null: { 'aws:TokenIssueTime': 'false' } }, {}, false],
  ['Null with a JSON boolean', { Null: { 'kms:BypassPolicyLockoutSafetyCheck': true } }, {}, true],
  ['an empty list is no value', { Null: { 'kms:EncryptionContextKeys': 'true' } }, { 'kms:EncryptionContextKeys': [] }, true],
]);

table('...IfExists', [
  ['StringEqualsIfExists, missing key', { StringEqualsIfExists: { 'kms:ViaService': 'kinesis.us-east-1.amazonaws.com' } }, {}, true],
  ['StringEqualsIfExists, matching value', { StringEqualsIfExists: { 'kms:ViaService': 'kinesis.us-east-1.amazonaws.com' } }, { 'kms:ViaService': 'kinesis.us-east-1.amazonaws.com' }, true],
  ['StringEqualsIfExists, other value', { StringEqualsIfExists: { 'kms:ViaService': 'kinesis.us-east-1.amazonaws.com' } }, { 'kms:ViaService': 'firehose.us-east-1.amazonaws.com' }, false],
  ['NumericLessThanIfExists, missing key', { NumericLessThanIfExists: { 'kinesis:Limit': '5' } }, {}, true],
  ['StringNotEqualsIfExists, matching value', { StringNotEqualsIfExists: { 'aws:username': 'bob' } }, user('bob'), false],
]);

const keys = (...values: string[]): Context => ({ 'kms:EncryptionContextKeys': values });
table('set qualifiers over multivalued keys', [
  ['ForAllValues, every request value listed', { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['app', 'team', 'stage'] } }, keys('app', 'team'), true],
  ['ForAllValues, one request value not listed', { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['app', 'team'] } }, keys('app', 'owner'), false],
  ['ForAllValues, empty set', { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['app'] } }, keys(), true],
  ['ForAllValues, missing key', { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['app'] } }, {}, true],
  ['ForAllValues:StringLike', { 'ForAllValues:StringLike': { 'kms:EncryptionContextKeys': 'aws:kinesis:*' } }, keys('aws:kinesis:arn'), true],
  ['ForAnyValue, one request value listed', { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['app'] } }, keys('owner', 'app'), true],
  ['ForAnyValue, none listed', { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['app'] } }, keys('owner'), false],
  ['ForAnyValue, empty set', { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['app'] } }, keys(), false],
  ['ForAnyValue, missing key', { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['app'] } }, {}, false],
  ['ForAnyValue over a single-valued key', { 'ForAnyValue:StringEquals': { 'aws:username': ['bob'] } }, user('bob'), true],
  ['ForAllValues:StringNotEquals, no request value listed', { 'ForAllValues:StringNotEquals': { 'kms:GrantOperations': ['CreateGrant'] } }, { 'kms:GrantOperations': ['Decrypt', 'Encrypt'] }, true],
  ['ForAllValues:StringNotEquals, one listed', { 'ForAllValues:StringNotEquals': { 'kms:GrantOperations': ['CreateGrant'] } }, { 'kms:GrantOperations': ['Decrypt', 'CreateGrant'] }, false],
  ['ForAnyValue:StringNotEquals, one not listed', { 'ForAnyValue:StringNotEquals': { 'kms:GrantOperations': ['Decrypt'] } }, { 'kms:GrantOperations': ['Decrypt', 'Encrypt'] }, true],
  ['ForAnyValue:StringNotEquals, all listed', { 'ForAnyValue:StringNotEquals': { 'kms:GrantOperations': ['Decrypt'] } }, { 'kms:GrantOperations': ['Decrypt'] }, false],
  ['ForAnyValue:StringEqualsIfExists, missing key', { 'ForAnyValue:StringEqualsIfExists': { 'kms:EncryptionContextKeys': ['app'] } }, {}, true],
  ['a multivalued key without qualifier: any value may match', { StringEquals: { 'kms:GrantOperations': 'Decrypt' } }, { 'kms:GrantOperations': ['Encrypt', 'Decrypt'] }, true],
]);

table('policy variables in condition values', [
  ['StringEquals against ${aws:username}', { StringEquals: { 'kms:EncryptionContext:owner': '${aws:username}' } }, { 'kms:EncryptionContext:owner': 'bob', 'aws:username': 'bob' }, true],
  ['StringEquals against ${aws:username}, other owner', { StringEquals: { 'kms:EncryptionContext:owner': '${aws:username}' } }, { 'kms:EncryptionContext:owner': 'alice', 'aws:username': 'bob' }, false],
  ['StringLike with a variable inside a pattern', { StringLike: { 's3:prefix': 'home/${aws:username}/*' } }, { 's3:prefix': 'home/bob/a', 'aws:username': 'bob' }, true],
  ['an unresolved variable matches nothing', { StringEquals: { 'kms:EncryptionContext:owner': '${aws:username}' } }, { 'kms:EncryptionContext:owner': '' }, false],
  ['ArnLike against ${aws:PrincipalArn}', { ArnLike: { 'aws:SourceArn': '${aws:PrincipalArn}' } }, { 'aws:SourceArn': 'arn:aws:iam::111122223333:user/bob', 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/bob' }, true],
  ['the default of a missing variable', { StringEquals: { 'kms:EncryptionContext:owner': "${aws:username, 'nobody'}" } }, { 'kms:EncryptionContext:owner': 'nobody' }, true],
]);

describe('policy variables need Version 2012-10-17', () => {
  it('reads ${aws:username} literally in an unversioned policy', () => {
    const condition = { StringEquals: { 'kms:EncryptionContext:owner': '${aws:username}' } };
    assert.equal(holds(condition, { 'kms:EncryptionContext:owner': 'bob', 'aws:username': 'bob' }, null), false);
    assert.equal(holds(condition, { 'kms:EncryptionContext:owner': '${aws:username}', 'aws:username': 'bob' }, null), true);
  });
});
