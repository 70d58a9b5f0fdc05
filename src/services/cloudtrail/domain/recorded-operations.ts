// Which calls go on record: CloudTrail's management events that change something, for
// every service on the port, refused calls included. Read-only calls (Describe*, List*,
// Get*) and the data path (records in and out, cryptographic operations) are not
// recorded: CloudTrail logs those only as data events or not at all, and recording the
// data path would put a durable write in front of every PutRecord
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html).
//
// The rule is read from the models rather than listed by hand, so an operation a model
// gains is covered: an operation is recorded when its name begins with a verb that
// changes state, unless it is on the data path.
import { loadModel } from '../../../protocol/model.js';
import type { ServiceName } from '../../context.js';

const changeVerbs = new Set([
  'Accept', 'Add', 'Associate', 'Attach', 'Cancel', 'Change', 'Connect', 'Create', 'Deactivate', 'Decrease', 'Delete',
  'Deregister', 'Detach', 'Disable', 'Disconnect', 'Enable', 'Import', 'Increase', 'Merge', 'Put', 'Register', 'Reject',
  'Remove', 'Replicate', 'Reset', 'Resync', 'Retire', 'Revoke', 'Rotate', 'Schedule', 'Set', 'Split', 'Start', 'Stop',
  'Tag', 'Untag', 'Update', 'Upload',
]);

// The data path: what a producer or consumer calls per record. Never on record, even
// though "Put" is a change verb. Encrypt, Decrypt, GenerateDataKey*, Sign, Verify and
// their kin begin with no change verb and so are left out by the rule itself.
const dataPath: Partial<Record<ServiceName, ReadonlySet<string>>> = {
  kinesis: new Set(['PutRecord', 'PutRecords']),
  firehose: new Set(['PutRecord', 'PutRecordBatch']),
};

// STS changes nothing that lasts, but the credentials it issues are what an auditor
// follows a role session back through: CloudTrail records these as management events
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html).
const credentialIssuers: ReadonlySet<string> = new Set([
  'AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity', 'AssumeRoot', 'GetFederationToken', 'GetSessionToken',
]);

const cache = new Map<string, boolean>();

export function isRecordedOperation(service: ServiceName, operation: string): boolean {
  const key = `${service}.${operation}`;
  let recorded = cache.get(key);
  if (recorded === undefined) {
    recorded = decide(service, operation);
    cache.set(key, recorded);
  }
  return recorded;
}

function decide(service: ServiceName, operation: string): boolean {
  if (service === 'cloudtrail') return false;
  if (!Object.hasOwn(loadModel(service).operations, operation)) return false;
  if (service === 'sts') return credentialIssuers.has(operation);
  if (dataPath[service]?.has(operation)) return false;
  const verb = /^[A-Z][a-z]+/.exec(operation)?.[0];
  return verb !== undefined && changeVerbs.has(verb);
}

/** CloudTrail marks calls that issue credentials read-only; every other recorded call changes something. */
export function isReadOnlyEvent(service: ServiceName): boolean {
  return service === 'sts';
}
