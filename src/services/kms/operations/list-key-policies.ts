import type { ListKeyPoliciesRequest, ListKeyPoliciesResponse } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { limitOf, pageOf } from '../domain/paging.js';
import { resolveKey, type Kms } from '../kms.js';

// Every key has the one policy `default` (aws-wire.md §4.2, §4.8); every key state allows
// ListKeyPolicies (§4.5). Limit 1–1000, default 100 (AWS's ListKeyPolicies docs).
export async function listKeyPolicies(kms: Kms, input: ListKeyPoliciesRequest, context: RequestContext): Promise<ListKeyPoliciesResponse> {
  const key = await resolveKey(kms, context.caller, input.KeyId, 'key-only');
  await context.authorize('kms:ListKeyPolicies', key.arn);
  const page = pageOf(['default'], (name) => name, limitOf(input.Limit, 100, 1000), input.Marker);
  return { PolicyNames: page.items, Truncated: page.truncated, ...(page.nextMarker !== undefined ? { NextMarker: page.nextMarker } : {}) };
}
