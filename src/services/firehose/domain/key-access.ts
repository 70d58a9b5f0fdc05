// What Firehose SSE needs from KMS beyond the KMS port: its grant on a customer CMK
// (CreateGrant when SSE starts, RetireGrant when the key is no longer used; aws-wire.md
// §3.4 rule 7, §4.7), and the key behind AWS_OWNED_CMK. AWS keeps that key in a service
// account of its own; here it is a symmetric KMS key of the server's own, created on first
// use per region and remembered in the store, which no customer sees in ListKeys:
// - built-in KMS: a key in a reserved account (firehoseServiceAccountId) of the key store;
// - external KMS: a key the server creates with its own --kms-* credentials.
import type { Caller } from '../../context.js';
import type { StorageEngine } from '../../../storage/engine.js';
import type { KmsPort } from '../../kms/port.js';
import type { Kms } from '../../kms/kms.js';
import { resolveKey } from '../../kms/kms.js';
import { createGrantFor, retireGrant } from '../../kms/domain/grants.js';
import { newAwsKey } from '../../kms/domain/aws-managed.js';
import { defaultKeyPolicy } from '../../kms/domain/policies.js';
import type { ExternalKmsClients } from '../../kms/external.js';
import type { GrantRef } from './delivery-streams.js';
import { isConflict } from '../../compare-and-set.js';

/** The account of the AWS_OWNED_CMK keys in the built-in key store [INF]: not one a client is given by default. */
export const firehoseServiceAccountId = '999999999999';

/** Who Firehose's grants name, as grantee and retiring principal [INF]. */
export function firehosePrincipal(region: string): string {
  return `arn:aws:iam::${firehoseServiceAccountId}:role/sealstream-firehose-${region}`;
}

// What Firehose may do with a customer CMK, bound to the delivery stream by encryption
// context (aws-wire.md §3.4 rule 7, the suggested grant).
export const grantOperations = ['Encrypt', 'Decrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'DescribeKey', 'RetireGrant'];

export function encryptionContextOf(deliveryStreamArn: string): Record<string, string> {
  return { 'aws:firehose:arn': deliveryStreamArn };
}

export interface FirehoseKeys {
  port: KmsPort;
  /** The AWS_OWNED_CMK of a region and the caller that uses it. */
  serviceKey(region: string): Promise<{ caller: Caller; keyArn: string }>;
  createGrant(caller: Caller, keyArn: string, deliveryStreamArn: string): Promise<GrantRef>;
  retireGrant(caller: Caller, grant: GrantRef): Promise<void>;
}

export function serviceCaller(region: string): Caller {
  return { accountId: firehoseServiceAccountId, principalArn: firehosePrincipal(region), principalType: 'AWSService', accessKeyId: 'firehose-service', region, sourceIp: '127.0.0.1' };
}

const serviceKeyDocument = (region: string) => `firehose/service-key/${region}`;

/** The stored service key of a region, or the one `create` makes; a lost race deletes its own key through `discard`. */
async function rememberedKey(engine: StorageEngine, region: string, create: () => Promise<string>, discard: (arn: string) => Promise<void>): Promise<string> {
  const existing = await engine.getMeta<{ keyArn: string }>(serviceKeyDocument(region));
  if (existing) return existing.value.keyArn;
  const keyArn = await create();
  try {
    await engine.putMeta(serviceKeyDocument(region), { keyArn }, null);
    return keyArn;
  } catch (error) {
    if (!isConflict(error)) throw error;
    await discard(keyArn);
    return (await engine.getMeta<{ keyArn: string }>(serviceKeyDocument(region)))!.value.keyArn;
  }
}

/**
 * FirehoseKeys.serviceKey over a key store's own way to create and discard a key: one key
 * per region, remembered in the store; concurrent first uses share one creation, and a
 * failed one is forgotten so the next use tries again.
 */
function serviceKeys(
  engine: StorageEngine,
  create: (region: string) => Promise<string>,
  discard: (region: string, arn: string) => Promise<void>,
): FirehoseKeys['serviceKey'] {
  const pending = new Map<string, Promise<string>>();
  return async (region) => {
    let keyArn = pending.get(region);
    if (!keyArn) {
      keyArn = rememberedKey(
        engine,
        region,
        () => create(region),
        (arn) => discard(region, arn),
      );
      keyArn.catch(() => pending.delete(region));
      pending.set(region, keyArn);
    }
    return { caller: serviceCaller(region), keyArn: await keyArn };
  };
}

export function createBuiltInFirehoseKeys(kms: Kms, port: KmsPort): FirehoseKeys {
  const addressIn = (region: string) => ({ accountId: firehoseServiceAccountId, region });
  return {
    port,
    serviceKey: serviceKeys(
      kms.engine,
      async (region) => {
        const address = addressIn(region);
        const key = newAwsKey(kms, address, { description: 'Sealstream Firehose AWS_OWNED_CMK', policy: defaultKeyPolicy(address) });
        await kms.keys.create(key);
        return key.arn;
      },
      async (region, arn) => void (await kms.keys.delete(addressIn(region), arn.slice(arn.lastIndexOf('/') + 1))),
    ),
    async createGrant(caller, keyArn, deliveryStreamArn) {
      const key = await resolveKey(kms, caller, keyArn);
      const principal = firehosePrincipal(caller.region);
      const issued = await createGrantFor(kms, key, {
        grantee: principal,
        retiringPrincipal: principal,
        operations: grantOperations,
        constraints: { EncryptionContextSubset: encryptionContextOf(deliveryStreamArn) },
      });
      return { keyArn: key.arn, grantId: issued.grantId };
    },
    async retireGrant(caller, grant) {
      const key = await resolveKey(kms, caller, grant.keyArn);
      await retireGrant(kms, key, grant.grantId);
    },
  };
}

export function createExternalFirehoseKeys(clients: ExternalKmsClients, port: KmsPort, engine: StorageEngine): FirehoseKeys {
  return {
    port,
    serviceKey: serviceKeys(
      engine,
      async (region) => {
        const created = await clients.send(region, 'CreateKey', { Description: 'Sealstream Firehose AWS_OWNED_CMK', KeyUsage: 'ENCRYPT_DECRYPT', KeySpec: 'SYMMETRIC_DEFAULT' });
        return (created['KeyMetadata'] as { Arn: string }).Arn;
      },
      async (region, arn) => void (await clients.send(region, 'ScheduleKeyDeletion', { KeyId: arn, PendingWindowInDays: 7 })),
    ),
    async createGrant(caller, keyArn, deliveryStreamArn) {
      const principal = firehosePrincipal(caller.region);
      const created = await clients.send(caller.region, 'CreateGrant', {
        KeyId: keyArn,
        GranteePrincipal: principal,
        RetiringPrincipal: principal,
        Operations: grantOperations,
        Constraints: { EncryptionContextSubset: encryptionContextOf(deliveryStreamArn) },
      });
      const described = await port.describeKey(caller, keyArn);
      return { keyArn: described.Arn!, grantId: created['GrantId'] as string };
    },
    async retireGrant(caller, grant) {
      await clients.send(caller.region, 'RetireGrant', { KeyId: grant.keyArn, GrantId: grant.grantId });
    },
  };
}
