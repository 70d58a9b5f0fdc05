// Paging of KMS list operations (ListKeys, ListAliases, ListResourceTags): Limit, Marker,
// NextMarker and Truncated (aws-wire.md §4.2), over the shared marker paging (services/paging.ts).
import { kmsErrors } from '../errors.js';
import { validationException } from '../../errors.js';
import { pageAfter } from '../../paging.js';

export interface Page<T> {
  items: T[];
  /** Present exactly when Truncated is true. */
  nextMarker?: string;
  truncated: boolean;
}

export function pageOf<T>(items: T[], sortKeyOf: (item: T) => string, limit: number, marker: string | undefined): Page<T> {
  const page = pageAfter(items, sortKeyOf, limit, marker, kmsErrors.invalidMarker);
  return page.nextMarker === undefined ? { items: page.items, truncated: false } : { items: page.items, nextMarker: page.nextMarker, truncated: true };
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
