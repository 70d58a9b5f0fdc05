import type { UpdateKeyDescriptionRequest } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { ensureCustomerManaged, ensureNotPendingDeletion, resolveKey, type Kms } from '../kms.js';

// Customer-managed keys only; refused while pending deletion, footnote (3) (aws-wire.md §4.5).
export async function updateKeyDescription(kms: Kms, input: UpdateKeyDescriptionRequest, context: RequestContext): Promise<void> {
  const key = await resolveKey(kms, context.caller, input.KeyId, 'key-only');
  await context.authorize('kms:UpdateKeyDescription', key.arn);
  ensureCustomerManaged(key, 'UpdateKeyDescription');
  const updated = await kms.keys.update(key, key.keyId, (current) => {
    ensureNotPendingDeletion(current);
    current.description = input.Description;
  });
  if (!updated) throw kmsErrors.keyNotFound(key.arn);
}
