import type { CancelKeyDeletionRequest, CancelKeyDeletionResponse } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { resolveKey, type Kms } from '../kms.js';

// Only a key pending deletion, footnote (4); it comes back Disabled, not Enabled
// (aws-wire.md §4.5, §5.6 item 33).
export async function cancelKeyDeletion(kms: Kms, input: CancelKeyDeletionRequest, context: RequestContext): Promise<CancelKeyDeletionResponse> {
  const key = await resolveKey(kms, context.caller, input.KeyId, 'key-only');
  await context.authorize('kms:CancelKeyDeletion', key.arn);
  const updated = await kms.keys.update(key, key.keyId, (current) => {
    if (current.state !== 'PendingDeletion') throw kmsErrors.notPendingDeletion(current.arn);
    current.state = 'Disabled';
    delete current.deletionDate;
    delete current.pendingWindowDays;
  });
  if (!updated) throw kmsErrors.keyNotFound(key.arn);
  return { KeyId: key.arn };
}
