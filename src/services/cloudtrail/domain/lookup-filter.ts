// LookupEvents' attribute filters: at most one, an exact match on one field of the event
// (API_LookupEvents.html, LookupAttribute).
import type { LookupAttribute } from '../../../generated/cloudtrail-shapes.js';
import { usernameOf, type EventRecord } from './event-record.js';
import { resourceNamesOf } from './resources.js';

export function matchesAttribute(record: EventRecord, attribute: LookupAttribute | undefined): boolean {
  if (attribute === undefined) return true;
  const value = attribute.AttributeValue;
  switch (attribute.AttributeKey) {
    case 'EventId':
      return record.eventID === value;
    case 'EventName':
      return record.eventName === value;
    case 'ReadOnly':
      return String(record.readOnly) === value;
    case 'Username':
      return usernameOf(record.userIdentity) === value;
    case 'ResourceType':
      return (record.resources ?? []).some((resource) => resource.type === value);
    case 'ResourceName':
      return (record.resources ?? []).some((resource) => resourceNamesOf(resource.ARN).includes(value));
    case 'EventSource':
      return record.eventSource === value;
    case 'AccessKeyId':
      return record.userIdentity.accessKeyId === value;
  }
}
