// Paging of KMS list operations (ListKeys, ListAliases, ListResourceTags): Limit, Marker,
// NextMarker and Truncated (aws-wire.md §4.2). AWS's markers are opaque strings; ours
// are the sort key of the last entry returned, base64url-encoded, so a page resumes
// after that entry even when entries were added or removed between calls.
import { kmsErrors } from '../errors.js';
import { validationException } from '../../errors.js';

export interface Page<T> {
  items: T[];
  /** Present exactly when Truncated is true. */
  nextMarker?: string;
  truncated: boolean;
}

function encodeMarker(sortKey: string): string {
  return Buffer.from(sortKey, 'utf8').toString('base64url');
}

function decodeMarker(marker: string): string {
  const sortKey = Buffer.from(marker, 'base64url').toString('utf8');
  // A marker we never issued does not survive the round trip.
  if (sortKey === '' || encodeMarker(sortKey) !== marker) throw kmsErrors.invalidMarker();
  return sortKey;
}

/**
 * The entries after `marker`, at most `limit` of them. `items` need not be sorted: they
 * are ordered by `sortKeyOf` here, so every page of one listing uses the same order.
 */
export function pageOf<T>(items: T[], sortKeyOf: (item: T) => string, limit: number, marker: string | undefined): Page<T> {
  const sorted = [...items].sort((left, right) => compare(sortKeyOf(left), sortKeyOf(right)));
  const after = marker === undefined ? undefined : decodeMarker(marker);
  const remaining = after === undefined ? sorted : sorted.filter((item) => compare(sortKeyOf(item), after) > 0);
  const page = remaining.slice(0, limit);
  if (remaining.length <= limit) return { items: page, truncated: false };
  return { items: page, nextMarker: encodeMarker(sortKeyOf(page[page.length - 1]!)), truncated: true };
}

/**
 * A Limit above what the operation documents (the model shares one 1–1000 range among
 * every KMS list operation) is refused in the front end's own words [INF: AWS's answer
 * to ListAliases Limit 101 is not recorded].
 */
export function limitOf(limit: number | undefined, defaultLimit: number, maxLimit: number): number {
  if (limit === undefined) return defaultLimit;
  if (limit > maxLimit) {
    throw validationException([`Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${maxLimit}`]);
  }
  return limit;
}

function compare(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
