import type { ListStreamConsumersInput, ListStreamConsumersOutput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { kinesisErrors } from '../errors.js';
import { toConsumer } from '../domain/consumers.js';
import type { ConsumerMeta, StreamDoc } from '../domain/streams.js';
import { addressOf, type Kinesis } from '../kinesis.js';

// From the API reference, ListStreamConsumers: MaxResults defaults to 100 and "if you
// specify a value greater than 100, at most 100 results are returned"; a NextToken comes
// back exactly when consumers remain; tokens expire after 300 seconds
// (ExpiredNextTokenException); StreamCreationTimestamp picks one incarnation of a
// re-created stream and may not accompany a NextToken, which already names one.
const maxPerPage = 100;
const tokenLifetimeMs = 300_000;

// Consumers are listed in the order they were registered, names breaking ties.
interface PageToken {
  streamUuid: string;
  afterCreatedAt: number;
  afterName: string;
  issuedAt: number;
}

export async function listStreamConsumers(kinesis: Kinesis, input: ListStreamConsumersInput, context: RequestContext): Promise<ListStreamConsumersOutput> {
  if (input.NextToken !== undefined && input.StreamCreationTimestamp !== undefined) {
    // [INF] text, worded as ListShards words its NextToken conflict (aws-wire.md §1.4).
    throw kinesisErrors.invalidArgument('NextToken and StreamCreationTimestamp cannot be provided together.');
  }
  const address = addressOf({ StreamARN: input.StreamARN }, context.caller);
  const stream = await kinesis.streams.get(address);
  await context.authorize('kinesis:ListStreamConsumers', stream.arn);
  // JSON timestamps are float seconds, so allow a millisecond of rounding.
  if (input.StreamCreationTimestamp !== undefined && Math.abs(input.StreamCreationTimestamp.getTime() - stream.createdAt) > 1) {
    throw kinesisErrors.streamNotFound(stream);
  }

  let consumers = [...stream.consumers].sort(byRegistration);
  if (input.NextToken !== undefined) {
    const token = decodeToken(kinesis, input.NextToken, stream);
    consumers = consumers.filter((consumer) => byRegistration(consumer, { createdAt: token.afterCreatedAt, name: token.afterName }) > 0);
  }
  const limit = Math.min(input.MaxResults ?? maxPerPage, maxPerPage);
  const page = consumers.slice(0, limit);
  const output: ListStreamConsumersOutput = { Consumers: page.map(toConsumer) };
  if (consumers.length > limit) {
    const last = page[page.length - 1]!;
    output.NextToken = kinesis.iterators.encodeToken({ streamUuid: stream.uuid, afterCreatedAt: last.createdAt, afterName: last.name, issuedAt: kinesis.now() } satisfies PageToken);
  }
  return output;
}

function byRegistration(left: Pick<ConsumerMeta, 'createdAt' | 'name'>, right: Pick<ConsumerMeta, 'createdAt' | 'name'>): number {
  if (left.createdAt !== right.createdAt) return left.createdAt - right.createdAt;
  return left.name < right.name ? -1 : left.name > right.name ? 1 : 0;
}

function decodeToken(kinesis: Kinesis, text: string, stream: StreamDoc): PageToken {
  // [INF] texts for a token this server did not issue for this stream; the expiry text is ListShards'.
  const invalid = kinesisErrors.invalidArgument('Invalid NextToken.');
  const token = kinesis.iterators.decodeToken<PageToken>(text);
  if (!token || token.streamUuid !== stream.uuid) throw invalid;
  if (kinesis.now() - token.issuedAt > tokenLifetimeMs) throw kinesisErrors.expiredNextToken(`The token ${text} has expired.`);
  return token;
}
