import type { DisableKeyRequest } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import type { KeyDoc } from '../domain/keys.js';
import { ensureCustomerManaged, ensureNotPendingDeletion, resolveKey, type Kms } from '../kms.js';

/** EnableKey and DisableKey: footnotes (3) and (5) of the key-state table (aws-wire.md §4.5). */
export function checkToggleState(key: KeyDoc): void {
  ensureNotPendingDeletion(key);
  if (key.state === 'PendingImport') throw kmsErrors.pendingImport(key.arn);
}

// AWS-managed keys cannot be disabled: their manager is AWS (aws-wire.md §4.6).
export async function disableKey(kms: Kms, input: DisableKeyRequest, context: RequestContext): Promise<void> {
  const key = await resolveKey(kms, context.caller, input.KeyId, 'key-only');
  await context.authorize('kms:DisableKey', key.arn);
  ensureCustomerManaged(key, 'DisableKey');
  // The state is checked again inside the compare-and-set, against the key as stored.
  const updated = await kms.keys.update(key, key.keyId, (current) => {
    checkToggleState(current);
    current.state = 'Disabled';
  });
  if (!updated) throw kmsErrors.keyNotFound(key.arn);
}
