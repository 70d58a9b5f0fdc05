// Decisions remembered for the data path, which asks the same question (caller, action,
// resource, condition values) thousands of times a second.
// - Every entry belongs to an epoch, a number the caller bumps whenever any policy, grant
//   or identity changes; a question asked with a newer epoch empties the cache, and a
//   decision computed under an older epoch is not kept.
// - Bounded: least recently used entries go first (a Map keeps insertion order; a hit moves
//   its entry to the end).
// - Time: keys such as aws:CurrentTime change with every request. They are left out of the
//   cache key, and a decision whose evaluation read one is never stored, so it is
//   recomputed each time.
// - The key encodes every part with its length, so no crafted value (an encryption context
//   entry, say) can make two different questions share a key.
import { timeDependentKeys, type ConditionValues } from './context.js';
import { evaluate, type AuthorizationQuery, type Decision, type PolicySet } from './evaluate.js';

export interface DecisionCacheOptions {
  /** Most entries kept; 10,000 by default. */
  maxEntries?: number;
}

export interface DecisionCacheStats {
  hits: number;
  misses: number;
  size: number;
  epoch: number | undefined;
}

function field(text: string): string {
  return `${text.length}:${text}`;
}

function contextKey(context: ConditionValues | undefined): string {
  if (!context) return '';
  let key = '';
  for (const name of Object.keys(context)) {
    const value = context[name];
    if (value === undefined || timeDependentKeys.has(name.toLowerCase())) continue;
    key += field(name);
    if (typeof value === 'string') key += `s${field(value)}`;
    else {
      key += `l${value.length}:`;
      for (const item of value) key += field(item);
    }
  }
  return key;
}

/** The cache key of a question. Entries with the same facts in another key order are merely separate entries. */
export function decisionKey(query: AuthorizationQuery): string {
  const { principal } = query;
  const flags = `${query.isResourcePolicyRequired ? 'R' : '-'}${query.grantAllows ? 'G' : '-'}`;
  return (
    field(principal.arn) +
    field(principal.type) +
    field(principal.accountId) +
    field(principal.roleArn ?? '') +
    field(query.action.toLowerCase()) +
    field(query.resource) +
    field(query.resourceAccountId ?? '') +
    flags +
    contextKey(query.context)
  );
}

export class DecisionCache {
  private readonly entries = new Map<string, Decision>();
  private readonly maxEntries: number;
  private epoch: number | undefined;
  private hits = 0;
  private misses = 0;

  constructor(options: DecisionCacheOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 10_000);
  }

  /** The remembered decision for this question under this epoch, if any. */
  get(query: AuthorizationQuery, epoch: number): Decision | undefined {
    this.enter(epoch);
    const key = decisionKey(query);
    const decision = this.entries.get(key);
    if (decision === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(key);
    this.entries.set(key, decision);
    return decision;
  }

  /** Remembers a decision reached under `epoch`, unless it read the clock or the epoch has moved on. */
  set(query: AuthorizationQuery, epoch: number, decision: Decision): void {
    if (decision.isTimeDependent || epoch !== this.epoch) return;
    const key = decisionKey(query);
    this.entries.delete(key);
    this.entries.set(key, decision);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The decision, from the cache or by evaluating with the policies `load` supplies. */
  decide(query: AuthorizationQuery, epoch: number, load: () => PolicySet): Decision {
    const cached = this.get(query, epoch);
    if (cached) return cached;
    const decision = evaluate({ ...query, ...load() });
    this.set(query, epoch, decision);
    return decision;
  }

  /** As decide, for policies that come from storage asynchronously. */
  async decideAsync(query: AuthorizationQuery, epoch: number, load: () => Promise<PolicySet>): Promise<Decision> {
    const cached = this.get(query, epoch);
    if (cached) return cached;
    const decision = evaluate({ ...query, ...(await load()) });
    this.set(query, epoch, decision);
    return decision;
  }

  clear(): void {
    this.entries.clear();
  }

  get stats(): DecisionCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.entries.size, epoch: this.epoch };
  }

  private enter(epoch: number): void {
    if (epoch === this.epoch) return;
    // A newer epoch invalidates everything; an older one (a request that began before the
    // bump) finds nothing and stores nothing, as set() compares epochs.
    if (this.epoch === undefined || epoch > this.epoch) {
      this.entries.clear();
      this.epoch = epoch;
    }
  }
}
