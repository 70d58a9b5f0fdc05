// The Condition element (IAM User Guide, "IAM JSON policy elements: Condition operators",
// "Creating a condition with multiple keys or values"):
// - all operators of a statement, and all keys within one operator, must hold (AND);
//   the values listed for one key are alternatives (OR);
// - a key the request does not carry makes a positive operator false and a negated one
//   (StringNotEquals, ArnNotLike, NotIpAddress, ...) true; `...IfExists` makes any operator
//   true for a missing key; `Null` tests presence itself;
// - `ForAllValues:` holds when every request value matches some policy value (and for an
//   empty or missing value set); `ForAnyValue:` when at least one does (never for an empty
//   set). A negated operator under a set qualifier asks, per request value, that it match
//   none of the policy values.
// Policy values are compiled once, when the policy is parsed.
import type { ConditionValue, RequestContext } from './context.js';
import { parseCidr, parseAddress, isInCidr } from './ip.js';
import { anchored, arnLikeSource, compileArnLike, compileGlob, globSource } from './match.js';
import { parseTemplate, resolvePatternSource, resolveText, type Template } from './variables.js';

type ValueTest = (requestValue: string, context: RequestContext) => boolean;

interface OperatorFamily {
  /** Builds the test of one policy value; `template` is set when the value holds a policy variable. */
  compile(policyValue: string, template: Template | undefined): ValueTest;
  negated: boolean;
  /** Whether policy variables are substituted in this operator's values. */
  takesVariables: boolean;
}

const never: ValueTest = () => false;

function stringFamily(compare: (policyValue: string) => (requestValue: string) => boolean, negated: boolean): OperatorFamily {
  return {
    negated,
    takesVariables: true,
    compile(policyValue, template) {
      if (!template) return compare(policyValue);
      return (requestValue, context) => {
        const resolved = resolveText(template, context);
        return resolved !== undefined && compare(resolved)(requestValue);
      };
    },
  };
}

function likeFamily(negated: boolean, arnAware: boolean): OperatorFamily {
  return {
    negated,
    takesVariables: true,
    compile(policyValue, template) {
      if (!template) return arnAware ? compileArnLike(policyValue) : compileGlob(policyValue);
      const toSource = arnAware ? (text: string) => arnLikeSource(text) : (text: string) => globSource(text);
      return (requestValue, context) => {
        const source = resolvePatternSource(template, context, toSource);
        return source !== undefined && anchored(source).test(requestValue);
      };
    },
  };
}

const numberPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function parseNumber(text: string): number | undefined {
  return numberPattern.test(text.trim()) ? Number(text) : undefined;
}

// W3C profile of ISO 8601 (YYYY, YYYY-MM, YYYY-MM-DD, with time hh:mm[:ss[.s]] and a zone),
// or epoch seconds. A time without a zone is read as UTC.
const isoDate = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[Tt](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;

/** A date condition value as epoch milliseconds, or undefined when it is not a date. */
export function parseDate(text: string): number | undefined {
  if (/^\d{1,19}$/.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds * 1000) ? seconds * 1000 : undefined;
  }
  const match = isoDate.exec(text);
  if (!match) return undefined;
  const [, year, month = '1', day = '1', hour = '0', minute = '0', second = '0', fraction = '0', zone] = match;
  const numbers = [Number(month), Number(day), Number(hour), Number(minute), Number(second)];
  const [monthNumber, dayNumber, hourNumber, minuteNumber, secondNumber] = numbers as [number, number, number, number, number];
  if (monthNumber < 1 || monthNumber > 12 || dayNumber < 1 || dayNumber > 31 || hourNumber > 23 || minuteNumber > 59 || secondNumber > 59) return undefined;
  let epoch = Date.UTC(Number(year), monthNumber - 1, dayNumber, hourNumber, minuteNumber, secondNumber, Number(`0.${fraction}`) * 1000);
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    epoch -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * 60_000;
  }
  return Number.isNaN(epoch) ? undefined : epoch;
}

function orderedFamily(parse: (text: string) => number | undefined, holds: (request: number, policy: number) => boolean, negated = false): OperatorFamily {
  return {
    negated,
    takesVariables: false,
    compile(policyValue) {
      const policy = parse(policyValue);
      if (policy === undefined) return never;
      return (requestValue) => {
        const request = parse(requestValue);
        return request !== undefined && holds(request, policy);
      };
    },
  };
}

const equals = (request: number, policy: number): boolean => request === policy;

function binaryEquals(policyValue: string): (requestValue: string) => boolean {
  const policyBytes = Buffer.from(policyValue, 'base64');
  return (requestValue) => Buffer.from(requestValue, 'base64').equals(policyBytes);
}

function ipFamily(negated: boolean): OperatorFamily {
  return {
    negated,
    takesVariables: false,
    compile(policyValue) {
      const cidr = parseCidr(policyValue.trim());
      if (!cidr) return never;
      return (requestValue) => {
        const address = parseAddress(requestValue.trim());
        return address !== undefined && isInCidr(address, cidr);
      };
    },
  };
}

const exactly = (policyValue: string) => (requestValue: string) => requestValue === policyValue;
const ignoringCase = (policyValue: string) => {
  const lower = policyValue.toLowerCase();
  return (requestValue: string) => requestValue.toLowerCase() === lower;
};

/** The operators of the policy grammar by name; `Null` is handled on its own. */
export const operatorFamilies: ReadonlyMap<string, OperatorFamily> = new Map<string, OperatorFamily>([
  ['StringEquals', stringFamily(exactly, false)],
  ['StringNotEquals', stringFamily(exactly, true)],
  ['StringEqualsIgnoreCase', stringFamily(ignoringCase, false)],
  ['StringNotEqualsIgnoreCase', stringFamily(ignoringCase, true)],
  ['StringLike', likeFamily(false, false)],
  ['StringNotLike', likeFamily(true, false)],
  ['NumericEquals', orderedFamily(parseNumber, equals)],
  ['NumericNotEquals', orderedFamily(parseNumber, equals, true)],
  ['NumericLessThan', orderedFamily(parseNumber, (request, policy) => request < policy)],
  ['NumericLessThanEquals', orderedFamily(parseNumber, (request, policy) => request <= policy)],
  ['NumericGreaterThan', orderedFamily(parseNumber, (request, policy) => request > policy)],
  ['NumericGreaterThanEquals', orderedFamily(parseNumber, (request, policy) => request >= policy)],
  ['DateEquals', orderedFamily(parseDate, equals)],
  ['DateNotEquals', orderedFamily(parseDate, equals, true)],
  ['DateLessThan', orderedFamily(parseDate, (request, policy) => request < policy)],
  ['DateLessThanEquals', orderedFamily(parseDate, (request, policy) => request <= policy)],
  ['DateGreaterThan', orderedFamily(parseDate, (request, policy) => request > policy)],
  ['DateGreaterThanEquals', orderedFamily(parseDate, (request, policy) => request >= policy)],
  ['Bool', stringFamily(ignoringCase, false)],
  ['BinaryEquals', { negated: false, takesVariables: false, compile: (policyValue) => binaryEquals(policyValue) }],
  ['IpAddress', ipFamily(false)],
  ['NotIpAddress', ipFamily(true)],
  ['ArnEquals', likeFamily(false, true)],
  ['ArnLike', likeFamily(false, true)],
  ['ArnNotEquals', likeFamily(true, true)],
  ['ArnNotLike', likeFamily(true, true)],
]);

export type SetQualifier = 'ForAllValues' | 'ForAnyValue' | undefined;

export interface OperatorName {
  base: string;
  qualifier: SetQualifier;
  ifExists: boolean;
}

/** Splits `ForAnyValue:StringLikeIfExists` into its parts; undefined for an unknown operator. */
export function parseOperatorName(name: string): OperatorName | undefined {
  let rest = name;
  let qualifier: SetQualifier;
  if (rest.startsWith('ForAllValues:')) qualifier = 'ForAllValues';
  else if (rest.startsWith('ForAnyValue:')) qualifier = 'ForAnyValue';
  if (qualifier) rest = rest.slice(qualifier.length + 1);
  const ifExists = rest.endsWith('IfExists');
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  if (rest === 'Null') return ifExists ? undefined : { base: rest, qualifier, ifExists };
  return operatorFamilies.has(rest) ? { base: rest, qualifier, ifExists } : undefined;
}

/** One key under one operator, its policy values compiled. */
export interface ConditionClause {
  readonly operator: string;
  /** Lowercase condition key. */
  readonly key: string;
  readonly test: (context: RequestContext) => boolean;
}

function isPresent(value: ConditionValue | undefined): value is ConditionValue {
  return value !== undefined && (typeof value === 'string' || value.length > 0);
}

/**
 * Compiles one `"Operator": {"key": values}` entry. `variablesEnabled` is false for policies
 * older than 2012-10-17, whose `${...}` are literal text.
 */
export function compileClause(operator: string, key: string, policyValues: readonly string[], variablesEnabled: boolean): ConditionClause {
  const name = parseOperatorName(operator)!;
  const lowercaseKey = key.toLowerCase();
  if (name.base === 'Null') {
    const wantsAbsent = policyValues.map((value) => value.toLowerCase() === 'true');
    const wantsPresent = policyValues.map((value) => value.toLowerCase() === 'false');
    return {
      operator,
      key: lowercaseKey,
      test: (context) => {
        const present = isPresent(context.get(lowercaseKey));
        return wantsAbsent.some((absent, index) => (absent && !present) || (wantsPresent[index]! && present));
      },
    };
  }
  const family = operatorFamilies.get(name.base)!;
  const tests = policyValues.map((value) => family.compile(value, variablesEnabled && family.takesVariables ? parseTemplate(value) : undefined));
  const matchesAny = (requestValue: string, context: RequestContext): boolean => tests.some((test) => test(requestValue, context));
  const { negated } = family;
  const { qualifier, ifExists } = name;
  return {
    operator,
    key: lowercaseKey,
    test: (context) => {
      const value = context.get(lowercaseKey);
      if (!isPresent(value)) {
        if (ifExists || qualifier === 'ForAllValues') return true;
        if (qualifier === 'ForAnyValue') return false;
        return negated;
      }
      const requestValues = typeof value === 'string' ? [value] : value;
      if (qualifier === 'ForAllValues') return requestValues.every((requestValue) => matchesAny(requestValue, context) !== negated);
      if (qualifier === 'ForAnyValue') return requestValues.some((requestValue) => matchesAny(requestValue, context) !== negated);
      const anyMatch = requestValues.some((requestValue) => matchesAny(requestValue, context));
      return anyMatch !== negated;
    },
  };
}

export function conditionsHold(clauses: readonly ConditionClause[], context: RequestContext): boolean {
  for (const clause of clauses) if (!clause.test(context)) return false;
  return true;
}
