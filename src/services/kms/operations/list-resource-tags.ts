import type { ListResourceTagsRequest, ListResourceTagsResponse } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { limitOf, pageOf } from '../domain/paging.js';
import { resolveKey, type Kms } from '../kms.js';

// Every key state allows it (aws-wire.md §4.5), AWS-managed keys too (they have no tags).
// Tags come in tag-key order; Limit 1–50, default 50.
export async function listResourceTags(kms: Kms, input: ListResourceTagsRequest, context: RequestContext): Promise<ListResourceTagsResponse> {
  const key = await resolveKey(kms, context.caller, input.KeyId, 'key-only');
  await context.authorize('kms:ListResourceTags', key.arn);
  const page = pageOf(key.tags, (tag) => tag.TagKey, limitOf(input.Limit, 50, 50), input.Marker);
  return {
    Tags: page.items.map((tag) => ({ TagKey: tag.TagKey, TagValue: tag.TagValue })),
    ...(page.nextMarker !== undefined ? { NextMarker: page.nextMarker } : {}),
    Truncated: page.truncated,
  };
}
