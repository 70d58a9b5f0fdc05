// The resources an event names, as CloudTrail lists them in a record's `resources`
// ({ARN, accountId, type}) and LookupEvents in an event's Resources ({ResourceType,
// ResourceName}): the stream, delivery stream, key, alias, user, role or policy the call
// acted on, and the KMS key a Start*Encryption call named, so that "who enabled
// encryption with which key" is one lookup
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
import type { ServiceName } from '../../context.js';

export interface EventResource {
  ARN: string;
  accountId: string;
  type: string;
}

interface Scope {
  service: ServiceName;
  region: string;
  accountId: string;
}

type Members = Record<string, unknown>;

export function resourcesOf(scope: Scope, request: Members | undefined, response: Members | undefined): EventResource[] {
  const found = new Map<string, EventResource>();
  const add = (arn: string | undefined, type: string) => {
    if (arn !== undefined && !found.has(arn)) found.set(arn, { ARN: arn, accountId: accountOf(arn) ?? scope.accountId, type });
  };
  const text = (members: Members | undefined, name: string) => (typeof members?.[name] === 'string' ? (members[name] as string) : undefined);
  const { region, accountId } = scope;
  switch (scope.service) {
    case 'kinesis': {
      const streamArn = text(request, 'streamARN') ?? mapDefined(text(request, 'streamName'), (name) => `arn:aws:kinesis:${region}:${accountId}:stream/${name}`);
      add(streamArn, 'AWS::Kinesis::Stream');
      const resourceArn = text(request, 'resourceARN');
      if (resourceArn !== undefined) add(resourceArn, resourceArn.includes('/consumer/') ? 'AWS::Kinesis::StreamConsumer' : 'AWS::Kinesis::Stream');
      add(text(request, 'consumerARN') ?? text(asMembers(response?.['consumer']), 'consumerARN'), 'AWS::Kinesis::StreamConsumer');
      addKey(add, scope, text(request, 'keyId'));
      break;
    }
    case 'firehose': {
      add(mapDefined(text(request, 'deliveryStreamName'), (name) => `arn:aws:firehose:${region}:${accountId}:deliverystream/${name}`), 'AWS::KinesisFirehose::DeliveryStream');
      const encryption = asMembers(request?.['deliveryStreamEncryptionConfigurationInput']);
      addKey(add, scope, text(encryption, 'keyARN'));
      break;
    }
    case 'kms': {
      add(text(asMembers(response?.['keyMetadata']), 'arn'), 'AWS::KMS::Key');
      addKey(add, scope, text(request, 'keyId'));
      addKey(add, scope, text(request, 'targetKeyId'));
      addKey(add, scope, text(request, 'aliasName'));
      break;
    }
    case 'iam': {
      const iamArn = (kind: string) => (name: string) => `arn:aws:iam::${accountId}:${kind}/${name}`;
      add(mapDefined(text(request, 'userName'), iamArn('user')), 'AWS::IAM::User');
      add(mapDefined(text(request, 'roleName'), iamArn('role')), 'AWS::IAM::Role');
      add(mapDefined(text(request, 'groupName'), iamArn('group')), 'AWS::IAM::Group');
      add(text(request, 'policyArn') ?? text(asMembers(response?.['policy']), 'arn'), 'AWS::IAM::Policy');
      break;
    }
    case 'sts':
      add(text(request, 'roleArn'), 'AWS::IAM::Role');
      break;
    case 'cloudtrail':
      break;
  }
  return [...found.values()];
}

/** LookupEvents' ResourceName filter matches an ARN or the name inside it (stream name, key id, alias/NAME, user name). */
export function resourceNamesOf(arn: string): string[] {
  const resource = arn.split(':').slice(5).join(':');
  if (resource === '') return [arn];
  const name = resource.startsWith('alias/') ? resource : resource.slice(resource.lastIndexOf('/') + 1);
  return name === arn ? [arn] : [arn, name];
}

// A KeyId may be a key id, a key ARN, an alias name or an alias ARN (KMS's KeyId shape).
function addKey(add: (arn: string | undefined, type: string) => void, scope: Scope, keyId: string | undefined): void {
  if (keyId === undefined) return;
  if (keyId.startsWith('arn:')) {
    add(keyId, keyId.includes(':alias/') ? 'AWS::KMS::Alias' : 'AWS::KMS::Key');
  } else if (keyId.startsWith('alias/')) {
    add(`arn:aws:kms:${scope.region}:${scope.accountId}:${keyId}`, 'AWS::KMS::Alias');
  } else {
    add(`arn:aws:kms:${scope.region}:${scope.accountId}:key/${keyId}`, 'AWS::KMS::Key');
  }
}

function accountOf(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account ? account : undefined;
}

function asMembers(value: unknown): Members | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Members) : undefined;
}

function mapDefined<T>(value: string | undefined, map: (value: string) => T): T | undefined {
  return value === undefined ? undefined : map(value);
}
