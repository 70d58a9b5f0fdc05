// Tag rules shared by the stream-name and ARN forms of the tag operations (aws-wire.md §1.7, §1.8).
import { kinesisErrors } from '../errors.js';

export const maxTagsPerStream = 50;

// "Unicode letters, digits, white space, _ . / = + - % @" is AWS's own list.
const allowed = /^[\p{L}\p{N}\p{Z}\s_./=+\-%@]*$/u;

export function checkTagCharacters(tags: Record<string, string>): void {
  for (const [key, value] of Object.entries(tags)) {
    if (!allowed.test(key) || !allowed.test(value)) {
      throw kinesisErrors.invalidArgument('Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.');
    }
  }
}

/** Adds or overwrites tags, refusing to go over the per-stream limit. */
export function mergeTags(existing: Record<string, string>, added: Record<string, string>, resource: string): Record<string, string> {
  checkTagCharacters(added);
  const merged = { ...existing, ...added };
  if (Object.keys(merged).length > maxTagsPerStream) {
    throw kinesisErrors.invalidArgument(`Failed to add tags to ${resource}. You can have at most ${maxTagsPerStream} tags.`);
  }
  return merged;
}
