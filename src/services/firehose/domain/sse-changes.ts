// What CreateDeliveryStream (with SSE), StartDeliveryStreamEncryption and
// StopDeliveryStreamEncryption share (aws-wire.md §3.3–3.4):
// - KeyType and KeyARN must agree (rule 2);
// - the key is checked synchronously with DescribeKey as the caller: missing, disabled,
//   pending deletion or refused is InvalidKMSResourceException at once, with KMS's code;
// - a key KMS knows but Firehose cannot use (asymmetric, or not ENCRYPT_DECRYPT: rule 3)
//   and a grant KMS refuses are discovered "later": the transition ends in ENABLING_FAILED
//   (or CREATING_FAILED) with a FailureDescription, and the old key stays in force;
// - a customer CMK protects at most 500 delivery streams (rule 4);
// - Start and Stop share 25 calls per delivery stream per 24 hours (rule 5).
import type { DeliveryStreamEncryptionConfigurationInput, FailureDescription } from '../../../generated/firehose-shapes.js';
import type { Caller } from '../../context.js';
import { AwsError } from '../../errors.js';
import { firehoseErrors } from '../errors.js';
import type { Firehose } from '../firehose.js';
import type { DeliveryStreamDoc, SealingKey } from './delivery-streams.js';
import { toFirehoseError } from './encryption.js';

const dayMs = 86_400_000;

export interface PreparedKey {
  key: SealingKey;
  /** Set when the transition is to fail (the "asynchronous" failures). */
  outcome?: FailureDescription;
}

// How a KMS refusal met later is described (aws-wire.md §4.11, Firehose async column).
const failureTypes: Record<string, FailureDescription['Type']> = {
  NotFoundException: 'KMS_KEY_NOT_FOUND',
  DisabledException: 'DISABLED_KMS_KEY',
  KMSInvalidStateException: 'INVALID_KMS_KEY',
  AccessDeniedException: 'KMS_ACCESS_DENIED',
  KMSOptInRequired: 'KMS_OPT_IN_REQUIRED',
};

/** The key of an encryption configuration, checked as far as AWS checks it at once; no grant yet. */
export async function prepareKey(firehose: Firehose, input: DeliveryStreamEncryptionConfigurationInput | undefined, caller: Caller): Promise<PreparedKey> {
  const keyType = input?.KeyType ?? 'AWS_OWNED_CMK';
  // Wording unrecorded [INF].
  if (keyType === 'CUSTOMER_MANAGED_CMK' && input?.KeyARN === undefined) {
    throw firehoseErrors.invalidArgument('KeyARN is required when KeyType is CUSTOMER_MANAGED_CMK.');
  }
  if (keyType === 'AWS_OWNED_CMK' && input?.KeyARN !== undefined) {
    throw firehoseErrors.invalidArgument('KeyARN must not be specified when KeyType is AWS_OWNED_CMK.');
  }
  if (keyType === 'AWS_OWNED_CMK') {
    const service = await firehose.keys.serviceKey(caller.region);
    return { key: { keyType, keyArn: service.keyArn } };
  }
  const givenKeyArn = input!.KeyARN!;
  let metadata;
  try {
    metadata = await firehose.keys.port.describeKey(caller, givenKeyArn);
  } catch (error) {
    throw toFirehoseError(error);
  }
  const keyArn = metadata.Arn!;
  // DescribeKey answers for a disabled or doomed key; KMS's own texts for them (aws-wire.md §4.5).
  if (metadata.KeyState === 'Disabled') throw firehoseErrors.invalidKmsResource('DisabledException', `${keyArn} is disabled.`);
  if (metadata.KeyState === 'PendingDeletion') throw firehoseErrors.invalidKmsResource('KMSInvalidStateException', `${keyArn} is pending deletion.`);
  if (metadata.KeyState === 'PendingImport') throw firehoseErrors.invalidKmsResource('KMSInvalidStateException', `${keyArn} is pending import.`);
  const key: SealingKey = { keyType, keyArn, givenKeyArn };
  if (metadata.KeySpec !== 'SYMMETRIC_DEFAULT' || metadata.KeyUsage !== 'ENCRYPT_DECRYPT') {
    return { key, outcome: { Type: 'INVALID_KMS_KEY', Details: `Firehose supports only symmetric encryption KMS keys; ${keyArn} has KeySpec ${metadata.KeySpec} and KeyUsage ${metadata.KeyUsage}.` } };
  }
  return { key };
}

/** LimitExceededException when the CMK already protects as many delivery streams as it may. */
export async function checkStreamsPerKey(firehose: Firehose, key: SealingKey, caller: Caller, except?: string): Promise<void> {
  if (key.keyType !== 'CUSTOMER_MANAGED_CMK') return;
  const users = (await firehose.streams.list(caller.accountId, caller.region)).filter(
    (stream) => stream.uuid !== except && (stream.encryption.active?.keyArn === key.keyArn || (stream.encryption.status === 'ENABLING' && stream.encryption.requested?.keyArn === key.keyArn)),
  );
  if (users.length >= firehose.limits.streamsPerKey) {
    throw firehoseErrors.limitExceeded(`The CMK ${key.keyArn} is already used by ${users.length} delivery streams, the most one CMK may protect.`);
  }
}

/** Creates Firehose's grant on a customer CMK; a refusal becomes the transition's failure. */
export async function attachGrant(firehose: Firehose, prepared: PreparedKey, deliveryStreamArn: string, caller: Caller): Promise<PreparedKey> {
  if (prepared.outcome || prepared.key.keyType !== 'CUSTOMER_MANAGED_CMK') return prepared;
  try {
    const grant = await firehose.keys.createGrant(caller, prepared.key.keyArn, deliveryStreamArn);
    return { key: { ...prepared.key, grant } };
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    return { key: prepared.key, outcome: { Type: failureTypes[error.code] ?? 'CREATE_KMS_GRANT_FAILED', Details: error.message || `CreateGrant failed with ${error.code}.` } };
  }
}

/** The recent Start/Stop calls, or LimitExceededException when the shared daily budget is spent [INF text]. */
export function checkChangeBudget(firehose: Firehose, stream: DeliveryStreamDoc): number[] {
  const now = firehose.now();
  const recent = stream.encryptionChanges.filter((time) => now - time < dayMs);
  if (recent.length >= firehose.limits.encryptionChangesPerDay) {
    throw firehoseErrors.limitExceeded(
      `StartDeliveryStreamEncryption and StopDeliveryStreamEncryption have been called ${recent.length} times for ${stream.name} in the last 24 hours, the most allowed. Try again later.`,
    );
  }
  return recent;
}

/** Start and Stop wait for a running SSE transition to end [INF]. */
export function ensureNoTransition(stream: DeliveryStreamDoc): void {
  const status = stream.encryption.status;
  if (status === 'ENABLING' || status === 'DISABLING') {
    throw firehoseErrors.resourceInUse(`Firehose ${stream.name} under account ${stream.accountId} is in encryption status ${status}; try again when it has finished.`);
  }
}
