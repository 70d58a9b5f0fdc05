// A policy document from JSON text to a compiled, immutable Policy, refusing what IAM (or
// KMS) refuses, in IAM's order of checks: shape ("Syntax errors in policy."), principal
// rules of the policy's kind, language version, legacy parsing, Sid uniqueness, actions
// present, resources present, resource format, action vendors (moto's IAM policy tests
// record this order against AWS). Wildcards and conditions are compiled here, once, so
// that evaluation only runs prepared tests.
//
// Kinds (IAM User Guide, "Identity-based policies and resource-based policies"):
// - identity: user, group, role and managed policies; no Principal allowed;
// - resource: a resource-based policy (Kinesis stream, ...); Principal required;
// - trust: a role's trust policy; Principal required, Resource prohibited, STS actions only;
// - key: a KMS key policy; Principal required, KMS's text for bad principals.
import { compileClause, parseDate, parseOperatorName, type ConditionClause } from './conditions.js';
import type { RequestContext } from './context.js';
import { PolicyDocumentError, policyErrorReasons } from './errors.js';
import { anchored, compileActions, globSource, hasWildcard, type StringTest } from './match.js';
import { InvalidPrincipal, parsePrincipals, type PrincipalSet } from './principals.js';
import { passesLegacyParsing, resourceFormatError } from './resource-format.js';
import { readPolicyJson, type ConditionScalar, type PolicyVersion, type RawStatement } from './syntax.js';
import { parseTemplate, resolvePatternSource, type Template } from './variables.js';

export type PolicyKind = 'identity' | 'resource' | 'trust' | 'key';

export interface ParsePolicyOptions {
  kind: PolicyKind;
  /** IAM managed policies (CreatePolicy, CreatePolicyVersion) require Version 2012-10-17; inline policies do not. */
  requireCurrentVersion?: boolean;
}

/** Whether a resource ARN is covered by a Resource (or NotResource) list. */
export type ResourceTest = (resource: string, context: RequestContext) => boolean;

export interface Statement {
  readonly sid: string | undefined;
  readonly effect: 'Allow' | 'Deny';
  /** Tests a lowercase action name against Action, or NotAction when `isNotAction`. */
  readonly actions: StringTest;
  readonly isNotAction: boolean;
  /** Undefined for trust policies, which have no Resource element. */
  readonly resources: ResourceTest | undefined;
  readonly isNotResource: boolean;
  /** Undefined for identity policies. */
  readonly principals: PrincipalSet | undefined;
  readonly isNotPrincipal: boolean;
  readonly conditions: readonly ConditionClause[];
}

export interface Policy {
  readonly kind: PolicyKind;
  readonly version: PolicyVersion | undefined;
  readonly id: string | undefined;
  readonly statements: readonly Statement[];
}

const stsTrustActions = ['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity', 'sts:tagsession', 'sts:setsourceidentity', 'sts:setcontext'];
const vendorPattern = /^[a-zA-Z0-9.-]+$/;

function listOf(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}

function fail(reason: string): never {
  throw new PolicyDocumentError(reason);
}

function checkPrincipalRules(statements: RawStatement[], kind: PolicyKind): void {
  for (const statement of statements) {
    if (kind === 'identity' && (statement.Principal !== undefined || statement.NotPrincipal !== undefined)) fail(policyErrorReasons.principalInIdentityPolicy);
    if (kind === 'trust') {
      if (statement.Resource !== undefined) fail(policyErrorReasons.prohibitedField('Resource'));
      if (statement.NotResource !== undefined) fail(policyErrorReasons.prohibitedField('NotResource'));
    }
  }
}

function conditionValues(values: ConditionScalar | ConditionScalar[]): string[] {
  return (Array.isArray(values) ? values : [values]).map(String);
}

function passesLegacy(statement: RawStatement): boolean {
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') return false;
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    if (!parseOperatorName(operator)?.base.startsWith('Date')) continue;
    for (const values of Object.values(block)) {
      if (conditionValues(values).some((value) => parseDate(value) === undefined)) return false;
    }
  }
  return true;
}

function checkActionName(action: string): void {
  const parts = action.split(':');
  if (parts.length === 1 && action !== '*') fail(policyErrorReasons.actionWithoutVendor);
  if (parts.length > 2) fail(policyErrorReasons.actionColons);
  const vendor = parts[0]!;
  if (vendor !== '*' && !vendorPattern.test(vendor)) fail(policyErrorReasons.invalidVendor(vendor));
}

function validate(statements: RawStatement[], kind: PolicyKind): void {
  // Resource format errors are found while the legacy parser runs but reported after the
  // Sid, action and resource presence checks; the first one found is reported.
  let resourceError: string | undefined;
  for (const statement of statements) {
    const resources = [...listOf(statement.Resource), ...listOf(statement.NotResource)];
    const errors = resources.map(resourceFormatError).filter((error): error is string => error !== undefined);
    resourceError ??= errors[0];
    if (!passesLegacy(statement)) fail(policyErrorReasons.legacyParsing);
    if (errors.length === 0 && !resources.every(passesLegacyParsing)) fail(policyErrorReasons.legacyParsing);
  }
  const sids = new Set<string>();
  for (const { Sid: sid } of statements) {
    if (!sid) continue;
    if (sids.has(sid)) fail(policyErrorReasons.duplicateSid);
    sids.add(sid);
  }
  for (const statement of statements) {
    if (listOf(statement.Action ?? statement.NotAction).length === 0) fail(policyErrorReasons.missingActions);
  }
  if (kind !== 'trust') {
    for (const statement of statements) {
      if (listOf(statement.Resource ?? statement.NotResource).length === 0) fail(policyErrorReasons.missingResources);
    }
  }
  if (resourceError) fail(resourceError);
  for (const statement of statements) listOf(statement.Action ?? statement.NotAction).forEach(checkActionName);
  if (kind === 'trust') {
    for (const action of statements.flatMap((statement) => listOf(statement.Action))) {
      if (!stsTrustActions.some(compileActions([action]))) fail(policyErrorReasons.trustPolicyActions);
    }
  }
}

function readPrincipals(statement: RawStatement, kind: PolicyKind): PrincipalSet | undefined {
  const element = statement.Principal ?? statement.NotPrincipal;
  if (kind === 'identity') return undefined;
  if (element === undefined) {
    fail(kind === 'trust' ? policyErrorReasons.trustPolicyWithoutPrincipal : kind === 'key' ? policyErrorReasons.keyPolicyPrincipals : policyErrorReasons.resourcePolicyWithoutPrincipal);
  }
  try {
    return parsePrincipals(element);
  } catch (error) {
    if (!(error instanceof InvalidPrincipal)) throw error;
    fail(kind === 'key' ? policyErrorReasons.keyPolicyPrincipals : policyErrorReasons.invalidPrincipal(error.type, error.value));
  }
}

/** Resource patterns: exact ARNs in a set, plain wildcards in one expression, variables resolved per request. */
function compileResources(patterns: string[], variablesEnabled: boolean): ResourceTest {
  const exact = new Set<string>();
  const globs: string[] = [];
  const templates: Template[] = [];
  for (const pattern of patterns) {
    if (pattern === '*') return () => true;
    const template = variablesEnabled ? parseTemplate(pattern) : undefined;
    if (template) templates.push(template);
    else if (hasWildcard(pattern)) globs.push(globSource(pattern));
    else exact.add(pattern);
  }
  const regex = globs.length > 0 ? anchored(globs.map((source) => `(?:${source})`).join('|')) : undefined;
  return (resource, context) => {
    if (exact.has(resource) || regex?.test(resource)) return true;
    for (const template of templates) {
      const source = resolvePatternSource(template, context);
      if (source !== undefined && anchored(source).test(resource)) return true;
    }
    return false;
  };
}

function compileStatement(statement: RawStatement, kind: PolicyKind, variablesEnabled: boolean): Statement {
  const clauses: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    // An operator IAM does not know is accepted only when empty, and then has no effect.
    if (!parseOperatorName(operator)) continue;
    for (const [key, values] of Object.entries(block)) clauses.push(compileClause(operator, key, conditionValues(values), variablesEnabled));
  }
  const resourcePatterns = statement.Resource ?? statement.NotResource;
  return Object.freeze({
    sid: statement.Sid,
    effect: statement.Effect as 'Allow' | 'Deny',
    actions: compileActions(listOf(statement.Action ?? statement.NotAction)),
    isNotAction: statement.Action === undefined,
    resources: resourcePatterns === undefined ? undefined : compileResources(listOf(resourcePatterns), variablesEnabled),
    isNotResource: statement.NotResource !== undefined,
    principals: readPrincipals(statement, kind),
    isNotPrincipal: statement.NotPrincipal !== undefined,
    conditions: Object.freeze(clauses),
  });
}

/**
 * Parses and validates a policy document. Throws PolicyDocumentError whose `reason` is the
 * client-facing text; the caller maps it to its service's error code.
 */
export function parsePolicyDocument(text: string, options: ParsePolicyOptions): Policy {
  const { kind } = options;
  const raw = readPolicyJson(text, kind === 'trust' ? policyErrorReasons.trustPolicyJson : policyErrorReasons.syntax);
  checkPrincipalRules(raw.statements, kind);
  if (options.requireCurrentVersion && raw.version !== '2012-10-17') fail(policyErrorReasons.version);
  validate(raw.statements, kind);
  // Policy variables came with 2012-10-17; older or unversioned policies read `${...}` literally.
  const variablesEnabled = raw.version === '2012-10-17';
  const statements = raw.statements.map((statement) => compileStatement(statement, kind, variablesEnabled));
  return Object.freeze({ kind, version: raw.version, id: raw.id, statements: Object.freeze(statements) });
}
