// Builds CloudTrail over a storage engine: the durable trail, and the AuditTrail the
// dispatcher records management calls through (DispatchOptions.audit).
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { StorageEngine } from '../../storage/engine.js';
import type { AuditTrail } from '../context.js';
import type { CloudTrail } from './cloudtrail.js';
import { toEventRecord } from './domain/event-record.js';
import { PageTokens } from './domain/page-tokens.js';
import { isRecordedOperation } from './domain/recorded-operations.js';
import { TrailLog } from './domain/trail-log.js';

export interface CreatedCloudTrail {
  cloudTrail: CloudTrail;
  /** For DispatchOptions.audit. */
  audit: AuditTrail;
}

/** `accountId` owns the records of calls refused before their caller was known. */
export async function createCloudTrail(options: { engine: StorageEngine; accountId: string; log?: Logger; now?: () => number }): Promise<CreatedCloudTrail> {
  const now = options.now ?? Date.now;
  const trail = new TrailLog({ engine: options.engine, now, ...(options.log ? { log: options.log } : {}) });
  const cloudTrail: CloudTrail = { trail, tokens: await PageTokens.load(options.engine), now };
  const audit: AuditTrail = {
    records: isRecordedOperation,
    append: (call) => trail.append(toEventRecord(call, randomUUID(), options.accountId)),
  };
  return { cloudTrail, audit };
}
