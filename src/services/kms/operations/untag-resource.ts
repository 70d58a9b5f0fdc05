import type { UntagResourceRequest } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { ensureCustomerManaged, ensureNotPendingDeletion, resolveKey, type Kms } from '../kms.js';

// Removing a tag the key does not have is not an error (LocalStack observed the same of AWS).
export async function untagResource(kms: Kms, input: UntagResourceRequest, context: RequestContext): Promise<void> {
  const key = await resolveKey(kms, context.caller, input.KeyId, 'key-only');
  await context.authorize('kms:UntagResource', key.arn);
  ensureCustomerManaged(key, 'UntagResource');
  const removed = new Set(input.TagKeys);
  const updated = await kms.keys.update(key, key.keyId, (current) => {
    ensureNotPendingDeletion(current);
    current.tags = current.tags.filter((tag) => !removed.has(tag.TagKey));
  });
  if (!updated) throw kmsErrors.keyNotFound(key.arn);
}
