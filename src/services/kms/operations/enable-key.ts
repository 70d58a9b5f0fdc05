import type { EnableKeyRequest } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { ensureCustomerManaged, resolveKey, type Kms } from '../kms.js';
import { checkToggleState } from './disable-key.js';

export async function enableKey(kms: Kms, input: EnableKeyRequest, context: RequestContext): Promise<void> {
  const key = await resolveKey(kms, context.caller, input.KeyId, 'key-only');
  await context.authorize('kms:EnableKey', key.arn);
  ensureCustomerManaged(key, 'EnableKey');
  const updated = await kms.keys.update(key, key.keyId, (current) => {
    checkToggleState(current);
    current.state = 'Enabled';
  });
  if (!updated) throw kmsErrors.keyNotFound(key.arn);
}
