// What every operation receives besides its input: who is calling, from where, and
// the one authorization hook every operation asks before it acts.
import type { Logger } from 'pino';

export interface Caller {
  accountId: string;
  /** arn:aws:iam::ACCOUNT:root in open mode. */
  principalArn: string;
  accessKeyId: string;
  /** From the SigV4 credential scope. */
  region: string;
  sourceIp: string;
}

export interface RequestContext {
  requestId: string;
  caller: Caller;
  log: Logger;
  /** Throws AccessDeniedException when the caller may not perform `action` (e.g. kinesis:PutRecord) on `resourceArn`. */
  authorize(action: string, resourceArn: string): Promise<void>;
}

export type Authorizer = (caller: Caller, action: string, resourceArn: string) => Promise<void>;

/** Open mode: every well-formed request acts as the account root and is allowed. A later mode enforces policies. */
export const allowAll: Authorizer = async () => {};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OperationHandler = (input: any, context: RequestContext) => Promise<unknown>;

export interface ServiceDefinition {
  /** Names the model in models/<name>.json. */
  name: 'kinesis' | 'firehose' | 'kms';
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
