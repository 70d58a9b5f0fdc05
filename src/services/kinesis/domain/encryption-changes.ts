// What StartStreamEncryption and StopStreamEncryption share (aws-wire.md §2.1–2.4):
// EncryptionType must be KMS, the KeyId must have one of KMS's identifier forms, and
// each has its own budget of 25 successful calls per stream per rolling 24 hours.
import { kinesisErrors } from '../errors.js';
import type { StreamDoc } from './streams.js';

export const changesPerDay = 25;
const dayMs = 86_400_000;

export function checkEncryptionType(encryptionType: string): void {
  // The model documents KMS as the sole accepted value of both operations (kinesis-mock's text).
  if (encryptionType !== 'KMS') throw kinesisErrors.invalidArgument('KMS is the only valid EncryptionType for this request');
}

const keyIdForms = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-f]{32}|alias\/[a-zA-Z0-9:/_-]+)$/;
const keyArnForms = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[a-zA-Z0-9-]+|alias\/[a-zA-Z0-9:/_-]+)$/;

/** A KeyId that no KMS identifier form matches is refused before KMS is asked (kinesis-mock's texts). */
export function checkKeyIdForm(keyId: string): void {
  if (keyId.startsWith('arn:')) {
    if (!keyArnForms.test(keyId)) throw kinesisErrors.invalidArgument('Received KeyId ARN is not a properly formatted ARN');
    return;
  }
  if (!keyIdForms.test(keyId)) throw kinesisErrors.invalidArgument('Received KeyId is not a properly formatted Alias or GUID');
}

/** Refuses a 26th successful change of this kind within 24 hours; the caller records the change when it succeeds. */
export function checkChangeBudget(stream: StreamDoc, kind: 'starts' | 'stops', now: number): number[] {
  const recent = (stream.encryptionEvents?.[kind] ?? []).filter((time) => now - time < dayMs);
  if (recent.length >= changesPerDay) {
    const operation = kind === 'starts' ? 'StartStreamEncryption' : 'StopStreamEncryption';
    throw kinesisErrors.limitExceeded(
      `${operation} has already succeeded ${changesPerDay} times for stream ${stream.name} under account ${stream.accountId} in the last 24 hours. Try again later.`,
    );
  }
  return recent;
}
