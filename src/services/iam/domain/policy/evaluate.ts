// The decision for one request (IAM User Guide, "Policy evaluation logic", within one
// account; "Cross-account policy evaluation logic" when the resource's account differs):
// 1. An explicit Deny in any applicable policy decides: Deny.
// 2. A KMS grant (checked by the caller) allows.
// 3. The account root user has every identity permission; other principals need an Allow
//    in one of their identity-based policies.
// 4. A resource-based policy that names the caller (its user, role, session ARN, or "*")
//    allows on its own; one that names only the caller's account delegates to the account,
//    so an identity-based Allow is still needed (the root user is the account itself).
// 5. Resources whose policy must allow (KMS keys: "the key policy must allow, directly or
//    by delegating to the account") need 4 to hold; other same-account resources need an
//    Allow from either side. Across accounts both sides must allow.
// Otherwise: implicit Deny, with the reason AWS words into AccessDeniedException.
import { conditionsHold } from './conditions.js';
import { RequestContext, type ConditionValues, type Principal } from './context.js';
import type { Policy, Statement } from './document.js';
import { matchPrincipal, notPrincipalApplies, type PrincipalMatch } from './principals.js';

export type DenyReason = 'explicit-deny-identity' | 'explicit-deny-resource' | 'no-identity-allow' | 'no-resource-allow';
export type AllowSource = 'identity-policy' | 'resource-policy' | 'grant' | 'root-user';

export type Outcome = { readonly allowed: true; readonly by: AllowSource } | { readonly allowed: false; readonly reason: DenyReason };

/** The outcome, and whether it read a clock key (aws:CurrentTime, ...): such decisions are not cached. */
export type Decision = Outcome & { readonly isTimeDependent: boolean };

/** The question, without the policies: what the decision cache keys on. */
export interface AuthorizationQuery {
  principal: Principal;
  /** `service:Action`, any case. */
  action: string;
  /** The resource's ARN, or `*` for actions on no particular resource. */
  resource: string;
  /** Condition key → value(s); keys in any case. */
  context?: ConditionValues;
  /** True for KMS keys: the key policy must allow (directly or by delegation). */
  isResourcePolicyRequired?: boolean;
  /** A KMS grant covers the request; explicit denies still override it. */
  grantAllows?: boolean;
  /** The resource's account, when it is not the caller's. */
  resourceAccountId?: string;
}

export interface PolicySet {
  /** Every identity-based policy of the caller: user inline and attached, group, role. */
  identityPolicies: readonly Policy[];
  /** The resource's policy (a KMS key policy, a stream's resource policy), if it has one. */
  resourcePolicy?: Policy;
}

export type AuthorizationRequest = AuthorizationQuery & PolicySet;

function statementApplies(statement: Statement, action: string, resource: string, context: RequestContext): boolean {
  if (statement.actions(action) === statement.isNotAction) return false;
  if (statement.resources && statement.resources(resource, context) === statement.isNotResource) return false;
  return conditionsHold(statement.conditions, context);
}

function principalCoverage(statement: Statement, principal: Principal): PrincipalMatch {
  if (!statement.principals) return undefined;
  if (statement.isNotPrincipal) return notPrincipalApplies(statement.principals, principal) ? 'direct' : undefined;
  return matchPrincipal(statement.principals, principal);
}

// Scan results as small integers: the scans run on every uncached request and allocate nothing.
const noneFound = 0;
const identityAllows = 1;
const identityDenies = 2;
const resourceAllowsAccount = 1;
const resourceAllowsDirectly = 2;
const resourceDenies = 3;

function scanIdentityPolicies(policies: readonly Policy[], action: string, resource: string, context: RequestContext): number {
  let found = noneFound;
  for (const policy of policies) {
    for (const statement of policy.statements) {
      if (statement.effect === 'Allow' && found === identityAllows) continue;
      if (!statementApplies(statement, action, resource, context)) continue;
      if (statement.effect === 'Deny') return identityDenies;
      found = identityAllows;
    }
  }
  return found;
}

function scanResourcePolicy(policy: Policy | undefined, principal: Principal, action: string, resource: string, context: RequestContext): number {
  let found = noneFound;
  if (!policy) return found;
  for (const statement of policy.statements) {
    if (statement.effect === 'Allow' && found === resourceAllowsDirectly) continue;
    const coverage = principalCoverage(statement, principal);
    if (!coverage || !statementApplies(statement, action, resource, context)) continue;
    // A Deny that names the account applies to every principal of the account.
    if (statement.effect === 'Deny') return resourceDenies;
    found = coverage === 'direct' ? resourceAllowsDirectly : Math.max(found, resourceAllowsAccount);
  }
  return found;
}

/** Each outcome as two shared, frozen decisions: not time-dependent, time-dependent. */
type DecisionPair = readonly [Decision, Decision];

function pair(outcome: Outcome): DecisionPair {
  return [Object.freeze({ ...outcome, isTimeDependent: false }), Object.freeze({ ...outcome, isTimeDependent: true })];
}

const allowedBy: Record<AllowSource, DecisionPair> = {
  'identity-policy': pair({ allowed: true, by: 'identity-policy' }),
  'resource-policy': pair({ allowed: true, by: 'resource-policy' }),
  grant: pair({ allowed: true, by: 'grant' }),
  'root-user': pair({ allowed: true, by: 'root-user' }),
};

const deniedFor: Record<DenyReason, DecisionPair> = {
  'explicit-deny-identity': pair({ allowed: false, reason: 'explicit-deny-identity' }),
  'explicit-deny-resource': pair({ allowed: false, reason: 'explicit-deny-resource' }),
  'no-identity-allow': pair({ allowed: false, reason: 'no-identity-allow' }),
  'no-resource-allow': pair({ allowed: false, reason: 'no-resource-allow' }),
};

function decide(request: AuthorizationRequest, context: RequestContext): DecisionPair {
  const { principal, resource } = request;
  const action = request.action.toLowerCase();
  const isRoot = principal.type === 'Root';
  // The root user has no identity-based policies that could deny or allow.
  const identity = isRoot ? identityAllows : scanIdentityPolicies(request.identityPolicies, action, resource, context);
  if (identity === identityDenies) return deniedFor['explicit-deny-identity'];
  const onResource = scanResourcePolicy(request.resourcePolicy, principal, action, resource, context);
  if (onResource === resourceDenies) return deniedFor['explicit-deny-resource'];
  if (request.grantAllows) return allowedBy.grant;

  const isCrossAccount = request.resourceAccountId !== undefined && request.resourceAccountId !== principal.accountId;
  const byIdentity = allowedBy[isRoot ? 'root-user' : 'identity-policy'];
  if (isCrossAccount || request.isResourcePolicyRequired) {
    // Directly named, the caller needs nothing more (within one account); through its
    // account, it needs its own identity permission too.
    if (onResource === resourceAllowsDirectly && !isCrossAccount) return allowedBy['resource-policy'];
    if (onResource === noneFound) return deniedFor['no-resource-allow'];
    return identity === identityAllows ? byIdentity : deniedFor['no-identity-allow'];
  }
  if (identity === identityAllows) return byIdentity;
  if (onResource === resourceAllowsDirectly) return allowedBy['resource-policy'];
  return deniedFor['no-identity-allow'];
}

/** Decides one request against a context the caller keeps, to learn afterwards which keys were read. */
export function evaluateInContext(request: AuthorizationRequest, context: RequestContext): Decision {
  return decide(request, context)[context.isTimeDependent ? 1 : 0];
}

/** Decides one request. Pure: the same request and policies give the same decision. */
export function evaluate(request: AuthorizationRequest): Decision {
  return evaluateInContext(request, new RequestContext(request.context));
}

const denyEndings: Record<DenyReason, (action: string) => string> = {
  'explicit-deny-identity': () => 'with an explicit deny in an identity-based policy',
  'explicit-deny-resource': () => 'with an explicit deny in a resource-based policy',
  'no-identity-allow': (action) => `because no identity-based policy allows the ${action} action`,
  'no-resource-allow': (action) => `because no resource-based policy allows the ${action} action`,
};

/**
 * AWS's AccessDeniedException text, e.g. "User: arn:aws:iam::111122223333:user/bob is not
 * authorized to perform: kms:Decrypt on resource: arn:aws:kms:...:key/... because no
 * identity-based policy allows the kms:Decrypt action" (aws-wire.md §0.3, §4.9).
 */
export function accessDeniedMessage(principalArn: string, action: string, resource: string, reason: DenyReason): string {
  // Actions on no particular resource (kinesis:ListStreams, cloudtrail:LookupEvents) name none:
  // "User: … is not authorized to perform: kinesis:ListStreams because no identity-based policy allows …".
  const on = resource === '*' ? '' : ` on resource: ${resource}`;
  return `User: ${principalArn} is not authorized to perform: ${action}${on} ${denyEndings[reason](action)}`;
}
