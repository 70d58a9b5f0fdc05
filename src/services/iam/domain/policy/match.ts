// Wildcard matching of the policy language, compiled once per pattern.
//
// `*` stands for any run of characters (possibly none), `?` for exactly one character
// (IAM User Guide, "IAM JSON policy elements: Resource" and "Action"). Three flavours:
// - Action: case-insensitive; callers compare lowercase actions against matchers built
//   from lowercase patterns, so the per-request cost is one toLowerCase of the action.
// - Resource: case-sensitive; `*` expands across `:` and `/` ("If the * wildcard is the
//   last character of a resource ARN segment, it can expand to match beyond the colon
//   boundaries"; "the asterisk can expand to replace everything within the segment,
//   including characters like a forward slash").
// - ArnEquals/ArnLike conditions: "each of the six colon-delimited components of the ARN
//   is checked separately", so there `*` and `?` stay inside their component; only the
//   sixth (resource) component may hold colons (IAM User Guide, "Condition operators").

export type StringTest = (value: string) => boolean;

const matchAnything: StringTest = () => true;

/** Escapes the characters that have a meaning in a `u`-flag regular expression. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** Regular-expression source for a glob; `star` is what `*` becomes, `one` what `?` becomes. */
export function globSource(pattern: string, star = '.*', one = '.'): string {
  let source = '';
  for (const character of pattern) {
    if (character === '*') source += star;
    else if (character === '?') source += one;
    else source += escapeRegex(character);
  }
  return source;
}

/**
 * Anchored (the group keeps both anchors on every alternative of a list), dot-matches-all,
 * code-point aware: `?` is one character, not one UTF-16 unit.
 */
export function anchored(source: string, flags = ''): RegExp {
  return new RegExp(`^(?:${source})$`, `su${flags}`);
}

/** A case-sensitive glob test; exact patterns compare as strings, `*` alone matches anything. */
export function compileGlob(pattern: string): StringTest {
  if (pattern === '*') return matchAnything;
  if (!hasWildcard(pattern)) return (value) => value === pattern;
  const regex = anchored(globSource(pattern));
  return (value) => regex.test(value);
}

/**
 * A list of action patterns as one test over a lowercase action name ("kms:GenerateDataKey*",
 * "kinesis:*", "*"). Exact names go into a set; wildcard patterns into one alternation.
 */
export function compileActions(patterns: readonly string[]): StringTest {
  const exact = new Set<string>();
  const globs: string[] = [];
  for (const pattern of patterns) {
    const lower = pattern.toLowerCase();
    if (lower === '*') return matchAnything;
    if (hasWildcard(lower)) globs.push(globSource(lower));
    else exact.add(lower);
  }
  if (globs.length === 0) return (action) => exact.has(action);
  const regex = anchored(globs.map((source) => `(?:${source})`).join('|'));
  return (action) => exact.has(action) || regex.test(action);
}

/** Splits an ARN at its first five colons: six components, the last one keeping any further colons. */
export function splitArn(arn: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let index = 0; index < 5; index++) {
    const colon = arn.indexOf(':', start);
    if (colon < 0) break;
    parts.push(arn.slice(start, colon));
    start = colon + 1;
  }
  parts.push(arn.slice(start));
  return parts;
}

/** Regular-expression source for an ArnLike pattern: wildcards stay within their component. */
export function arnLikeSource(pattern: string, toSource: (component: string, star: string, one: string) => string = globSource): string {
  const components = splitArn(pattern);
  return components
    .map((component, index) => (index === 5 ? toSource(component, '.*', '.') : toSource(component, '[^:]*', '[^:]')))
    .join(':');
}

/** ArnEquals / ArnLike (they behave identically) for one policy value. */
export function compileArnLike(pattern: string): StringTest {
  if (pattern === '*') return matchAnything;
  if (!hasWildcard(pattern)) return (value) => value === pattern;
  const regex = anchored(arnLikeSource(pattern));
  return (value) => regex.test(value);
}
