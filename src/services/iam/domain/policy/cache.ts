// Decisions remembered for the data path, which asks the same question (caller, action,
// resource, condition values) thousands of times a second.
// - Keyed on what the decision depends on: the caller, action, resource and flags, plus
//   the values of the condition keys the evaluation actually read. Evaluation is
//   deterministic, so a request that agrees on all of those follows the same path to the
//   same decision; keys no statement looked at (the encryption context of a key whose
//   policies have no conditions, say) do not split the cache.
// - Looked up through nested maps on the request's own strings (caller ARN, resource ARN,
//   action), whose hashes V8 keeps once computed: no key string is built per request.
// - Every entry belongs to an epoch, a number the caller bumps whenever any policy, grant
//   or identity changes; a question asked with a newer epoch empties the cache, and a
//   decision computed under an older epoch is not kept.
// - Bounded: when full, questions leave in the order they came, except that a question
//   used since it last came round gets a second chance ("clock" replacement, an
//   approximation of least-recently-used that costs a hit nothing but a flag).
// - Time: a decision whose evaluation read a clock key (aws:CurrentTime, aws:EpochTime,
//   aws:MultiFactorAuthAge) is never stored, so it is recomputed each time.
import { findConditionValue, RequestContext, type ConditionValue, type ConditionValues } from './context.js';
import { evaluateInContext, type AuthorizationQuery, type Decision, type PolicySet } from './evaluate.js';

export interface DecisionCacheOptions {
  /** Most decisions kept; 10,000 by default. */
  maxEntries?: number;
}

export interface DecisionCacheStats {
  hits: number;
  misses: number;
  /** Decisions kept. */
  size: number;
  epoch: number | undefined;
}

/** A decision, the rest of the question it answers, and the context values it was reached with. */
interface Entry {
  readonly type: string;
  readonly accountId: string;
  readonly roleArn: string | undefined;
  readonly isResourcePolicyRequired: boolean;
  readonly grantAllows: boolean;
  readonly resourceAccountId: string | undefined;
  readonly reads: ReadonlyArray<readonly [string, ConditionValue | undefined]>;
  readonly decision: Decision;
}

/** The decisions for one caller, resource and action. */
interface Question {
  readonly principalArn: string;
  readonly resource: string;
  readonly action: string;
  readonly entries: Entry[];
  used: boolean;
}

/** Variants kept per question: beyond a few, a question's context is not stable enough to cache. */
const variantsPerQuestion = 8;

function sameValue(left: ConditionValue | undefined, right: ConditionValue | undefined): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left.length !== right.length) return false;
  return left.every((item, index) => item === right[index]);
}

function answers(entry: Entry, query: AuthorizationQuery): boolean {
  const { principal } = query;
  if (
    entry.type !== principal.type ||
    entry.accountId !== principal.accountId ||
    entry.roleArn !== principal.roleArn ||
    entry.isResourcePolicyRequired !== (query.isResourcePolicyRequired ?? false) ||
    entry.grantAllows !== (query.grantAllows ?? false) ||
    entry.resourceAccountId !== query.resourceAccountId
  ) {
    return false;
  }
  for (const [key, value] of entry.reads) if (!sameValue(findConditionValue(query.context, key), value)) return false;
  return true;
}

export class DecisionCache {
  private readonly byPrincipal = new Map<string, Map<string, Map<string, Question>>>();
  /** Questions in the order they came (or last got a second chance); `head` is the oldest. */
  private queue: Question[] = [];
  private head = 0;
  private readonly maxEntries: number;
  private size = 0;
  private epoch: number | undefined;
  private hits = 0;
  private misses = 0;

  constructor(options: DecisionCacheOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 10_000);
  }

  /** The remembered decision for this question under this epoch, if any. */
  get(query: AuthorizationQuery, epoch: number): Decision | undefined {
    this.enter(epoch);
    const question = this.byPrincipal.get(query.principal.arn)?.get(query.resource)?.get(query.action);
    const entry = question?.entries.find((candidate) => answers(candidate, query));
    if (!question || !entry) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    question.used = true;
    return entry.decision;
  }

  /** The decision, from the cache or by evaluating with the policies `load` supplies. */
  decide(query: AuthorizationQuery, epoch: number, load: () => PolicySet): Decision {
    return this.get(query, epoch) ?? this.evaluateAndKeep(query, epoch, load());
  }

  /** As decide, for policies that come from storage asynchronously. */
  async decideAsync(query: AuthorizationQuery, epoch: number, load: () => Promise<PolicySet>): Promise<Decision> {
    return this.get(query, epoch) ?? this.evaluateAsync(query, epoch, load);
  }

  /** The rest of decideAsync for a question `get` has just not found: evaluated, and kept as decide keeps it. */
  async evaluateAsync(query: AuthorizationQuery, epoch: number, load: () => Promise<PolicySet>): Promise<Decision> {
    return this.evaluateAndKeep(query, epoch, await load());
  }

  clear(): void {
    this.byPrincipal.clear();
    this.queue = [];
    this.head = 0;
    this.size = 0;
  }

  get stats(): DecisionCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.size, epoch: this.epoch };
  }

  private evaluateAndKeep(query: AuthorizationQuery, epoch: number, policies: PolicySet): Decision {
    const context = new RequestContext(query.context);
    const decision = evaluateInContext({ ...query, ...policies }, context);
    // Not kept: a decision that read the clock, or one reached under an epoch since left behind.
    if (decision.isTimeDependent || epoch !== this.epoch) return decision;
    const { principal } = query;
    const entry: Entry = {
      type: principal.type,
      accountId: principal.accountId,
      roleArn: principal.roleArn,
      isResourcePolicyRequired: query.isResourcePolicyRequired ?? false,
      grantAllows: query.grantAllows ?? false,
      resourceAccountId: query.resourceAccountId,
      reads: context.readKeys.map((read) => [read, context.peek(read)] as const),
      decision,
    };
    const question = this.questionFor(query);
    question.entries.unshift(entry);
    this.size++;
    if (question.entries.length > variantsPerQuestion) {
      question.entries.pop();
      this.size--;
    }
    while (this.size > this.maxEntries) this.evictOne();
    return decision;
  }

  private questionFor(query: AuthorizationQuery): Question {
    let byResource = this.byPrincipal.get(query.principal.arn);
    if (!byResource) this.byPrincipal.set(query.principal.arn, (byResource = new Map()));
    let byAction = byResource.get(query.resource);
    if (!byAction) byResource.set(query.resource, (byAction = new Map()));
    let question = byAction.get(query.action);
    if (!question) {
      question = { principalArn: query.principal.arn, resource: query.resource, action: query.action, entries: [], used: false };
      byAction.set(query.action, question);
      this.queue.push(question);
    }
    return question;
  }

  private evictOne(): void {
    for (;;) {
      const question = this.queue[this.head++]!;
      if (question.used) {
        question.used = false;
        this.queue.push(question);
        continue;
      }
      this.remove(question);
      break;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private remove(question: Question): void {
    const byResource = this.byPrincipal.get(question.principalArn)!;
    const byAction = byResource.get(question.resource)!;
    byAction.delete(question.action);
    if (byAction.size === 0) byResource.delete(question.resource);
    if (byResource.size === 0) this.byPrincipal.delete(question.principalArn);
    this.size -= question.entries.length;
  }

  private enter(epoch: number): void {
    if (epoch === this.epoch) return;
    // A newer epoch invalidates everything; an older one (a request that began before the
    // bump) finds nothing new and stores nothing, as evaluateAndKeep compares epochs.
    if (this.epoch === undefined || epoch > this.epoch) {
      this.clear();
      this.epoch = epoch;
    }
  }
}
