// What every operation receives besides its input: who is calling, from where, and
// the one authorization hook every operation asks before it acts.
import type { Logger } from 'pino';

/** The services on the one port; each names its model in models/<name>.json. */
export type ServiceName = 'kinesis' | 'firehose' | 'kms' | 'iam' | 'sts' | 'cloudtrail';

/** The kinds of principal a request can act as (aws:PrincipalType). */
export type PrincipalType = 'Account' | 'User' | 'AssumedRole' | 'AWSService';

/** Who a set of credentials belongs to, as IAM knows it. */
export interface Identity {
  accountId: string;
  /** arn:aws:iam::ACCOUNT:root, arn:aws:iam::ACCOUNT:user/NAME, arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION. */
  principalArn: string;
  principalType: PrincipalType;
  /** GetCallerIdentity's UserId: the account id for the root, AIDA… for a user, AROA…:SESSION for a role session. */
  principalId?: string;
  /** The IAM user's name (aws:username); absent for the root and role sessions. */
  userName?: string;
  /** The role a session acts for: its policies are the session's. */
  roleArn?: string;
}

export interface Caller extends Identity {
  accessKeyId: string;
  /** From the SigV4 credential scope. */
  region: string;
  sourceIp: string;
  userAgent?: string;
  /** The request came over TLS (aws:SecureTransport). */
  secureTransport?: boolean;
}

/** What a strict server knows of an access key: whose it is and the secret that signs with it. */
export interface SigningCredential {
  identity: Identity;
  /** In memory only while a request is verified; stored sealed, never logged. */
  secretAccessKey: string;
  /** Temporary credentials (STS) carry a session token that must come with every request, and expire. */
  sessionToken?: string;
  /**
   * SHA-256 (hex) of the session token, for stores that keep only the hash (IAM's STS
   * sessions): a request's X-Amz-Security-Token must hash to it. A credential with either
   * this or sessionToken is temporary and needs its token.
   */
  sessionTokenSha256?: string;
  expiresAt?: number;
}

/** Looks up access keys for signature verification (IAM's users, the account root, STS sessions). */
export interface CredentialStore {
  /** Undefined for an unknown or inactive key. */
  find(accessKeyId: string): Promise<SigningCredential | undefined>;
}

/** One call as the audit trail keeps it (CloudTrail's event fields, issue 8). */
export interface AuditedCall {
  eventTime: Date;
  requestId: string;
  service: ServiceName;
  operation: string;
  region: string;
  sourceIp: string;
  userAgent?: string;
  /** Undefined when the request was refused before its caller was known (a bad signature). */
  caller?: Caller;
  /** The access key the request was signed with, known even when authentication failed. */
  accessKeyId?: string;
  /** The decoded input with camelCase names, sensitive members hidden; absent when the input did not decode. */
  requestParameters?: Record<string, unknown>;
  responseElements?: Record<string, unknown>;
  errorCode?: string;
  errorMessage?: string;
}

/** Where management calls go on record. */
export interface AuditTrail {
  /** Whether calls to this operation are recorded (management events: the changes, refused or not). */
  records(service: ServiceName, operation: string): boolean;
  /** Resolves once the record is durable; the call's answer waits for it. */
  append(call: AuditedCall): Promise<void>;
}

/** Condition keys a request supplies to policy evaluation beyond the caller's own (kms:ViaService, kms:EncryptionContext:…). */
export type ConditionValues = Record<string, string | string[]>;

export interface RequestContext {
  requestId: string;
  caller: Caller;
  log: Logger;
  /** Throws AccessDeniedException when the caller may not perform `action` (e.g. kinesis:PutRecord) on `resourceArn`; answers at once when it already knows. */
  authorize(action: string, resourceArn: string, conditions?: ConditionValues): void | Promise<void>;
}

/**
 * Allows by returning, refuses by throwing AccessDeniedException. Returns at once, not a
 * promise, when the answer is already known (open mode; strict mode's remembered
 * allowances), so the data path need not wait a turn for it (key-material.ts).
 */
export type Authorizer = (caller: Caller, action: string, resourceArn: string, conditions?: ConditionValues) => void | Promise<void>;

/** Open mode: every well-formed request acts as the account root and is allowed. A later mode enforces policies. */
export const allowAll: Authorizer = () => {};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OperationHandler = (input: any, context: RequestContext) => Promise<unknown>;

export interface ServiceDefinition {
  /** Names the model in models/<name>.json. */
  name: ServiceName;
  operations: Record<string, OperationHandler>;
  /** Model patterns this server deliberately relaxes, by shape name (Firehose's --allow-http-endpoints). */
  patternOverrides?: Record<string, string>;
}

/** An operation as a service writes it: its dependencies first, then the input and the context. */
export type ServiceOperation<Dependencies> = (dependencies: Dependencies, input: never, context: RequestContext) => Promise<unknown>;

/** A service's table of operations bound to its dependencies, as the dispatcher calls them. */
export function bindOperations<Dependencies>(dependencies: Dependencies, table: Record<string, ServiceOperation<Dependencies>>): Record<string, OperationHandler> {
  const bound: Record<string, OperationHandler> = {};
  for (const [name, operation] of Object.entries(table)) bound[name] = (input, context) => operation(dependencies, input as never, context);
  return bound;
}
