// The `application/vnd.amazon.eventstream` response of an operation whose output has an
// event-stream member (aws-wire.md §1.9). Framing is the AWS SDK's own codec, so prelude
// and message CRC32s are exactly what every SDK checks:
//   [total length u32][headers length u32][prelude CRC32][headers][payload][message CRC32]
// Messages, in order:
//   1. `initial-response`: the output's other members ({} for SubscribeToShard) — botocore
//      raises "First event was not of type initial-response" without it;
//   2. events: `:message-type` event, `:event-type` the union member, payload the member's
//      structure in the request's codec (JSON 1.1 or CBOR, as a normal response body);
//   3. at most one failure, last: an `exception` message with `:exception-type` when the
//      union models the error (botocore and the JS SDK throw it by that name), else an
//      `error` message with `:error-code` and `:error-message`.
import { EventStreamCodec } from '@smithy/core/event-streams';
import type { Logger } from 'pino';
import { AwsError } from '../services/errors.js';
import type { EventProducer } from '../services/event-stream.js';
import type { OutgoingResponse, ResponseSink } from '../transport/server.js';
import { encodeBody, type BodyCodec } from './codecs.js';
import type { ShapeEngine } from './shapes.js';

const frames = new EventStreamCodec(
  (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
  (text) => Buffer.from(text, 'utf8'),
);

export const eventStreamContentType = 'application/vnd.amazon.eventstream';

export function encodeMessage(headers: Record<string, string>, payload: Uint8Array): Buffer {
  const typed: Record<string, { type: 'string'; value: string }> = {};
  for (const [name, value] of Object.entries(headers)) typed[name] = { type: 'string', value };
  const encoded = frames.encode({ headers: typed, body: payload });
  return Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
}

const streamMembers = new WeakMap<ShapeEngine, Map<string, string | null>>();

/** The output member whose shape is an event stream, or undefined for an ordinary operation; looked up once per output shape. */
export function eventStreamMember(shapes: ShapeEngine, outputShape: string): string | undefined {
  let known = streamMembers.get(shapes);
  if (!known) streamMembers.set(shapes, (known = new Map()));
  let member = known.get(outputShape);
  if (member === undefined) {
    member = null;
    for (const [name, ref] of Object.entries(shapes.shape(outputShape).members ?? {})) {
      if (shapes.shape(ref.shape).eventstream) member = name;
    }
    known.set(outputShape, member);
  }
  return member ?? undefined;
}

export interface EventStreamResponseOptions {
  shapes: ShapeEngine;
  outputShape: string;
  member: string;
  output: Record<string, unknown>;
  codec: BodyCodec;
  headers: Record<string, string>;
  log: Logger;
  /** The service's internal-failure union member, used when the union has one. */
  internalCode: string;
}

export function eventStreamResponse(options: EventStreamResponseOptions): OutgoingResponse {
  const { shapes, codec, log } = options;
  const union = shapes.shape(shapes.shape(options.outputShape).members![options.member]!.shape);
  const produce = options.output[options.member] as EventProducer;
  const { [options.member]: _stream, ...rest } = options.output;
  const initial = encodeBody(codec, shapes, options.outputShape, rest);
  const contentType = codec.contentType;

  const eventMessage = (event: Record<string, unknown>): Buffer => {
    const [type, value] = Object.entries(event).find(([, candidate]) => candidate !== undefined)!;
    const ref = union.members?.[type];
    if (!ref) throw new Error(`event type ${type} is not a member of the event stream`);
    const payload = encodeBody(codec, shapes, ref.shape, value);
    return encodeMessage({ ':message-type': 'event', ':event-type': type, ':content-type': contentType }, payload);
  };

  const failureMessage = (error: unknown): Buffer => {
    let aws: AwsError;
    if (error instanceof AwsError) {
      aws = error;
    } else {
      log.error({ err: error }, 'internal failure during an event stream');
      aws = new AwsError(options.internalCode, '', { status: 500 });
    }
    // Kinesis names its fault InternalFailure in responses and InternalFailureException in the union.
    const code = union.members?.[aws.code] ? aws.code : union.members?.[`${aws.code}Exception`] ? `${aws.code}Exception` : undefined;
    if (code === undefined) return encodeMessage({ ':message-type': 'error', ':error-code': aws.code, ':error-message': aws.message }, new Uint8Array(0));
    const payload = codec.serialize(aws.message === '' ? {} : { message: aws.message });
    return encodeMessage({ ':message-type': 'exception', ':exception-type': code, ':content-type': contentType }, payload);
  };

  return {
    status: 200,
    headers: { ...options.headers, 'content-type': eventStreamContentType },
    body: Buffer.alloc(0),
    async stream(sink: ResponseSink) {
      await sink.write(encodeMessage({ ':message-type': 'event', ':event-type': 'initial-response', ':content-type': contentType }, initial));
      try {
        await produce((event) => sink.write(eventMessage(event)), sink.signal);
      } catch (error) {
        if (sink.signal.aborted) return;
        // The last message: not awaited, as a client that stopped reading must not hold the
        // response open; the transport flushes it with the end of the response.
        void sink.write(failureMessage(error));
      }
    },
  };
}
