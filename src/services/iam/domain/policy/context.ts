// The request context a policy is evaluated against: condition keys and their values,
// supplied by the caller (IAM User Guide, "Policy evaluation logic": processing the
// request context). Key names are case-insensitive ("aws:CurrentTime is equivalent to
// AWS:currenttime", "IAM policy elements: Variables and tags"); values keep their case.

/** One condition key's value: a string, or a list for multivalued keys (kms:EncryptionContextKeys). */
export type ConditionValue = string | readonly string[];

/** What the caller supplies: condition key → value, in any case. */
export type ConditionValues = Readonly<Record<string, ConditionValue | undefined>>;

/** Keys whose value changes with the clock, not with the request: a decision that read one is not cached. */
export const timeDependentKeys: ReadonlySet<string> = new Set(['aws:currenttime', 'aws:epochtime', 'aws:multifactorauthage']);

/**
 * The context of one evaluation, read by lowercase key. It notes which keys were read, so
 * that a cached decision can serve any request that agrees on those keys, and whether one
 * of them was a clock key.
 */
export class RequestContext {
  private readonly source: ConditionValues | undefined;
  private readList: string[] | undefined;
  private readTimeDependentKey = false;

  constructor(source: ConditionValues | undefined) {
    this.source = source;
  }

  /** The value of a lowercase key, or undefined when the request does not carry it. */
  get(lowercaseKey: string): ConditionValue | undefined {
    if (timeDependentKeys.has(lowercaseKey)) this.readTimeDependentKey = true;
    (this.readList ??= []).push(lowercaseKey);
    return this.peek(lowercaseKey);
  }

  /** A single-valued key as a string: policy variables cannot stand for multivalued keys. */
  single(lowercaseKey: string): string | undefined {
    const value = this.get(lowercaseKey);
    return typeof value === 'string' ? value : undefined;
  }

  /** The value without noting the read. */
  peek(lowercaseKey: string): ConditionValue | undefined {
    // A scan, not a lowercased copy of the context: an evaluation reads few keys, often none.
    return findConditionValue(this.source, lowercaseKey);
  }

  /** The lowercase keys read so far, each once. */
  get readKeys(): readonly string[] {
    return this.readList ? [...new Set(this.readList)] : [];
  }

  get isTimeDependent(): boolean {
    return this.readTimeDependentKey;
  }
}

/**
 * A context value by lowercase key: of several keys equal but for case, the last. Condition
 * keys are ASCII, so a key and its lowercase form have the same length.
 */
export function findConditionValue(source: ConditionValues | undefined, lowercaseKey: string): ConditionValue | undefined {
  let found: ConditionValue | undefined;
  for (const name in source) {
    if (!Object.hasOwn(source, name) || name.length !== lowercaseKey.length || (name !== lowercaseKey && name.toLowerCase() !== lowercaseKey)) continue;
    const value = source[name];
    if (value !== undefined) found = value;
  }
  return found;
}

/** Who makes a request, as the authorizer knows the caller after authentication. */
export interface Principal {
  /** User ARN, `arn:aws:iam::ACCOUNT:root`, or the session ARN `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`. */
  arn: string;
  type: 'Root' | 'IAMUser' | 'AssumedRole';
  accountId: string;
  /** For an assumed-role session: the role's ARN, path included (the session ARN omits the path). */
  roleArn?: string;
}

export function rootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

/**
 * The global keys that describe the caller (IAM User Guide, "AWS global condition context
 * keys" and the principal key table of "Variables and tags"): aws:PrincipalArn is the role
 * ARN for a role session, aws:PrincipalType is Account, User or AssumedRole, aws:username
 * exists only for IAM users, aws:userid is the unique id (ROLE-ID:SESSION for a session,
 * the account id for the root user) when the caller passes it.
 */
export function principalConditionValues(principal: Principal, uniqueId?: string): Record<string, string> {
  const values: Record<string, string> = { 'aws:PrincipalAccount': principal.accountId };
  switch (principal.type) {
    case 'Root':
      values['aws:PrincipalArn'] = rootArn(principal.accountId);
      values['aws:PrincipalType'] = 'Account';
      values['aws:userid'] = principal.accountId;
      break;
    case 'IAMUser':
      values['aws:PrincipalArn'] = principal.arn;
      values['aws:PrincipalType'] = 'User';
      values['aws:username'] = principal.arn.slice(principal.arn.lastIndexOf('/') + 1);
      if (uniqueId) values['aws:userid'] = uniqueId;
      break;
    case 'AssumedRole':
      values['aws:PrincipalArn'] = principal.roleArn ?? principal.arn;
      values['aws:PrincipalType'] = 'AssumedRole';
      if (uniqueId) values['aws:userid'] = `${uniqueId}:${principal.arn.slice(principal.arn.lastIndexOf('/') + 1)}`;
      break;
  }
  return values;
}
