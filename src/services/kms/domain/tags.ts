// Tag rules of KMS (aws-wire.md §4.9): aws: is reserved, keys unique, at most 50.
import { kmsErrors } from '../errors.js';

export const maxTags = 50;

export interface KmsTag {
  TagKey: string;
  TagValue: string;
}

export function checkTags(tags: KmsTag[]): void {
  const keys = new Set<string>();
  for (const tag of tags) {
    if (tag.TagKey.toLowerCase().startsWith('aws:')) throw kmsErrors.tag('Tags beginning with aws: are reserved');
    if (keys.has(tag.TagKey)) throw kmsErrors.tag('Duplicate tag keys');
    keys.add(tag.TagKey);
  }
  if (tags.length > maxTags) throw kmsErrors.tag('Too many tags');
}

/** Adds or replaces tags by key. */
export function mergeTags(existing: KmsTag[], added: KmsTag[]): KmsTag[] {
  checkTags(added);
  const merged = new Map(existing.map((tag) => [tag.TagKey, tag.TagValue]));
  for (const tag of added) merged.set(tag.TagKey, tag.TagValue);
  const result = [...merged].map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
  if (result.length > maxTags) throw kmsErrors.tag('Too many tags');
  return result;
}
