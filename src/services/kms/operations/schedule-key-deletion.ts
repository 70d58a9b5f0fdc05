import type { ScheduleKeyDeletionRequest, ScheduleKeyDeletionResponse } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { dayMs } from '../domain/keys.js';
import { ensureCustomerManaged, ensureNotPendingDeletion, resolveKey, type Kms } from '../kms.js';

// The model allows 1–365 days; AWS documents and enforces 7–30, default 30 (aws-wire.md
// §4.2). The text is LocalStack's. When the window ends the key and its aliases are
// really deleted: KeyStore settles that on the next load of the key.
export async function scheduleKeyDeletion(kms: Kms, input: ScheduleKeyDeletionRequest, context: RequestContext): Promise<ScheduleKeyDeletionResponse> {
  const windowDays = input.PendingWindowInDays ?? 30;
  if (windowDays < 7 || windowDays > 30) {
    throw kmsErrors.validation(`PendingWindowInDays should be between 7 and 30, but it is ${windowDays}`);
  }
  const key = await resolveKey(kms, context.caller, input.KeyId, 'key-only');
  await context.authorize('kms:ScheduleKeyDeletion', key.arn);
  ensureCustomerManaged(key, 'ScheduleKeyDeletion');
  const deletionDate = kms.now() + windowDays * dayMs;
  const updated = await kms.keys.update(key, key.keyId, (current) => {
    ensureNotPendingDeletion(current);
    current.state = 'PendingDeletion';
    current.deletionDate = deletionDate;
    current.pendingWindowDays = windowDays;
  });
  if (!updated) throw kmsErrors.keyNotFound(key.arn);
  return { KeyId: key.arn, DeletionDate: new Date(deletionDate), KeyState: 'PendingDeletion', PendingWindowInDays: windowDays };
}
