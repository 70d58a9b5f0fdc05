// SubscribeToShard from below the SDKs: raw HTTP/2 and HTTP/1.1 requests whose
// `application/vnd.amazon.eventstream` body is cut into messages by their total-length
// prelude and decoded (CRCs checked) by the AWS SDK's own codec, for what the JS SDK
// does not speak (CBOR payloads) or speaks another way (botocore's chunked HTTP/1.1).
import http from 'node:http';
import http2 from 'node:http2';
import { EventStreamCodec } from '@smithy/core/event-streams';
import { kinesisHeaders } from './raw.js';

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => Buffer.from(text, 'utf8'),
);

export interface EventMessage {
  headers: Record<string, string>;
  body: Buffer;
}

export interface RawSubscription {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The next message, or undefined once the server has ended the response. */
  next(): Promise<EventMessage | undefined>;
  /** Every byte of the body received so far, for a buffered (error) answer. */
  received(): Buffer;
  close(): void;
}

/** Cuts a byte stream into messages; each message is decoded, and its CRCs checked, by the SDK codec. */
class MessageReader {
  private buffer = Buffer.alloc(0);
  private readonly ready: EventMessage[] = [];
  private waiting: (() => void) | undefined;
  private isEnded = false;
  private failure: Error | undefined;
  all = Buffer.alloc(0);

  push(chunk: Buffer): void {
    this.all = Buffer.concat([this.all, chunk]);
    this.buffer = Buffer.concat([this.buffer, chunk]);
    try {
      while (this.buffer.length >= 4 && this.buffer.length >= this.buffer.readUInt32BE(0)) {
        const length = this.buffer.readUInt32BE(0);
        const decoded = codec.decode(this.buffer.subarray(0, length));
        const headers: Record<string, string> = {};
        for (const [name, header] of Object.entries(decoded.headers)) headers[name] = String(header.value);
        this.ready.push({ headers, body: Buffer.from(decoded.body) });
        this.buffer = this.buffer.subarray(length);
      }
    } catch (error) {
      this.failure = error as Error;
    }
    this.waiting?.();
  }

  end(error?: Error): void {
    this.isEnded = true;
    if (error) this.failure ??= error;
    this.waiting?.();
  }

  async next(): Promise<EventMessage | undefined> {
    for (;;) {
      if (this.ready.length > 0) return this.ready.shift();
      if (this.failure) throw this.failure;
      if (this.isEnded) return undefined;
      await new Promise<void>((resolve) => (this.waiting = resolve));
      this.waiting = undefined;
    }
  }
}

/** SubscribeToShard over HTTP/2 with prior knowledge, as the Java SDK sends it. */
export function rawSubscribeH2(endpoint: string, body: Buffer, contentType: string, options: http2.SecureClientSessionOptions = {}): Promise<RawSubscription> {
  const session = http2.connect(endpoint, options);
  session.on('error', () => {});
  const reader = new MessageReader();
  return new Promise((resolve, reject) => {
    const request = session.request({ ':method': 'POST', ':path': '/', ...kinesisHeaders('SubscribeToShard', contentType) });
    request.on('response', (headers) => {
      const status = Number(headers[':status']);
      resolve({ status, headers, next: () => reader.next(), received: () => reader.all, close: () => session.destroy() });
    });
    request.on('data', (chunk: Buffer) => reader.push(chunk));
    request.on('end', () => reader.end());
    request.on('error', (error) => {
      reader.end(error);
      reject(error);
    });
    request.end(body);
  });
}

/** SubscribeToShard over HTTP/1.1: the body arrives chunked, as botocore reads it. */
export function rawSubscribeH1(endpoint: string, body: Buffer, contentType: string): Promise<RawSubscription> {
  const url = new URL(endpoint);
  const reader = new MessageReader();
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, method: 'POST', path: '/', headers: kinesisHeaders('SubscribeToShard', contentType), agent: false },
      (response) => {
        response.on('data', (chunk: Buffer) => reader.push(chunk));
        response.on('end', () => reader.end());
        response.on('error', (error) => reader.end(error));
        resolve({ status: response.statusCode!, headers: response.headers, next: () => reader.next(), received: () => reader.all, close: () => request.destroy() });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
