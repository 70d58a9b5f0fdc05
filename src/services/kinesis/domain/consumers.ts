// Enhanced fan-out consumers: their ARNs, how a request names one, and the texts of the
// errors about them. Consumers live inside their stream's document (StreamDoc.consumers),
// so every change to them is one compare-and-set on the stream.
//
// Sources of the texts:
// - "Consumer NAME with creation timestamp SECONDS under stream STREAM and account ACCOUNT
//   is not in ACTIVE status." is AWS's, pasted from a real response in
//   aws-cloudformation/cloudformation-coverage-roadmap#2442 (and, with slightly different
//   punctuation, from SubscribeToShard in awslabs/kinesis-hot-shard-advisor#37) [IS].
// - No source records AWS's consumer not-found, duplicate-name or limit texts (kinesalite
//   has no consumers; kinesis-mock and moto invent theirs). The ones below follow the
//   pattern of the recorded text above and are marked [INF].
import type { Consumer } from '../../../generated/kinesis-shapes.js';
import type { Caller } from '../../context.js';
import { kinesisErrors } from '../errors.js';
import { addressOf, type Kinesis } from '../kinesis.js';
import { refOf, type ConsumerMeta, type StreamAddress, type StreamDoc } from './streams.js';

// The model's ConsumerARN pattern is looser (anything before "stream/"); this is the form
// AWS issues: arn:aws:kinesis:REGION:ACCOUNT:stream/STREAM/consumer/NAME:EPOCH_SECONDS.
const consumerArnPattern = /^arn:aws[^:]*:kinesis:([^:]*):(\d{12}):stream\/([a-zA-Z0-9_.-]+)\/consumer\/([a-zA-Z0-9_.-]+):(\d+)$/;

export interface ConsumerAddress {
  stream: StreamAddress;
  name: string;
  arn: string;
}

/** The suffix is the creation time in epoch seconds, so a re-registered consumer gets a new ARN. */
export function consumerArnOf(stream: StreamDoc, name: string, createdAt: number): string {
  return `${stream.arn}/consumer/${name}:${creationSeconds(createdAt)}`;
}

export function creationSeconds(createdAt: number): number {
  return Math.floor(createdAt / 1000);
}

/** The stream and consumer a consumer ARN names, or undefined when it is not one AWS would issue. */
export function parseConsumerArn(arn: string): ConsumerAddress | undefined {
  const match = consumerArnPattern.exec(arn);
  if (!match) return undefined;
  return { stream: { region: match[1]!, accountId: match[2]!, name: match[3]! }, name: match[4]!, arn };
}

export interface ConsumerSelector {
  StreamARN?: string;
  ConsumerName?: string;
  ConsumerARN?: string;
}

/**
 * DescribeStreamConsumer and DeregisterStreamConsumer name a consumer by its ARN, or by
 * StreamARN and ConsumerName, or by all three "as long as they don't conflict with each
 * other" (API reference, DescribeStreamConsumer). Conflicts are refused [INF texts].
 */
function selectConsumer(input: ConsumerSelector, caller: Caller): { stream: StreamAddress; name: string; arn?: string } {
  const streamAddressOf = (streamArn: string) => addressOf({ StreamARN: streamArn }, caller);
  const { StreamARN: streamArn, ConsumerName: name, ConsumerARN: arn } = input;
  if (arn === undefined) {
    if (streamArn === undefined || name === undefined) {
      throw kinesisErrors.invalidArgument('Either ConsumerARN or both StreamARN and ConsumerName must be provided.');
    }
    return { stream: streamAddressOf(streamArn), name };
  }
  const parsed = parseConsumerArn(arn);
  if (!parsed) throw kinesisErrors.invalidArgument(`ConsumerARN ${arn} is not a valid consumer ARN.`);
  if (streamArn !== undefined) {
    const stream = streamAddressOf(streamArn);
    if (stream.name !== parsed.stream.name || stream.accountId !== parsed.stream.accountId || stream.region !== parsed.stream.region) {
      throw kinesisErrors.invalidArgument(`ConsumerARN ${arn} does not belong to the stream ${streamArn}.`);
    }
  }
  if (name !== undefined && name !== parsed.name) {
    throw kinesisErrors.invalidArgument(`ConsumerARN ${arn} and ConsumerName ${name} do not name the same consumer.`);
  }
  return parsed;
}

/**
 * The consumer a request names, with its stream. Named by ARN, a missing stream means the
 * consumer is not found; named by StreamARN, it means the stream is not found.
 */
export async function loadConsumer(kinesis: Kinesis, input: ConsumerSelector, caller: Caller): Promise<{ stream: StreamDoc; consumer: ConsumerMeta }> {
  const selected = selectConsumer(input, caller);
  const stream = await kinesis.streams.find(selected.stream);
  if (!stream) {
    throw selected.arn === undefined ? kinesisErrors.streamNotFound(refOf(selected.stream)) : consumerNotFound(selected.stream, selected.name, selected.arn);
  }
  return { stream, consumer: findConsumer(stream, selected.name, selected.arn) };
}

/** The consumer of `stream` with that name (and, when given, exactly that ARN), or AWS's not-found error. */
export function findConsumer(stream: StreamDoc, name: string, arn?: string): ConsumerMeta {
  const consumer = stream.consumers.find((candidate) => candidate.name === name && (arn === undefined || candidate.arn === arn));
  if (!consumer) throw consumerNotFound(stream, name, arn);
  return consumer;
}

export function consumerNotFound(stream: StreamAddress, name: string, arn?: string) {
  // An ARN names one incarnation of the consumer: its suffix is the creation time in seconds.
  const created = arn === undefined ? '' : ` with creation timestamp ${arn.slice(arn.lastIndexOf(':') + 1)}`;
  // [INF], after the recorded "is not in ACTIVE status" text.
  return kinesisErrors.resourceNotFound(`Consumer ${name}${created} under stream ${stream.name} and account ${stream.accountId} not found.`);
}

export function consumerNotActive(stream: StreamAddress, consumer: ConsumerMeta) {
  // [IS] aws-cloudformation/cloudformation-coverage-roadmap#2442.
  return kinesisErrors.resourceInUse(
    `Consumer ${consumer.name} with creation timestamp ${creationSeconds(consumer.createdAt)} under stream ${stream.name} and account ${stream.accountId} is not in ACTIVE status.`,
  );
}

export function consumerExists(stream: StreamAddress, name: string) {
  // [INF]
  return kinesisErrors.resourceInUse(`Consumer ${name} under stream ${stream.name} and account ${stream.accountId} already exists.`);
}

export function toConsumer(consumer: ConsumerMeta): Consumer {
  return {
    ConsumerName: consumer.name,
    ConsumerARN: consumer.arn,
    ConsumerStatus: consumer.status,
    ConsumerCreationTimestamp: new Date(consumer.createdAt),
  };
}
