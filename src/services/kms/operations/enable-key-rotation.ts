import type { EnableKeyRotationRequest } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { dayMs } from '../domain/keys.js';
import { defaultRotationPeriodDays, ensureRotatable } from '../domain/rotation.js';
import { resolveKey, type Kms } from '../kms.js';

// RotationPeriodInDays is 90–2560 (the model, checked before this runs), 365 by default.
// The next rotation is one period from now; KeyStore.settle adds the material when it is
// due. Calling it again with another period restarts the count from now [INF].
export async function enableKeyRotation(kms: Kms, input: EnableKeyRotationRequest, context: RequestContext): Promise<void> {
  const key = await resolveKey(kms, context.caller, input.KeyId, 'key-only');
  await context.authorize('kms:EnableKeyRotation', key.arn);
  ensureRotatable(key, 'EnableKeyRotation');
  const periodDays = input.RotationPeriodInDays ?? defaultRotationPeriodDays;
  const updated = await kms.keys.update(key, key.keyId, (current) => {
    current.rotation = { ...current.rotation, enabled: true, periodDays, nextRotation: kms.now() + periodDays * dayMs };
  });
  if (!updated) throw kmsErrors.keyNotFound(key.arn);
}
