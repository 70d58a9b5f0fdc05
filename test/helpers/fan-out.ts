// Enhanced fan-out through @aws-sdk/client-kinesis: an ACTIVE consumer (of a stream from
// streams.ts), and a SubscribeToShard whose events are pulled one at a time and which the
// test can cancel (the SDK then resets the HTTP/2 stream, as a client that goes away does).
import {
  DescribeStreamConsumerCommand,
  RegisterStreamConsumerCommand,
  SubscribeToShardCommand,
  type KinesisClient,
  type StartingPosition,
  type SubscribeToShardEvent,
  type SubscribeToShardEventStream,
} from '@aws-sdk/client-kinesis';
import { uniqueName, waitFor } from './server.js';

/** Registers a consumer and waits until it is ACTIVE; returns its ARN. */
export async function activeConsumer(client: KinesisClient, streamArn: string, name = uniqueName('consumer')): Promise<string> {
  const consumerArn = (await client.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: name }))).Consumer!.ConsumerARN!;
  await waitFor(async () => {
    const described = (await client.send(new DescribeStreamConsumerCommand({ ConsumerARN: consumerArn }))).ConsumerDescription!;
    return described.ConsumerStatus === 'ACTIVE' ? true : undefined;
  });
  return consumerArn;
}

export interface SdkSubscription {
  /** The next SubscribeToShardEvent; undefined once the server ended the stream. Throws the exception event's error. */
  next(): Promise<SubscribeToShardEvent | undefined>;
  cancel(): void;
}

export async function subscribe(client: KinesisClient, consumerArn: string, shardId: string, position: StartingPosition): Promise<SdkSubscription> {
  const controller = new AbortController();
  const response = await client.send(new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: shardId, StartingPosition: position }), { abortSignal: controller.signal });
  const iterator = (response.EventStream as AsyncIterable<SubscribeToShardEventStream>)[Symbol.asyncIterator]();
  return {
    async next() {
      const { done, value } = await iterator.next();
      if (done) return undefined;
      if (!value.SubscribeToShardEvent) throw new Error(`unexpected event ${JSON.stringify(Object.keys(value))}`);
      return value.SubscribeToShardEvent;
    },
    cancel() {
      controller.abort();
    },
  };
}

/** The error `promise` rejects with, or a failure if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}
