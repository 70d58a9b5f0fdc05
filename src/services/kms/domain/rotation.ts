// Rotation of key material (aws-wire.md §4.2, §4.5): automatic rotation every
// RotationPeriodInDays (KeyStore.settle adds the material when due) and on-demand
// rotation. Only symmetric, AWS_KMS-origin, customer-managed keys rotate; each rotation
// adds a material version, and old ciphertexts keep decrypting with theirs.
import { kmsErrors } from '../errors.js';
import { ensureCustomerManaged, ensureNotPendingDeletion, isSymmetric } from '../kms.js';
import type { KeyDoc } from './keys.js';

export const defaultRotationPeriodDays = 365;
/** AWS's quota of on-demand rotations per key (LocalStack's validated test_key_rotations_limits). */
export const maxOnDemandRotations = 10;

/**
 * Enable/DisableKeyRotation and RotateKeyOnDemand. The key state is checked first:
 * footnotes (1), (3) and (6) of the key-state table; LocalStack's validated
 * test_rotate_key_on_demand_raises_error_given_key_is_disabled sends a disabled RSA
 * key, so a disabled key's answer comes before its type's.
 */
export function ensureRotatable(key: KeyDoc, operation: string): void {
  if (key.state === 'Disabled') throw kmsErrors.disabled(key.arn);
  ensureNotPendingDeletion(key);
  if (key.origin !== 'AWS_KMS') throw kmsErrors.unsupportedOrigin(key.arn, key.origin);
  ensureCustomerManaged(key, operation);
  // AWS's text for an asymmetric or HMAC key is not recorded; this is the wording other
  // emulators use (floci) [INF].
  if (!isSymmetric(key)) {
    throw kmsErrors.unsupported('You cannot perform this operation on a non-symmetric key or a key with non-ENCRYPT_DECRYPT key usage.');
  }
}

export function onDemandLimitReached(key: KeyDoc): Error {
  return kmsErrors.limitExceeded(
    `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.arn}`,
  );
}
