import type { DisableKeyRotationRequest } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { ensureRotatable } from '../domain/rotation.js';
import { resolveKey, type Kms } from '../kms.js';

// The same key-state rules as EnableKeyRotation (aws-wire.md §4.5).
export async function disableKeyRotation(kms: Kms, input: DisableKeyRotationRequest, context: RequestContext): Promise<void> {
  const key = await resolveKey(kms, context.caller, input.KeyId, 'key-only');
  await context.authorize('kms:DisableKeyRotation', key.arn);
  ensureRotatable(key, 'DisableKeyRotation');
  const updated = await kms.keys.update(key, key.keyId, (current) => {
    const { nextRotation: _nextRotation, ...rest } = current.rotation;
    current.rotation = { ...rest, enabled: false };
  });
  if (!updated) throw kmsErrors.keyNotFound(key.arn);
}
