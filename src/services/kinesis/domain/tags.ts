// Tag rules shared by the stream-name and ARN forms of the tag operations (aws-wire.md §1.7, §1.8).
//
// The texts are AWS's as kinesalite recorded them (test/addTagsToStream.js and
// test/removeTagsFromStream.js, latest revision): ':' became a valid character, tabs and
// newlines are refused, and '%' passes the first check only to be refused by a second one
// with a different text. The over-limit text was recorded when the limit was 10; the
// limit is 50 today and the text carries the current number.
import { kinesisErrors } from '../errors.js';

export const maxTagsPerStream = 50;

// "Unicode letters, digits, white space, _ . / = + - % @ :" is AWS's own list; white
// space means spaces (\p{Zs}), not tabs or newlines.
const allowed = /^[\p{L}\p{M}\p{N}\p{Zs}_.:/=+\-%@]*$/u;

const invalidCharacters = 'Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @ :.';
const illegalCharacters = "because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@',':'.";

function checkTexts(texts: string[], failure: string): void {
  if (texts.some((text) => !allowed.test(text))) throw kinesisErrors.invalidArgument(invalidCharacters);
  if (texts.some((text) => text.includes('%'))) throw kinesisErrors.invalidArgument(`${failure} ${illegalCharacters}`);
}

export function checkTagCharacters(tags: Record<string, string>, resource: string): void {
  checkTexts([...Object.keys(tags), ...Object.values(tags)], `Failed to add tags to ${resource}`);
}

/** RemoveTagsFromStream and UntagResource apply the same character rules to the keys they name. */
export function checkTagKeys(keys: string[], resource: string): void {
  checkTexts(keys, `Failed to remove tags from ${resource}`);
}

/**
 * Adds or overwrites tags, refusing to go over the per-resource limit. `resource` reads
 * like "stream NAME under account ACCOUNT"; `kind` names what may hold 50 tags.
 */
export function mergeTags(existing: Record<string, string>, added: Record<string, string>, resource: string, kind: 'stream' | 'consumer' = 'stream'): Record<string, string> {
  checkTagCharacters(added, resource);
  const merged = { ...existing, ...added };
  if (Object.keys(merged).length > maxTagsPerStream) {
    throw kinesisErrors.invalidArgument(
      `Failed to add tags to ${resource} because a given ${kind} cannot have more than ${maxTagsPerStream} tags associated with it.`,
    );
  }
  return merged;
}

/** Tags in key order, as ListTagsForStream and ListTagsForResource return them. */
export function sortedTags(tags: Record<string, string>): Array<{ Key: string; Value: string }> {
  return Object.keys(tags)
    .sort((left, right) => (left < right ? -1 : left > right ? 1 : 0))
    .map((key) => ({ Key: key, Value: tags[key]! }));
}
