import type { TagResourceRequest } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { mergeTags } from '../domain/tags.js';
import { ensureCustomerManaged, ensureNotPendingDeletion, resolveKey, type Kms } from '../kms.js';

// Adds or replaces tags of a customer-managed key (aws-wire.md §4.2, rules in domain/tags.ts);
// refused while pending deletion, footnote (3) of §4.5.
export async function tagResource(kms: Kms, input: TagResourceRequest, context: RequestContext): Promise<void> {
  const key = await resolveKey(kms, context.caller, input.KeyId, 'key-only');
  await context.authorize('kms:TagResource', key.arn);
  ensureCustomerManaged(key, 'TagResource');
  const updated = await kms.keys.update(key, key.keyId, (current) => {
    ensureNotPendingDeletion(current);
    current.tags = mergeTags(current.tags, input.Tags);
  });
  if (!updated) throw kmsErrors.keyNotFound(key.arn);
}
