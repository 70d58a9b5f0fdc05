// The shape check of a policy document: JSON, known elements, strings where strings go.
// Anything off here is IAM's "Syntax errors in policy." (IAM User Guide, "IAM JSON policy
// element reference" and "Grammar of the IAM JSON policy language"; the cases IAM refuses
// as syntax errors are the ones recorded in moto's IAM policy tests).
import { parseOperatorName } from './conditions.js';
import { PolicyDocumentError, policyErrorReasons } from './errors.js';

export const policyVersions = ['2012-10-17', '2008-10-17'] as const;
export type PolicyVersion = (typeof policyVersions)[number];

/** A condition value as written: IAM's own examples use JSON booleans and numbers as well as strings. */
export type ConditionScalar = string | number | boolean;

export interface RawStatement {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: string | Record<string, string | string[]>;
  NotPrincipal?: string | Record<string, string | string[]>;
  Condition?: Record<string, Record<string, ConditionScalar | ConditionScalar[]>>;
}

export interface RawPolicy {
  version: PolicyVersion | undefined;
  id: string | undefined;
  statements: RawStatement[];
}

const topElements = new Set(['Version', 'Id', 'Statement']);
const statementElements = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringOrStrings(value: unknown): boolean {
  return typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
}

function isScalar(value: unknown): value is ConditionScalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isPrincipalElement(value: unknown): boolean {
  if (typeof value === 'string') return true;
  return isObject(value) && Object.values(value).every(isStringOrStrings);
}

function isConditionElement(value: unknown): boolean {
  if (!isObject(value)) return false;
  for (const [operator, block] of Object.entries(value)) {
    if (!isObject(block)) return false;
    for (const values of Object.values(block)) {
      if (!isScalar(values) && !(Array.isArray(values) && values.every(isScalar))) return false;
    }
    // IAM accepts an operator it does not know only with nothing under it.
    if (!parseOperatorName(operator) && Object.keys(block).length > 0) return false;
  }
  return true;
}

function isStatement(value: unknown): value is RawStatement {
  if (!isObject(value)) return false;
  if (!Object.keys(value).every((element) => statementElements.has(element))) return false;
  if ('Resource' in value && 'NotResource' in value) return false;
  if ('Action' in value && 'NotAction' in value) return false;
  if ('Principal' in value && 'NotPrincipal' in value) return false;
  const effect = value['Effect'];
  if (typeof effect !== 'string' || !['allow', 'deny'].includes(effect.toLowerCase())) return false;
  for (const element of ['Action', 'NotAction', 'Resource', 'NotResource']) {
    if (element in value && !isStringOrStrings(value[element])) return false;
  }
  for (const element of ['Principal', 'NotPrincipal']) {
    if (element in value && !isPrincipalElement(value[element])) return false;
  }
  if ('Condition' in value && !isConditionElement(value['Condition'])) return false;
  if ('Sid' in value && typeof value['Sid'] !== 'string') return false;
  return true;
}

/** JSON text to the document's raw parts, or PolicyDocumentError with `jsonReason` / the syntax text. */
export function readPolicyJson(text: string, jsonReason: string): RawPolicy {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new PolicyDocumentError(jsonReason);
  }
  if (!isObject(document)) throw new PolicyDocumentError(jsonReason);
  const syntaxError = new PolicyDocumentError(policyErrorReasons.syntax);
  if (!Object.keys(document).every((element) => topElements.has(element))) throw syntaxError;
  const version = document['Version'];
  if (version !== undefined && !(policyVersions as readonly unknown[]).includes(version)) throw syntaxError;
  const id = document['Id'];
  if (id !== undefined && typeof id !== 'string') throw syntaxError;
  const statement = document['Statement'];
  const statements = Array.isArray(statement) ? statement : isObject(statement) ? [statement] : undefined;
  if (!statements || statements.length === 0 || !statements.every(isStatement)) throw syntaxError;
  return { version: version as PolicyVersion | undefined, id: id as string | undefined, statements };
}
