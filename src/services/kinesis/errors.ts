// Kinesis's error catalog, with the message texts AWS sends (aws-wire.md §1.6–1.8).
import { AwsError } from '../errors.js';

export interface StreamRef {
  name: string;
  accountId: string;
}

const of = (stream: StreamRef) => `stream ${stream.name} under account ${stream.accountId}`;

export const kinesisErrors = {
  invalidArgument: (message: string) => new AwsError('InvalidArgumentException', message),
  streamNotFound: (stream: StreamRef) => new AwsError('ResourceNotFoundException', `Stream ${stream.name} under account ${stream.accountId} not found.`),
  streamExists: (stream: StreamRef) => new AwsError('ResourceInUseException', `Stream ${stream.name} under account ${stream.accountId} already exists.`),
  // No trailing period: AWS's text as recorded (aws-wire.md §1.5).
  streamNotActive: (stream: StreamRef, status: string) =>
    new AwsError('ResourceInUseException', `Stream ${stream.name} under account ${stream.accountId} not ACTIVE, instead in state ${status}`),
  shardNotFound: (stream: StreamRef, shardId: string) => new AwsError('ResourceNotFoundException', `Shard ${shardId} in ${of(stream)} does not exist`),
  shardUnparseable: (stream: StreamRef, raw: string) => new AwsError('ResourceNotFoundException', `Could not find shard ${raw} in ${of(stream)}.`),
  invalidIterator: () => new AwsError('InvalidArgumentException', 'Invalid ShardIterator.'),
  expiredIterator: (created: number, now: number) =>
    new AwsError(
      'ExpiredIteratorException',
      `Iterator expired. The iterator was created at time ${javaDate(created)} while right now it is ${javaDate(now)} which is further in the future than the tolerated delay of 300000 milliseconds.`,
    ),
  limitExceeded: (message: string) => new AwsError('LimitExceededException', message),
  resourceNotFound: (message: string) => new AwsError('ResourceNotFoundException', message),
  resourceInUse: (message: string) => new AwsError('ResourceInUseException', message),
  validation: (message: string) => new AwsError('ValidationException', message),
  expiredNextToken: (message: string) => new AwsError('ExpiredNextTokenException', message),
};

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Java's `EEE MMM dd HH:mm:ss UTC yyyy`, as the expired-iterator message prints it. */
export function javaDate(millis: number): string {
  const date = new Date(millis);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${days[date.getUTCDay()]} ${months[date.getUTCMonth()]} ${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}
