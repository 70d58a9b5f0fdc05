// Marker paging of list operations (KMS's Limit/Marker, IAM's MaxItems/Marker): a marker is
// the sort key of the last entry returned, base64url-encoded, so a page resumes after that
// entry even when entries were added or removed between calls. Markers are opaque to
// clients; one this server never issued does not survive the round trip and is refused
// with the service's own error.

export interface MarkedPage<T> {
  items: T[];
  /** Present exactly when more entries follow. */
  nextMarker?: string;
}

function encodeMarker(sortKey: string): string {
  return Buffer.from(sortKey, 'utf8').toString('base64url');
}

/**
 * The entries after `marker`, at most `limit` of them. `items` need not be sorted: they are
 * ordered by `sortKeyOf` here, so every page of one listing uses the same order.
 */
export function pageAfter<T>(items: T[], sortKeyOf: (item: T) => string, limit: number, marker: string | undefined, invalidMarker: () => Error): MarkedPage<T> {
  const sorted = [...items].sort((left, right) => compare(sortKeyOf(left), sortKeyOf(right)));
  let remaining = sorted;
  if (marker !== undefined) {
    const after = Buffer.from(marker, 'base64url').toString('utf8');
    if (after === '' || encodeMarker(after) !== marker) throw invalidMarker();
    remaining = sorted.filter((item) => compare(sortKeyOf(item), after) > 0);
  }
  const page = remaining.slice(0, limit);
  if (remaining.length <= limit) return { items: page };
  return { items: page, nextMarker: encodeMarker(sortKeyOf(page[page.length - 1]!)) };
}

function compare(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
