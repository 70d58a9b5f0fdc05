// The authorizer's per-request cost on the data path: a PutRecord to an encrypted stream
// asks twice (kinesis:PutRecord on the stream, kms:GenerateDataKey on its key), each time
// with the caller's identity policies and, for the key, its key policy. Uncached is what
// a request pays after any policy change; cached is the steady state (the cache looks up
// by the request's own ARN strings, as the data path passes the stream's and key's ARNs).
import { DecisionCache, evaluate, parsePolicyDocument, principalConditionValues, type AuthorizationQuery, type Policy, type Principal } from '../../../../src/services/iam/domain/policy/index.js';
import { awsManagedAliases, managedPolicy } from '../../../../src/services/kms/domain/aws-managed.js';
import { defaultKeyPolicy } from '../../../../src/services/kms/domain/policies.js';
import { measure, report } from '../../measure.js';

const account = '111122223333';
const region = 'us-east-1';
const streamArn = `arn:aws:kinesis:${region}:${account}:stream/orders`;
const keyArn = `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const producer: Principal = { arn: `arn:aws:sts::${account}:assumed-role/producer/i-0abc`, type: 'AssumedRole', accountId: account, roleArn: `arn:aws:iam::${account}:role/producer` };

const identity = (document: object): Policy => parsePolicyDocument(JSON.stringify({ Version: '2012-10-17', ...document }), { kind: 'identity' });

// A realistic producer role: a managed read-only policy, the producer's own grants, a guard rail.
const identityPolicies = [
  identity({ Statement: [{ Effect: 'Allow', Action: ['kinesis:Describe*', 'kinesis:List*', 'kinesis:Get*'], Resource: '*' }, { Effect: 'Allow', Action: ['cloudwatch:PutMetricData'], Resource: '*' }] }),
  identity({
    Statement: [
      { Sid: 'Produce', Effect: 'Allow', Action: ['kinesis:PutRecord', 'kinesis:PutRecords'], Resource: `arn:aws:kinesis:${region}:${account}:stream/orders*` },
      { Sid: 'Seal', Effect: 'Allow', Action: ['kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: keyArn, Condition: { StringEquals: { 'kms:ViaService': `kinesis.${region}.amazonaws.com` } } },
    ],
  }),
  identity({ Statement: [{ Sid: 'OnlyFromOffice', Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } } }] }),
];
const keyPolicy = parsePolicyDocument(defaultKeyPolicy({ accountId: account, region }), { kind: 'key' });
const kinesisKeyPolicy = parsePolicyDocument(managedPolicy({ accountId: account, region }, awsManagedAliases.get('alias/aws/kinesis')!), { kind: 'key' });

const context = {
  ...principalConditionValues(producer, 'AROAEXAMPLEROLEID'),
  'aws:SourceIp': '10.1.2.3',
  'aws:SecureTransport': 'false',
  'aws:RequestedRegion': region,
  'kms:ViaService': `kinesis.${region}.amazonaws.com`,
  'kms:CallerAccount': account,
  'kms:EncryptionContext:aws:kinesis:arn': streamArn,
};
const putQuery: AuthorizationQuery = { principal: producer, action: 'kinesis:PutRecord', resource: streamArn, context };
const keyQuery: AuthorizationQuery = { principal: producer, action: 'kms:GenerateDataKey', resource: keyArn, context, isResourcePolicyRequired: true };

const putRequest = { ...putQuery, identityPolicies };
const keyRequest = { ...keyQuery, identityPolicies, resourcePolicy: keyPolicy };
const managedKeyRequest = { ...keyQuery, identityPolicies: [], resourcePolicy: kinesisKeyPolicy };
const loadForPut = () => ({ identityPolicies });
const loadForKey = () => ({ identityPolicies, resourcePolicy: keyPolicy });

export function run(): void {
  if (![putRequest, keyRequest, managedKeyRequest].every((request) => evaluate(request).allowed)) throw new Error('the benchmark scenario must be allowed');
  const cache = new DecisionCache();
  let epoch = 0;
  report('iam policy: per authorization', [
    measure('parsePolicyDocument (default key policy)', () => parsePolicyDocument(defaultKeyPolicy({ accountId: account, region }), { kind: 'key' }), 20_000),
    measure('evaluate kinesis:PutRecord (3 identity policies)', () => evaluate(putRequest), 200_000),
    measure('evaluate kms:GenerateDataKey (identity + default key policy)', () => evaluate(keyRequest), 200_000),
    measure('evaluate kms:GenerateDataKey (alias/aws/kinesis policy)', () => evaluate(managedKeyRequest), 200_000),
    measure('DecisionCache.decide, hit (PutRecord + GenerateDataKey)', () => {
      cache.decide(putQuery, 1, loadForPut);
      cache.decide(keyQuery, 1, loadForKey);
    }, 500_000),
    measure('DecisionCache.decide, miss after an epoch bump (both)', () => {
      epoch++;
      cache.decide(putQuery, epoch + 1, loadForPut);
      cache.decide(keyQuery, epoch + 1, loadForKey);
    }, 50_000),
  ]);
}
