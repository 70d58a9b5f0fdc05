// A Kinesis resource named by ARN: a stream or one of its consumers, as TagResource,
// UntagResource, ListTagsForResource and the three resource-policy operations take it
// (aws-wire.md §1.2).
import { kinesisErrors } from '../errors.js';
import type { Kinesis } from '../kinesis.js';
import { consumerNotFound, findConsumer, parseConsumerArn } from './consumers.js';
import { refOf, type StreamAddress } from './streams.js';

export type ResourceTarget =
  | { kind: 'stream'; stream: StreamAddress }
  | { kind: 'consumer'; stream: StreamAddress; name: string; arn: string };

const streamArnPattern = /^arn:aws[^:]*:kinesis:([^:]*):(\d{12}):stream\/([a-zA-Z0-9_.-]+)$/;

/** The stream or consumer `resourceArn` names; InvalidArgumentException for an ARN that names neither. */
export function resourceTargetOf(resourceArn: string): ResourceTarget {
  const consumer = parseConsumerArn(resourceArn);
  if (consumer) return { kind: 'consumer', stream: consumer.stream, name: consumer.name, arn: consumer.arn };
  const match = streamArnPattern.exec(resourceArn);
  // [INF]: the model's pattern lets through ARNs that name neither.
  if (!match) throw kinesisErrors.invalidArgument(`ResourceARN ${resourceArn} is not a valid stream or consumer ARN.`);
  return { kind: 'stream', stream: { region: match[1]!, accountId: match[2]!, name: match[3]! } };
}

/** The target's ARN, for authorization, once it is known to exist; not-found errors otherwise. */
export async function existingTargetArn(kinesis: Kinesis, target: ResourceTarget): Promise<string> {
  const stream = await kinesis.streams.find(target.stream);
  if (target.kind === 'stream') {
    if (!stream) throw kinesisErrors.streamNotFound(refOf(target.stream));
    return stream.arn;
  }
  if (!stream) throw consumerNotFound(target.stream, target.name, target.arn);
  return findConsumer(stream, target.name, target.arn).arn;
}
