// Kinesis streams as most tests need them, through @aws-sdk/client-kinesis: a stream's
// summary, waiting for a status (CreateStream and the update operations answer at once
// and the stream turns ACTIVE after --transition-ms), and an ACTIVE stream to work on.
import { CreateStreamCommand, DescribeStreamSummaryCommand, type KinesisClient, type StreamDescriptionSummary, type StreamStatus } from '@aws-sdk/client-kinesis';
import { uniqueName, waitFor } from './server.js';

export async function streamSummary(client: KinesisClient, name: string): Promise<StreamDescriptionSummary> {
  return (await client.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!;
}

/** Polls DescribeStreamSummary until the stream is in `status`; returns the summary that said so. */
export function waitForStreamStatus(client: KinesisClient, name: string, status: StreamStatus = 'ACTIVE'): Promise<StreamDescriptionSummary> {
  return waitFor(async () => {
    const summary = await streamSummary(client, name);
    return summary.StreamStatus === status ? summary : undefined;
  });
}

export interface ActiveStream {
  name: string;
  arn: string;
  createdAt: Date;
}

export interface StreamShape {
  /** One unless told. */
  shardCount?: number;
  /** Of the unique name (uniqueName's own unless told). */
  prefix?: string;
  tags?: Record<string, string>;
}

/** Creates a provisioned stream with a unique name and waits until it is ACTIVE. */
export async function createActiveStream(client: KinesisClient, shape: StreamShape = {}): Promise<ActiveStream> {
  const name = uniqueName(shape.prefix);
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shape.shardCount ?? 1, ...(shape.tags ? { Tags: shape.tags } : {}) }));
  const summary = await waitForStreamStatus(client, name);
  return { name, arn: summary.StreamARN!, createdAt: summary.StreamCreationTimestamp! };
}
