// The CloudTrail service's state: the trail every recorded call is appended to, and the
// secret that protects LookupEvents' page tokens.
import type { PageTokens } from './domain/page-tokens.js';
import type { TrailLog } from './domain/trail-log.js';

export interface CloudTrail {
  trail: TrailLog;
  tokens: PageTokens;
  now: () => number;
}
