// One recorded call in AWS CloudTrail's event record format, field for field and in the
// order CloudTrail writes them
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html,
//  userIdentity: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html).
// This is what the trail stores, LookupEvents returns as CloudTrailEvent, and
// `sealstream audit export` prints, one a line.
import type { AuditedCall, Caller, ServiceName } from '../../context.js';
import { isReadOnlyEvent } from './recorded-operations.js';
import { withoutSecrets } from './redaction.js';
import { resourcesOf, type EventResource } from './resources.js';

export const eventVersion = '1.09';

export interface UserIdentity {
  type: 'Root' | 'IAMUser' | 'AssumedRole' | 'AWSService' | 'Unknown';
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  sessionContext?: {
    sessionIssuer: { type: 'Role'; principalId?: string; arn: string; accountId: string; userName: string };
    attributes: { mfaAuthenticated: 'false' };
  };
  invokedBy?: string;
}

export interface EventRecord {
  eventVersion: string;
  userIdentity: UserIdentity;
  /** ISO 8601 in UTC to the second, as CloudTrail writes it: 2024-05-01T12:00:00Z. */
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  /** Null when the request carried no parameters or did not decode, as in CloudTrail. */
  requestParameters: Record<string, unknown> | null;
  /** Null for a refused call and for calls that answer nothing. */
  responseElements: Record<string, unknown> | null;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  resources?: EventResource[];
  eventType: 'AwsApiCall';
  managementEvent: true;
  recipientAccountId: string;
  eventCategory: 'Management';
}

const eventSources: Record<ServiceName, string> = {
  kinesis: 'kinesis.amazonaws.com',
  firehose: 'firehose.amazonaws.com',
  kms: 'kms.amazonaws.com',
  iam: 'iam.amazonaws.com',
  sts: 'sts.amazonaws.com',
  cloudtrail: 'cloudtrail.amazonaws.com',
};

export function eventSourceOf(service: ServiceName): string {
  return eventSources[service];
}

export function toEventTime(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `defaultAccountId` owns calls refused before their caller was known. */
export function toEventRecord(call: AuditedCall, eventId: string, defaultAccountId: string): EventRecord {
  const accountId = call.caller?.accountId ?? defaultAccountId;
  const requestParameters = withoutSecrets(call.service, call.requestParameters);
  const responseElements = call.errorCode === undefined ? withoutSecrets(call.service, call.responseElements) : undefined;
  const resources = resourcesOf({ service: call.service, region: call.region, accountId }, requestParameters, responseElements);
  return {
    eventVersion,
    userIdentity: call.caller ? userIdentityOf(call.caller) : { type: 'Unknown', ...(call.accessKeyId ? { accessKeyId: call.accessKeyId } : {}) },
    eventTime: toEventTime(call.eventTime),
    eventSource: eventSourceOf(call.service),
    eventName: call.operation,
    awsRegion: call.region,
    sourceIPAddress: call.sourceIp,
    ...(call.userAgent !== undefined ? { userAgent: call.userAgent } : {}),
    ...(call.errorCode !== undefined ? { errorCode: call.errorCode, errorMessage: call.errorMessage ?? '' } : {}),
    requestParameters: isEmpty(requestParameters) ? null : requestParameters!,
    responseElements: isEmpty(responseElements) ? null : responseElements!,
    requestID: call.requestId,
    eventID: eventId,
    readOnly: isReadOnlyEvent(call.service),
    ...(resources.length > 0 ? { resources } : {}),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
  };
}

function userIdentityOf(caller: Caller): UserIdentity {
  const common = { principalId: caller.principalId ?? caller.accountId, arn: caller.principalArn, accountId: caller.accountId, accessKeyId: caller.accessKeyId };
  switch (caller.principalType) {
    case 'Account':
      return { type: 'Root', ...common };
    case 'User':
      return { type: 'IAMUser', ...common, ...(caller.userName !== undefined ? { userName: caller.userName } : {}) };
    case 'AssumedRole': {
      const roleArn = caller.roleArn ?? roleArnOfSession(caller.principalArn, caller.accountId);
      return {
        type: 'AssumedRole',
        ...common,
        sessionContext: {
          // A session's principal id is the role's id, a colon, and the session name.
          sessionIssuer: { type: 'Role', ...(caller.principalId ? { principalId: caller.principalId.split(':')[0]! } : {}), arn: roleArn, accountId: caller.accountId, userName: roleArn.slice(roleArn.lastIndexOf('/') + 1) },
          attributes: { mfaAuthenticated: 'false' },
        },
      };
    }
    case 'AWSService':
      return { type: 'AWSService', invokedBy: caller.principalArn };
  }
}

// arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION -> arn:aws:iam::ACCOUNT:role/ROLE
function roleArnOfSession(sessionArn: string, accountId: string): string {
  const role = sessionArn.split(':').slice(5).join(':').split('/')[1] ?? '';
  return `arn:aws:iam::${accountId}:role/${role}`;
}

/** LookupEvents' Username: "root" for the account, the user's name, or a role session's name. */
export function usernameOf(identity: UserIdentity): string | undefined {
  switch (identity.type) {
    case 'Root':
      return 'root';
    case 'IAMUser':
      return identity.userName;
    case 'AssumedRole':
      return identity.arn?.slice(identity.arn.lastIndexOf('/') + 1);
    case 'AWSService':
      return identity.invokedBy;
    case 'Unknown':
      return undefined;
  }
}

function isEmpty(value: Record<string, unknown> | undefined): boolean {
  return value === undefined || Object.keys(value).length === 0;
}
