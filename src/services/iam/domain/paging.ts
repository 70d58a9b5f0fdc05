// Paging of IAM list operations: MaxItems (1–1000, default 100) and Marker; IsTruncated
// and Marker in the answer (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html).
// Markers as services/paging.ts makes them.
import { iamErrors } from '../errors.js';
import { pageAfter } from '../../paging.js';

export interface Page<T> {
  items: T[];
  isTruncated: boolean;
  marker?: string;
}

export function pageOf<T>(items: T[], sortKeyOf: (item: T) => string, maxItems: number | undefined, marker: string | undefined): Page<T> {
  const page = pageAfter(items, sortKeyOf, maxItems ?? 100, marker, () => iamErrors.validation('Invalid Marker.'));
  return page.nextMarker === undefined ? { items: page.items, isTruncated: false } : { items: page.items, isTruncated: true, marker: page.nextMarker };
}

/** The answer's IsTruncated and Marker. */
export function pageFields<T>(page: Page<T>): { IsTruncated: boolean; Marker?: string } {
  return { IsTruncated: page.isTruncated, ...(page.marker !== undefined ? { Marker: page.marker } : {}) };
}
