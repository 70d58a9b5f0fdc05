import type { UpdateAliasRequest } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import type { KeyDoc } from '../domain/keys.js';
import { ensureNotPendingDeletion, type Kms } from '../kms.js';
import { existingCustomerAlias, resolveAliasTarget } from './create-alias.js';

/** Symmetric, asymmetric or HMAC: an alias keeps its kind so code using it keeps working. */
function kindOf(key: KeyDoc): string {
  if (key.keySpec === 'SYMMETRIC_DEFAULT') return 'SYMMETRIC';
  if (key.keySpec.startsWith('HMAC_')) return 'HMAC';
  return 'ASYMMETRIC';
}

// The new key must have the same kind and KeyUsage as the current one (aws-wire.md §4.2;
// the text is ours [INF]). The current key's state does not matter; the new key may be in
// any state but PendingDeletion, footnote (3) of §4.5.
export async function updateAlias(kms: Kms, input: UpdateAliasRequest, context: RequestContext): Promise<void> {
  const { caller } = context;
  const name = input.AliasName;
  const { address, arn, target: current } = await existingCustomerAlias(kms, caller, name);
  const key = await resolveAliasTarget(kms, caller, input.TargetKeyId);
  await context.authorize('kms:UpdateAlias', arn);
  await context.authorize('kms:UpdateAlias', current.arn);
  await context.authorize('kms:UpdateAlias', key.arn);
  ensureNotPendingDeletion(key);
  if (kindOf(key) !== kindOf(current) || key.keyUsage !== current.keyUsage) {
    throw kmsErrors.validation(
      `Alias ${name} refers to a key of type ${kindOf(current)} with usage ${current.keyUsage}; ${key.arn} has type ${kindOf(key)} with usage ${key.keyUsage}. ` +
        'UpdateAlias cannot move an alias to a key of another type or usage: delete the alias and create it again.',
    );
  }
  if (!(await kms.aliases.retarget(address, name, key.keyId, kms.now()))) throw kmsErrors.aliasNotFound(arn);
}
