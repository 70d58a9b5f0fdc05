// CloudTrail clients for the audit trail's tests, and a reader of a whole lookup.
import http from 'node:http';
import { CloudTrailClient, LookupEventsCommand, type Event, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';
import { testCredentials, type HttpVersion } from './server.js';

export function cloudTrailClient(endpoint: string | (() => string), version: HttpVersion = 'h2', region = 'us-east-1'): CloudTrailClient {
  return new CloudTrailClient({
    endpoint: typeof endpoint === 'string' ? endpoint : async () => ({ url: new URL(endpoint()) }),
    region,
    credentials: testCredentials,
    maxAttempts: 1,
    requestHandler:
      version === 'h2'
        ? new NodeHttp2Handler({ requestTimeout: 30_000, sessionTimeout: 30_000 })
        : new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true }), requestTimeout: 30_000 }),
  });
}

/** Every event of a lookup, page after page, and how many pages it took. */
export async function lookupAll(client: CloudTrailClient, input: LookupEventsCommandInput = {}): Promise<{ events: Event[]; pages: number }> {
  const events: Event[] = [];
  let pages = 0;
  let token: string | undefined;
  do {
    const page = await client.send(new LookupEventsCommand({ ...input, ...(token ? { NextToken: token } : {}) }));
    pages += 1;
    events.push(...(page.Events ?? []));
    token = page.NextToken;
  } while (token && pages < 1000);
  return { events, pages };
}

/** The CloudTrail record an event carries. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function recordOf(event: Event): any {
  return JSON.parse(event.CloudTrailEvent!);
}
