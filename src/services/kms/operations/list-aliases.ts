import type { AliasListEntry, ListAliasesRequest, ListAliasesResponse } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { aliasArn } from '../domain/aliases.js';
import { awsManagedAliases } from '../domain/aws-managed.js';
import { limitOf, pageOf } from '../domain/paging.js';
import { resolveKey, type Kms } from '../kms.js';

// Aliases in name order, TargetKeyId the bare key id. Without KeyId, a predefined AWS alias
// whose key does not exist yet is listed without TargetKeyId, as AWS does (aws-wire.md
// §4.6). Limit 1–100, default 50.
export async function listAliases(kms: Kms, input: ListAliasesRequest, context: RequestContext): Promise<ListAliasesResponse> {
  const { caller } = context;
  const address = { accountId: caller.accountId, region: caller.region };
  const limit = limitOf(input.Limit, 50, 100);
  const key = input.KeyId === undefined ? undefined : await resolveKey(kms, caller, input.KeyId, 'key-only');
  await context.authorize('kms:ListAliases', `arn:aws:kms:${caller.region}:${caller.accountId}:alias/*`);
  // Listing the keys first settles every ended deletion window, which removes those
  // keys' aliases; the filter covers an alias written meanwhile.
  const existing = new Set((await kms.keys.list(address)).map((candidate) => candidate.keyId));
  const stored = (await kms.aliases.list(address)).filter((alias) => existing.has(alias.targetKeyId));
  const entries: AliasListEntry[] = stored
    .filter((alias) => key === undefined || alias.targetKeyId === key.keyId)
    .map((alias) => ({
      AliasName: alias.name,
      AliasArn: alias.arn,
      TargetKeyId: alias.targetKeyId,
      CreationDate: new Date(alias.createdAt),
      LastUpdatedDate: new Date(alias.updatedAt),
    }));
  if (key === undefined) {
    const names = new Set(stored.map((alias) => alias.name));
    for (const name of awsManagedAliases.keys()) {
      if (!names.has(name)) entries.push({ AliasName: name, AliasArn: aliasArn(address, name) });
    }
  }
  const page = pageOf(entries, (entry) => entry.AliasName!, limit, input.Marker);
  return { Aliases: page.items, ...(page.nextMarker !== undefined ? { NextMarker: page.nextMarker } : {}), Truncated: page.truncated };
}
