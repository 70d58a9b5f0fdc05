import type { ListGrantsResponse, ListRetirableGrantsRequest } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { grantsOf, toGrantListEntry } from '../domain/grants.js';
import { limitOf, pageOf } from '../domain/paging.js';
import type { Kms } from '../kms.js';

// The grants of every key in the caller's account and region whose RetiringPrincipal is
// the one asked for (aws-wire.md §4.2). Not about one key, so the resource is "*".
export async function listRetirableGrants(kms: Kms, input: ListRetirableGrantsRequest, context: RequestContext): Promise<ListGrantsResponse> {
  await context.authorize('kms:ListRetirableGrants', '*');
  const limit = limitOf(input.Limit, 50, 100);
  const address = { accountId: context.caller.accountId, region: context.caller.region };
  const grants = (await grantsOf(kms).listInRegion(address)).filter((grant) => grant.retiringPrincipal === input.RetiringPrincipal);
  const page = pageOf(grants, (grant) => `${grant.keyId}/${grant.grantId}`, limit, input.Marker);
  return { Grants: page.items.map(toGrantListEntry), Truncated: page.truncated, ...(page.nextMarker !== undefined ? { NextMarker: page.nextMarker } : {}) };
}
