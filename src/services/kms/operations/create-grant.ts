import type { CreateGrantRequest, CreateGrantResponse } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { checkGrantOperations, createGrantFor } from '../domain/grants.js';
import { ensureUsable, resolveKey, type Kms } from '../kms.js';

// CreateGrant takes a key ID or key ARN, not an alias (aws-wire.md §4.3); the key must be
// usable (§4.5). Same Name and parameters on the same key give the original GrantId with
// a new token (§4.7).
export async function createGrant(kms: Kms, input: CreateGrantRequest, context: RequestContext): Promise<CreateGrantResponse> {
  const key = await resolveKey(kms, context.caller, input.KeyId, 'key-only');
  await context.authorize('kms:CreateGrant', key.arn);
  ensureUsable(key);
  const operations = input.Operations as string[];
  checkGrantOperations(key, operations);
  if (input.DryRun) throw kmsErrors.dryRun();
  const issued = await createGrantFor(kms, key, {
    grantee: input.GranteePrincipal,
    operations,
    issuingAccountId: context.caller.accountId,
    ...(input.RetiringPrincipal !== undefined ? { retiringPrincipal: input.RetiringPrincipal } : {}),
    ...(input.Name !== undefined ? { name: input.Name } : {}),
    ...(input.Constraints !== undefined ? { constraints: input.Constraints } : {}),
  });
  return { GrantId: issued.grantId, GrantToken: issued.grantToken };
}
