// The destinations this server delivers to for real: Amazon S3 (ExtendedS3 and the older
// S3 form) into the local S3 store, and HTTP endpoints (aws-wire.md §3.6, §3.8). Each is
// kept as the configuration the client sent; DescribeDeliveryStream fills in AWS's
// defaults, and UpdateDestination merges into it. Features that need a service this
// server does not have (Lambda processing, format conversion, S3 object encryption, ...)
// are refused with InvalidArgumentException rather than accepted and ignored [INF].
import type {
  BufferingHints,
  CreateDeliveryStreamInput,
  DestinationDescription,
  ExtendedS3DestinationConfiguration,
  ExtendedS3DestinationDescription,
  HttpEndpointDestinationConfiguration,
  HttpEndpointDestinationDescription,
  S3DestinationConfiguration,
  S3DestinationDescription,
  UpdateDestinationInput,
} from '../../../generated/firehose-shapes.js';
import { firehoseErrors } from '../errors.js';
import { destinationId, type StoredDestination } from './delivery-streams.js';

// AWS's defaults (aws-wire.md §3.6).
export const defaultBuffering = { SizeInMBs: 5, IntervalInSeconds: 300 };
export const defaultRetrySeconds = 300;

const allDestinationMembers = [
  'S3DestinationConfiguration',
  'ExtendedS3DestinationConfiguration',
  'RedshiftDestinationConfiguration',
  'ElasticsearchDestinationConfiguration',
  'AmazonopensearchserviceDestinationConfiguration',
  'SplunkDestinationConfiguration',
  'HttpEndpointDestinationConfiguration',
  'AmazonOpenSearchServerlessDestinationConfiguration',
  'SnowflakeDestinationConfiguration',
  'IcebergDestinationConfiguration',
] as const;

const unsupported = (what: string) => firehoseErrors.invalidArgument(`${what} is not supported by this server.`);

/** The one destination of a CreateDeliveryStream call; moto's text when there is not exactly one (aws-wire.md §3.6). */
export function destinationFromCreate(input: CreateDeliveryStreamInput): StoredDestination {
  const given = allDestinationMembers.filter((member) => input[member] !== undefined);
  if (given.length !== 1) throw firehoseErrors.invalidArgument('Exactly one destination configuration is supported for a Firehose');
  const member = given[0]!;
  let destination: StoredDestination;
  if (member === 'ExtendedS3DestinationConfiguration') destination = { kind: 'ExtendedS3', config: input.ExtendedS3DestinationConfiguration! };
  else if (member === 'S3DestinationConfiguration') destination = { kind: 'S3', config: input.S3DestinationConfiguration! };
  else if (member === 'HttpEndpointDestinationConfiguration') destination = { kind: 'HttpEndpoint', config: input.HttpEndpointDestinationConfiguration! };
  else throw unsupported(`The destination ${member.replace(/Configuration$/, '')}`);
  checkDestination(destination);
  return destination;
}

function checkBufferingHints(hints: BufferingHints | undefined): void {
  // "If you specify a value for one of them, you must also provide a value for the other" (API reference) [INF text].
  if (hints && (hints.SizeInMBs === undefined) !== (hints.IntervalInSeconds === undefined)) {
    throw firehoseErrors.invalidArgument('BufferingHints must specify both SizeInMBs and IntervalInSeconds, or neither.');
  }
}

function checkS3(config: S3DestinationConfiguration): void {
  checkBufferingHints(config.BufferingHints);
  const compression = config.CompressionFormat ?? 'UNCOMPRESSED';
  if (compression !== 'UNCOMPRESSED' && compression !== 'GZIP') throw unsupported(`CompressionFormat ${compression}`);
  if (config.EncryptionConfiguration?.KMSEncryptionConfig) throw unsupported('S3 object encryption (KMSEncryptionConfig) in the local S3 store');
}

/** The rules every stored destination keeps, at creation and after each UpdateDestination. */
export function checkDestination(destination: StoredDestination): void {
  if (destination.kind === 'HttpEndpoint') {
    const config = destination.config;
    checkBufferingHints(config.BufferingHints);
    checkS3(config.S3Configuration);
    if (config.ProcessingConfiguration?.Enabled) throw unsupported('Data transformation (ProcessingConfiguration)');
    if (config.SecretsManagerConfiguration?.Enabled) throw unsupported('SecretsManagerConfiguration');
    return;
  }
  checkS3(destination.config);
  if (destination.kind !== 'ExtendedS3') return;
  const config = destination.config;
  if (config.ProcessingConfiguration?.Enabled) throw unsupported('Data transformation (ProcessingConfiguration)');
  if (config.DataFormatConversionConfiguration?.Enabled) throw unsupported('DataFormatConversionConfiguration');
  if (config.DynamicPartitioningConfiguration?.Enabled) throw unsupported('DynamicPartitioningConfiguration');
  if (config.S3BackupMode === 'Enabled') throw unsupported('S3BackupMode Enabled for an ExtendedS3 destination');
  if (config.CustomTimeZone && !isTimeZone(config.CustomTimeZone)) throw firehoseErrors.invalidArgument(`CustomTimeZone ${config.CustomTimeZone} is not a valid time zone.`);
  // AWS: a Prefix with expressions needs an ErrorOutputPrefix (s3-prefixes documentation) [INF text].
  if (config.Prefix?.includes('!{') && !config.ErrorOutputPrefix) {
    throw firehoseErrors.invalidArgument('ErrorOutputPrefix cannot be null or empty when Prefix contains expressions.');
  }
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function s3Description(config: S3DestinationConfiguration): S3DestinationDescription {
  return {
    RoleARN: config.RoleARN,
    BucketARN: config.BucketARN,
    ...(config.Prefix !== undefined ? { Prefix: config.Prefix } : {}),
    ...(config.ErrorOutputPrefix !== undefined ? { ErrorOutputPrefix: config.ErrorOutputPrefix } : {}),
    BufferingHints: { ...defaultBuffering, ...config.BufferingHints },
    CompressionFormat: config.CompressionFormat ?? 'UNCOMPRESSED',
    EncryptionConfiguration: config.EncryptionConfiguration ?? { NoEncryptionConfig: 'NoEncryption' },
    CloudWatchLoggingOptions: config.CloudWatchLoggingOptions ?? { Enabled: false },
  };
}

/**
 * AWS describes an S3 destination twice, as ExtendedS3 and as plain S3, with defaults
 * filled in (LocalStack's validated snapshots, aws-wire.md §3.6); S3BackupMode appears
 * only in the extended one.
 */
export function describeDestination(destination: StoredDestination): DestinationDescription {
  if (destination.kind === 'HttpEndpoint') return { DestinationId: destinationId, HttpEndpointDestinationDescription: httpDescription(destination.config) };
  const config = destination.config as ExtendedS3DestinationConfiguration;
  const plain = s3Description(config);
  const extended: ExtendedS3DestinationDescription = {
    ...plain,
    ...(config.ProcessingConfiguration !== undefined ? { ProcessingConfiguration: config.ProcessingConfiguration } : {}),
    S3BackupMode: config.S3BackupMode ?? 'Disabled',
    ...(config.S3BackupConfiguration !== undefined ? { S3BackupDescription: s3Description(config.S3BackupConfiguration) } : {}),
    ...(config.DataFormatConversionConfiguration !== undefined ? { DataFormatConversionConfiguration: config.DataFormatConversionConfiguration } : {}),
    ...(config.DynamicPartitioningConfiguration !== undefined ? { DynamicPartitioningConfiguration: config.DynamicPartitioningConfiguration } : {}),
    ...(config.FileExtension !== undefined ? { FileExtension: config.FileExtension } : {}),
    ...(config.CustomTimeZone !== undefined ? { CustomTimeZone: config.CustomTimeZone } : {}),
  };
  return { DestinationId: destinationId, ExtendedS3DestinationDescription: extended, S3DestinationDescription: plain };
}

/** The access key is never described; the URL is (a sensitive member, but part of the description shape) (aws-wire.md §3.6). */
function httpDescription(config: HttpEndpointDestinationConfiguration): HttpEndpointDestinationDescription {
  return {
    EndpointConfiguration: { Url: config.EndpointConfiguration.Url, ...(config.EndpointConfiguration.Name !== undefined ? { Name: config.EndpointConfiguration.Name } : {}) },
    BufferingHints: { ...defaultBuffering, ...config.BufferingHints },
    CloudWatchLoggingOptions: config.CloudWatchLoggingOptions ?? { Enabled: false },
    RequestConfiguration: { ContentEncoding: config.RequestConfiguration?.ContentEncoding ?? 'NONE', ...(config.RequestConfiguration?.CommonAttributes ? { CommonAttributes: config.RequestConfiguration.CommonAttributes } : {}) },
    ...(config.ProcessingConfiguration !== undefined ? { ProcessingConfiguration: config.ProcessingConfiguration } : {}),
    ...(config.RoleARN !== undefined ? { RoleARN: config.RoleARN } : {}),
    RetryOptions: { DurationInSeconds: config.RetryOptions?.DurationInSeconds ?? defaultRetrySeconds },
    S3BackupMode: config.S3BackupMode ?? 'FailedDataOnly',
    S3DestinationDescription: s3Description(config.S3Configuration),
    ...(config.SecretsManagerConfiguration !== undefined ? { SecretsManagerConfiguration: config.SecretsManagerConfiguration } : {}),
  };
}

const updateMembers = ['S3DestinationUpdate', 'ExtendedS3DestinationUpdate', 'HttpEndpointDestinationUpdate'] as const;
const otherUpdateMembers = [
  'RedshiftDestinationUpdate',
  'ElasticsearchDestinationUpdate',
  'AmazonopensearchserviceDestinationUpdate',
  'SplunkDestinationUpdate',
  'AmazonOpenSearchServerlessDestinationUpdate',
  'SnowflakeDestinationUpdate',
  'IcebergDestinationUpdate',
] as const;

function merged<T extends object>(current: T, update: object | undefined): T {
  const result = { ...current } as Record<string, unknown>;
  for (const [member, value] of Object.entries(update ?? {})) if (value !== undefined) result[member] = value;
  return result as T;
}

/**
 * UpdateDestination: the same destination type merges the given fields into the current
 * configuration; S3 and ExtendedS3 turn into each other; a change to or from an HTTP
 * endpoint is refused, with moto's text (aws-wire.md §3.6).
 */
export function applyDestinationUpdate(current: StoredDestination, input: UpdateDestinationInput): StoredDestination {
  const other = otherUpdateMembers.find((member) => input[member] !== undefined);
  const given = updateMembers.filter((member) => input[member] !== undefined);
  if (other !== undefined && given.length === 0) throw unsupported(`The destination ${other.replace(/DestinationUpdate$/, '')}`);
  if (given.length + (other ? 1 : 0) !== 1) throw firehoseErrors.invalidArgument('Exactly one destination configuration is supported for a Firehose');
  const member = given[0]!;
  let next: StoredDestination;
  if (member === 'HttpEndpointDestinationUpdate') {
    if (current.kind !== 'HttpEndpoint') throw firehoseErrors.invalidArgument('Changing the destination type to or from HttpEndpoint is not supported at this time.');
    const { S3Update: s3Update, ...rest } = input.HttpEndpointDestinationUpdate!;
    const config = merged(current.config, rest);
    config.S3Configuration = merged(current.config.S3Configuration, s3Update);
    next = { kind: 'HttpEndpoint', config };
  } else {
    if (current.kind === 'HttpEndpoint') throw firehoseErrors.invalidArgument('Changing the destination type to or from HttpEndpoint is not supported at this time.');
    if (member === 'ExtendedS3DestinationUpdate') {
      const { S3BackupUpdate: backupUpdate, ...rest } = input.ExtendedS3DestinationUpdate!;
      const config = merged(current.config as ExtendedS3DestinationConfiguration, rest);
      if (backupUpdate) config.S3BackupConfiguration = merged(config.S3BackupConfiguration ?? ({} as S3DestinationConfiguration), backupUpdate);
      next = { kind: 'ExtendedS3', config };
    } else {
      next = { kind: current.kind, config: merged(current.config, input.S3DestinationUpdate) } as StoredDestination;
    }
  }
  checkDestination(next);
  return next;
}

export interface Buffering {
  sizeBytes: number;
  intervalMs: number;
}

export function bufferingOf(destination: StoredDestination): Buffering {
  const hints = { ...defaultBuffering, ...destination.config.BufferingHints };
  return { sizeBytes: hints.SizeInMBs * 1024 * 1024, intervalMs: hints.IntervalInSeconds * 1000 };
}

/** Where S3 objects go: the destination itself, or an HTTP endpoint's backup bucket. */
export function s3ConfigOf(destination: StoredDestination): S3DestinationConfiguration {
  return destination.kind === 'HttpEndpoint' ? destination.config.S3Configuration : destination.config;
}
