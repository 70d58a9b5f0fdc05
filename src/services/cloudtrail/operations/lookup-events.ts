import type { Event, LookupEventsRequest, LookupEventsResponse } from '../../../generated/cloudtrail-shapes.js';
import type { RequestContext } from '../../context.js';
import type { CloudTrail } from '../cloudtrail.js';
import { usernameOf, type EventRecord } from '../domain/event-record.js';
import { matchesAttribute } from '../domain/lookup-filter.js';
import { filtersDigest } from '../domain/page-tokens.js';
import { cloudTrailErrors } from '../errors.js';

// 50 a page by default and at most (API_LookupEvents.html, MaxResults). The model's
// 1..50 range is checked by the shape engine before this runs, so a MaxResults out of
// range is a ValidationException, not the model's InvalidMaxResultsException.
const defaultMaxResults = 50;
// A page scans at most this many records: a rare filter over a long trail answers a short
// (even empty) page with a NextToken rather than reading the whole trail in one call,
// as CloudTrail itself may return fewer events than MaxResults with a NextToken.
const maxScannedPerPage = 5_000;

export async function lookupEvents(cloudTrail: CloudTrail, input: LookupEventsRequest, context: RequestContext): Promise<LookupEventsResponse> {
  await context.authorize('cloudtrail:LookupEvents', '*');
  const attributes = input.LookupAttributes ?? [];
  if (attributes.length > 1) {
    throw cloudTrailErrors.invalidLookupAttributes('You can specify at most one lookup attribute.');
  }
  const attribute = attributes[0];
  const startTime = input.StartTime?.getTime();
  const endTime = input.EndTime?.getTime();
  if (startTime !== undefined && endTime !== undefined && startTime > endTime) {
    throw cloudTrailErrors.invalidTimeRange('The start time must not be after the end time.');
  }
  const { accountId, region } = context.caller;
  // Sealstream has no CloudTrail Insights: asking for Insights events finds none.
  if (input.EventCategory === 'insight') return { Events: [] };

  const filters = filtersDigest({ accountId, region, attribute, startTime, endTime });
  let beforeSeq: number | undefined;
  if (input.NextToken !== undefined) {
    const position = cloudTrail.tokens.decode(input.NextToken);
    if (position === undefined || position.filters !== filters) {
      throw cloudTrailErrors.invalidNextToken('Invalid NextToken, or a NextToken used with parameters other than those of the call that returned it.');
    }
    beforeSeq = position.beforeSeq;
  }

  // An event at or after StartTime arrived at or after it, so the trail is read no further
  // back than the first record that arrived then (TrailLog.seqArrivedFrom).
  const fromSeq = startTime === undefined ? undefined : await cloudTrail.trail.seqArrivedFrom(startTime);
  if (startTime !== undefined && fromSeq === undefined) return { Events: [] };

  const maxResults = input.MaxResults ?? defaultMaxResults;
  const events: Event[] = [];
  let scanned = 0;
  let lastSeq: number | undefined;
  let lowestSeq: number | undefined;
  for await (const { seq, record } of cloudTrail.trail.newestFirst({ ...(beforeSeq !== undefined ? { beforeSeq } : {}), ...(fromSeq !== undefined ? { fromSeq } : {}) })) {
    if (events.length === maxResults || scanned === maxScannedPerPage) {
      lowestSeq = lastSeq;
      break;
    }
    scanned += 1;
    lastSeq = seq;
    if (record.recipientAccountId !== accountId || record.awsRegion !== region) continue;
    const time = Date.parse(record.eventTime);
    if ((startTime !== undefined && time < startTime) || (endTime !== undefined && time > endTime)) continue;
    if (!matchesAttribute(record, attribute)) continue;
    events.push(toEvent(record));
  }
  return {
    Events: events,
    ...(lowestSeq !== undefined ? { NextToken: cloudTrail.tokens.encode({ beforeSeq: lowestSeq, filters }) } : {}),
  };
}

function toEvent(record: EventRecord): Event {
  const username = usernameOf(record.userIdentity);
  return {
    EventId: record.eventID,
    EventName: record.eventName,
    ReadOnly: String(record.readOnly),
    ...(record.userIdentity.accessKeyId !== undefined ? { AccessKeyId: record.userIdentity.accessKeyId } : {}),
    EventTime: new Date(record.eventTime),
    EventSource: record.eventSource,
    ...(username !== undefined ? { Username: username } : {}),
    Resources: (record.resources ?? []).map((resource) => ({ ResourceType: resource.type, ResourceName: resource.ARN })),
    CloudTrailEvent: JSON.stringify(record),
  };
}
