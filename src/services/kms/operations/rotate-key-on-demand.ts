import type { RotateKeyOnDemandRequest, RotateKeyOnDemandResponse } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { ensureRotatable, maxOnDemandRotations, onDemandLimitReached } from '../domain/rotation.js';
import { resolveKey, type Kms } from '../kms.js';

// Adds a key material version at once: new encryptions use it, old ciphertexts keep
// decrypting with theirs. The automatic schedule stays as it was (LocalStack's validated
// test: NextRotationDate unchanged). AWS finishes asynchronously; here it is done before
// the answer, so GetKeyRotationStatus never shows OnDemandRotationStartDate. The answer
// names the key by its bare id, as moto's tests expect of AWS [MO].
export async function rotateKeyOnDemand(kms: Kms, input: RotateKeyOnDemandRequest, context: RequestContext): Promise<RotateKeyOnDemandResponse> {
  const key = await resolveKey(kms, context.caller, input.KeyId, 'key-only');
  await context.authorize('kms:RotateKeyOnDemand', key.arn);
  ensureRotatable(key, 'RotateKeyOnDemand');
  let limitReached = false;
  const updated = await kms.keys.update(key, key.keyId, (current) => {
    const count = current.rotation.onDemandCount ?? 0;
    limitReached = count >= maxOnDemandRotations;
    if (limitReached) return;
    current.materials.push(kms.keys.newMaterial(current.arn));
    current.rotation = { ...current.rotation, onDemandCount: count + 1 };
  });
  if (!updated) throw kmsErrors.keyNotFound(key.arn);
  if (limitReached) throw onDemandLimitReached(key);
  return { KeyId: key.keyId };
}
