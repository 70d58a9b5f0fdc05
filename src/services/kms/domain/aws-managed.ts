// AWS-managed keys such as alias/aws/kinesis: created on first use in each account and
// region, KeyManager AWS, a fixed policy, rotation always on (aws-wire.md §4.6; the
// policy is AWS's own, as published in FogSecurity/aws-managed-kms-keys).
import type { Kms } from '../kms.js';
import { aliasArn } from './aliases.js';
import { dayMs, keyArn, type KeyAddress, type KeyDoc } from './keys.js';

interface ManagedService {
  /** `kinesis`, the service in kms:ViaService. */
  service: string;
  displayName: string;
}

export const awsManagedAliases = new Map<string, ManagedService>([['alias/aws/kinesis', { service: 'kinesis', displayName: 'Kinesis' }]]);

/** The key policy AWS gives an AWS-managed key; exported so policy evaluation can be tested against it. */
export function managedPolicy(address: KeyAddress, managed: ManagedService): string {
  const policy = {
    Version: '2012-10-17',
    Id: `auto-${managed.service}-1`,
    Statement: [
      {
        Sid: `Allow access through Amazon ${managed.displayName} for all principals in the account that are authorized to use Amazon ${managed.displayName}`,
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': address.accountId, 'kms:ViaService': `${managed.service}.${address.region}.amazonaws.com` } },
      },
      {
        Sid: 'Allow direct access to key metadata to the account',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${address.accountId}:root` },
        Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'],
        Resource: '*',
      },
    ],
  };
  return JSON.stringify(policy, null, 2);
}

/**
 * A new symmetric key that AWS, not the customer, manages (KeyManager AWS): rotation is
 * always on, yearly (aws-wire.md §4.6). The AWS-managed keys here use it, and so does
 * Firehose for its AWS_OWNED_CMK.
 */
export function newAwsKey(kms: Kms, address: KeyAddress, fields: { description: string; policy: string }): KeyDoc {
  const keyId = kms.keys.newKeyId();
  const arn = keyArn(address, keyId);
  const now = kms.now();
  return {
    keyId,
    arn,
    ...address,
    createdAt: now,
    description: fields.description,
    keyUsage: 'ENCRYPT_DECRYPT',
    keySpec: 'SYMMETRIC_DEFAULT',
    origin: 'AWS_KMS',
    manager: 'AWS',
    state: 'Enabled',
    policy: fields.policy,
    tags: [],
    rotation: { enabled: true, periodDays: 365, nextRotation: now + 365 * dayMs },
    materials: [kms.keys.newMaterial(arn)],
  };
}

/** Creates the key and its alias, or returns the key another request created first. */
export async function createAwsManagedKey(kms: Kms, address: KeyAddress, aliasName: string): Promise<KeyDoc> {
  const managed = awsManagedAliases.get(aliasName)!;
  const key = newAwsKey(kms, address, {
    description: `Default master key that protects my ${managed.displayName} data when no other key is defined`,
    policy: managedPolicy(address, managed),
  });
  const { keyId, createdAt: now } = key;
  await kms.keys.create(key);
  const created = await kms.aliases.create({ name: aliasName, arn: aliasArn(address, aliasName), ...address, targetKeyId: keyId, createdAt: now, updatedAt: now });
  if (created) return key;
  // Another request won the race: its key is the one; this one was never referenced and
  // must not linger in ListKeys.
  await kms.keys.delete(address, keyId);
  const alias = await kms.aliases.find(address, aliasName);
  const winner = alias && (await kms.keys.find(address, alias.targetKeyId));
  if (!winner) throw new Error(`the AWS managed key of ${aliasName} vanished`);
  return winner;
}
