// A Kinesis resource named by ARN: a stream or one of its consumers, as TagResource,
// UntagResource, ListTagsForResource and the three resource-policy operations take it
// (aws-wire.md §1.2).
import { kinesisErrors } from '../errors.js';
import { streamArnPattern, type Kinesis } from '../kinesis.js';
import { consumerNotActive, consumerNotFound, findConsumer, parseConsumerArn } from './consumers.js';
import { refOf, type ConsumerMeta, type StreamAddress, type StreamDoc } from './streams.js';

export type ResourceTarget =
  | { kind: 'stream'; stream: StreamAddress }
  | { kind: 'consumer'; stream: StreamAddress; name: string; arn: string };

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

/**
 * Where the target's own settings (its tags, its resource policy) live on its loaded stream
 * document: the stream itself or one of its consumers. `changing` refuses what may not be
 * changed now: a stream that is not ACTIVE (no source records whether AWS changes these on
 * streams in other states; management calls need ACTIVE, aws-wire.md §1.5) [INF], and a
 * consumer on its way out ("Tags will take effect from the CREATING status of the
 * consumer", API reference, RegisterStreamConsumer; a DELETING one takes nothing new)
 * [INF]. Reading works in every state.
 */
export function settingsOf(stream: StreamDoc, target: ResourceTarget, changing: boolean): StreamDoc | ConsumerMeta {
  if (target.kind === 'stream') {
    if (changing && stream.status !== 'ACTIVE') throw kinesisErrors.streamNotActive(refOf(stream), stream.status);
    return stream;
  }
  const consumer = findConsumer(stream, target.name, target.arn);
  if (changing && consumer.status === 'DELETING') throw consumerNotActive(stream, consumer);
  return consumer;
}
