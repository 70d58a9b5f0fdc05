import type { ListGrantsRequest, ListGrantsResponse } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { grantErrors, grantIdPattern, grantsOf, toGrantListEntry } from '../domain/grants.js';
import { limitOf, pageOf } from '../domain/paging.js';
import { resolveKey, type Kms } from '../kms.js';

// Every key state allows ListGrants (aws-wire.md §4.5); KeyId is a key ID or ARN (§4.3),
// an invalid one is NotFoundException [LS]. Limit 1–100, default 50 (AWS's ListGrants docs).
export async function listGrants(kms: Kms, input: ListGrantsRequest, context: RequestContext): Promise<ListGrantsResponse> {
  const key = await resolveKey(kms, context.caller, input.KeyId, 'key-only');
  await context.authorize('kms:ListGrants', key.arn);
  const limit = limitOf(input.Limit, 50, 100);
  // A malformed GrantId is refused; a well-formed one that names no grant lists none [INF].
  if (input.GrantId !== undefined && !grantIdPattern.test(input.GrantId)) throw grantErrors.malformedGrantId(input.GrantId);
  const grants = (await grantsOf(kms).listForKey(key, key.keyId)).filter(
    (grant) =>
      (input.GrantId === undefined || grant.grantId === input.GrantId) &&
      (input.GranteePrincipal === undefined || grant.granteePrincipal === input.GranteePrincipal),
  );
  const page = pageOf(grants, (grant) => grant.grantId, limit, input.Marker);
  return { Grants: page.items.map(toGrantListEntry), Truncated: page.truncated, ...(page.nextMarker !== undefined ? { NextMarker: page.nextMarker } : {}) };
}
