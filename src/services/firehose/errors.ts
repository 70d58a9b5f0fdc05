// Firehose's error catalog (aws-wire.md §3.1–3.5). Texts recorded from AWS (or where
// LocalStack and moto agree) are marked with their source; the rest are ours, marked [INF].
import { AwsError } from '../errors.js';

export interface DeliveryStreamRef {
  name: string;
  accountId: string;
}

export const firehoseErrors = {
  invalidArgument: (message: string) => new AwsError('InvalidArgumentException', message),
  // "account" here, "accountId" in the duplicate text: both as recorded (aws-wire.md §3.2).
  notFound: (stream: DeliveryStreamRef) => new AwsError('ResourceNotFoundException', `Firehose ${stream.name} under account ${stream.accountId} not found.`),
  exists: (stream: DeliveryStreamRef) => new AwsError('ResourceInUseException', `Firehose ${stream.name} under accountId ${stream.accountId} already exists`),
  resourceInUse: (message: string) => new AwsError('ResourceInUseException', message),
  limitExceeded: (message: string) => new AwsError('LimitExceededException', message),
  // moto's text (aws-wire.md §3.6).
  versionMismatch: (name: string, current: number, given: string) =>
    new AwsError('ConcurrentModificationException', `Cannot update firehose: ${name} since the current version id: ${current} and specified version id: ${given} do not match`),
  // The model gives InvalidKMSResourceException a `code` member beside `message`: the KMS error code (aws-wire.md §3.4).
  invalidKmsResource: (code: string, message: string) => new AwsError('InvalidKMSResourceException', message, { extra: { code } }),
  // A modelled fault, so a 5xx (aws-wire.md §0.3) that SDKs retry.
  serviceUnavailable: (message: string) => new AwsError('ServiceUnavailableException', message, { status: 503 }),
  // aws-cli#7010 (aws-wire.md §3.2).
  notDirectPut: () => new AwsError('InvalidArgumentException', 'This operation is not permitted on KinesisStreamAsSource delivery stream type.'),
};
