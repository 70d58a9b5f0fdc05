import type { GetKeyRotationStatusRequest, GetKeyRotationStatusResponse } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { isSymmetric, resolveKey, type Kms } from '../kms.js';

// Every state but PendingImport allows it; a key pending deletion reports false and a
// disabled one its status unchanged (aws-wire.md §4.5). AWS-managed keys rotate every
// year (§4.6). Asymmetric and HMAC keys answer false: AWS changed this from
// UnsupportedOperationException (floci-io/floci#586, #618).
export async function getKeyRotationStatus(kms: Kms, input: GetKeyRotationStatusRequest, context: RequestContext): Promise<GetKeyRotationStatusResponse> {
  const key = await resolveKey(kms, context.caller, input.KeyId, 'key-only');
  await context.authorize('kms:GetKeyRotationStatus', key.arn);
  if (key.origin !== 'AWS_KMS') throw kmsErrors.unsupportedOrigin(key.arn, key.origin);
  const isEnabled = isSymmetric(key) && key.state !== 'PendingDeletion' && key.rotation.enabled;
  if (!isEnabled) return { KeyId: key.arn, KeyRotationEnabled: false };
  return {
    KeyId: key.arn,
    KeyRotationEnabled: true,
    RotationPeriodInDays: key.rotation.periodDays,
    ...(key.rotation.nextRotation !== undefined ? { NextRotationDate: new Date(key.rotation.nextRotation) } : {}),
  };
}
