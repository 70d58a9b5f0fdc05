import type { ListKeysRequest, ListKeysResponse } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { limitOf, pageOf } from '../domain/paging.js';
import type { Kms } from '../kms.js';

// Every key of the caller's account and region, AWS-managed ones included; a key whose
// deletion window has ended is gone (KeyStore.list settles it). Limit 1–1000, default 100.
export async function listKeys(kms: Kms, input: ListKeysRequest, context: RequestContext): Promise<ListKeysResponse> {
  const { caller } = context;
  await context.authorize('kms:ListKeys', `arn:aws:kms:${caller.region}:${caller.accountId}:key/*`);
  const keys = await kms.keys.list({ accountId: caller.accountId, region: caller.region });
  const page = pageOf(keys, (key) => key.keyId, limitOf(input.Limit, 100, 1000), input.Marker);
  return {
    Keys: page.items.map((key) => ({ KeyId: key.keyId, KeyArn: key.arn })),
    ...(page.nextMarker !== undefined ? { NextMarker: page.nextMarker } : {}),
    Truncated: page.truncated,
  };
}
