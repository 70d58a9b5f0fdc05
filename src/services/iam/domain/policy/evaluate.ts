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

interface Findings {
  deny: boolean;
  allow: boolean;
}

function scanIdentityPolicies(policies: readonly Policy[], action: string, resource: string, context: RequestContext): Findings {
  const findings: Findings = { deny: false, allow: false };
  for (const policy of policies) {
    for (const statement of policy.statements) {
      if (statement.effect === 'Allow' && findings.allow) continue;
      if (!statementApplies(statement, action, resource, context)) continue;
      if (statement.effect === 'Deny') return { deny: true, allow: findings.allow };
      findings.allow = true;
    }
  }
  return findings;
}

interface ResourceFindings {
  deny: boolean;
  /** The strongest Allow: by name, through the account, or none. */
  allow: PrincipalMatch;
}

function scanResourcePolicy(policy: Policy | undefined, principal: Principal, action: string, resource: string, context: RequestContext): ResourceFindings {
  const findings: ResourceFindings = { deny: false, allow: undefined };
  if (!policy) return findings;
  for (const statement of policy.statements) {
    if (statement.effect === 'Allow' && findings.allow === 'direct') continue;
    const coverage = principalCoverage(statement, principal);
    if (!coverage || !statementApplies(statement, action, resource, context)) continue;
    // A Deny that names the account applies to every principal of the account.
    if (statement.effect === 'Deny') return { deny: true, allow: findings.allow };
    if (coverage === 'direct' || findings.allow === undefined) findings.allow = coverage;
  }
  return findings;
}

function decide(request: AuthorizationRequest, context: RequestContext): Outcome {
  const { principal, resource } = request;
  const action = request.action.toLowerCase();
  const isRoot = principal.type === 'Root';
  // The root user has no identity-based policies that could deny or allow.
  const identity = isRoot ? { deny: false, allow: true } : scanIdentityPolicies(request.identityPolicies, action, resource, context);
  if (identity.deny) return { allowed: false, reason: 'explicit-deny-identity' };
  const onResource = scanResourcePolicy(request.resourcePolicy, principal, action, resource, context);
  if (onResource.deny) return { allowed: false, reason: 'explicit-deny-resource' };
  if (request.grantAllows) return { allowed: true, by: 'grant' };

  const isCrossAccount = request.resourceAccountId !== undefined && request.resourceAccountId !== principal.accountId;
  const identityBy: AllowSource = isRoot ? 'root-user' : 'identity-policy';
  if (isCrossAccount || request.isResourcePolicyRequired) {
    // Directly named, the caller needs nothing more (within one account); through its
    // account, it needs its own identity permission too.
    if (onResource.allow === 'direct' && !isCrossAccount) return { allowed: true, by: 'resource-policy' };
    if (onResource.allow === undefined) return { allowed: false, reason: 'no-resource-allow' };
    return identity.allow ? { allowed: true, by: identityBy } : { allowed: false, reason: 'no-identity-allow' };
  }
  if (identity.allow) return { allowed: true, by: identityBy };
  if (onResource.allow === 'direct') return { allowed: true, by: 'resource-policy' };
  return { allowed: false, reason: 'no-identity-allow' };
}

/** Decides one request. Pure: the same request and policies give the same decision. */
export function evaluate(request: AuthorizationRequest): Decision {
  const context = new RequestContext(request.context);
  const decision = decide(request, context);
  return { ...decision, isTimeDependent: context.isTimeDependent };
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
  return `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} ${denyEndings[reason](action)}`;
}
