// Paging of IAM list operations: MaxItems (1–1000, default 100) and Marker; IsTruncated
// and Marker in the answer (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html).
// Markers are opaque to clients; ours are the sort key of the last entry returned,
// base64url-encoded, so a page resumes after that entry even when entries changed.
import { iamErrors } from '../errors.js';

export interface Page<T> {
  items: T[];
  isTruncated: boolean;
  marker?: string;
}

export function pageOf<T>(items: T[], sortKeyOf: (item: T) => string, maxItems: number | undefined, marker: string | undefined): Page<T> {
  const limit = maxItems ?? 100;
  const sorted = [...items].sort((left, right) => compare(sortKeyOf(left), sortKeyOf(right)));
  let remaining = sorted;
  if (marker !== undefined) {
    const after = Buffer.from(marker, 'base64url').toString('utf8');
    if (after === '' || Buffer.from(after, 'utf8').toString('base64url') !== marker) throw iamErrors.validation('Invalid Marker.');
    remaining = sorted.filter((item) => compare(sortKeyOf(item), after) > 0);
  }
  const page = remaining.slice(0, limit);
  if (remaining.length <= limit) return { items: page, isTruncated: false };
  return { items: page, isTruncated: true, marker: Buffer.from(sortKeyOf(page[page.length - 1]!), 'utf8').toString('base64url') };
}

/** The answer's IsTruncated and Marker. */
export function pageFields<T>(page: Page<T>): { IsTruncated: boolean; Marker?: string } {
  return { IsTruncated: page.isTruncated, ...(page.marker !== undefined ? { Marker: page.marker } : {}) };
}

function compare(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
