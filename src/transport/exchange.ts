// One request, one response, whatever the listener (plain HTTP/1.1, h2c, TLS with ALPN):
// reads the body, calls the handler, writes its answer. A buffered answer goes out in one
// write with its Content-Length; a streamed one (event streams, aws-wire.md §1.9) is
// written as the handler produces it, chunked on HTTP/1.1 (RFC 9112 §7.1) and as DATA
// frames on HTTP/2, and never faster than the client reads: each write waits for the
// response's 'drain' once Node's buffer is past its high-water mark, so a slow reader
// holds the producer back instead of making the server buffer without bound.
import type http from 'node:http';
import type http2 from 'node:http2';
import type net from 'node:net';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';

export interface IncomingRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Lower-case names; over HTTP/2 also `:authority`, and `host` taken from it when the client sent none. */
  headers: Record<string, string | undefined>;
  body: Buffer;
  remoteAddress: string;
  httpVersion: '1.1' | '2';
  /** Came over TLS (the HTTPS port): policies see it as aws:SecureTransport. */
  secure: boolean;
}

export interface ResponseSink {
  /**
   * Writes one chunk. Resolves once the transport takes more: at once while Node's buffer
   * is below its high-water mark, else on 'drain'; also as soon as the response closes or
   * `signal` aborts, so a producer never waits forever (it checks `signal.aborted`).
   */
  write(chunk: Buffer): Promise<void>;
  /** Aborted when the client goes away or the server shuts down. */
  readonly signal: AbortSignal;
}

export interface OutgoingResponse {
  status: number;
  headers: Record<string, string>;
  /** The whole body of a buffered response; ignored when `stream` is set. */
  body: Buffer;
  /** A body produced over time: called once the status and headers are sent; the response ends when it settles. */
  stream?: (sink: ResponseSink) => Promise<void>;
}

export type RequestHandler = (request: IncomingRequest) => Promise<OutgoingResponse>;

/** Requests larger than this are refused before they are buffered (PutRecords is at most 10 MiB of data). */
const maxBodyBytes = 16 * 1024 * 1024;

/** How long an ended stream may take to flush to a client that stopped reading before it is cut off. */
const flushGraceMs = 30_000;

export interface Exchange {
  /** An HTTP/1.1 request, on the plain port or over TLS (HTTP/2 streams come through onStream). */
  onRequest(req: http.IncomingMessage, res: http.ServerResponse): void;
  /** An HTTP/2 stream, served without Node's compatibility layer (a quarter of a bare HTTP/2 server's per-request CPU). */
  onStream(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void;
  /** Aborts every streamed response (the server is shutting down), then resolves once no request is in flight. */
  drain(): Promise<void>;
}

/** What serving needs of the way back, whether an HTTP/1.1 response or an HTTP/2 stream. */
interface Reply {
  /** Emits 'drain', 'close' and 'finish' as a Writable does. */
  readonly events: NodeJS.EventEmitter;
  isClosed(): boolean;
  /** A whole answer with its Content-Length. */
  send(status: number, headers: Record<string, string>, body: Buffer | string): void;
  /** Status and headers out now, the body to follow through write(). */
  begin(status: number, headers: Record<string, string>): void;
  /** false once the transport's buffer is past its high-water mark: wait for 'drain'. */
  write(chunk: Buffer): boolean;
  end(): void;
  destroy(): void;
}

function responseReply(res: http.ServerResponse): Reply {
  return {
    events: res,
    isClosed: () => res.destroyed || res.closed,
    send(status, headers, body) {
      res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
    },
    begin(status, headers) {
      res.writeHead(status, headers);
      // Headers now, not with the first chunk: the client learns the status at once.
      res.flushHeaders();
    },
    write: (chunk) => res.write(chunk),
    end: () => res.end(),
    destroy: () => res.destroy(),
  };
}

function streamReply(stream: http2.ServerHttp2Stream): Reply {
  return {
    events: stream,
    isClosed: () => stream.destroyed || stream.closed,
    send(status, headers, body) {
      stream.respond({ ...headers, ':status': status, 'content-length': String(Buffer.byteLength(body)) });
      stream.end(body);
    },
    // respond() sends the HEADERS frame at once.
    begin: (status, headers) => stream.respond({ ...headers, ':status': status }),
    write: (chunk) => stream.write(chunk),
    end: () => stream.end(),
    destroy: () => stream.destroy(),
  };
}

/** What a request says of itself before its body, from either entry point. */
function describe(
  method: string,
  target: string,
  headers: http.IncomingHttpHeaders | http2.IncomingHttpHeaders,
  socket: (net.Socket & { encrypted?: boolean }) | null | undefined,
  httpVersion: IncomingRequest['httpVersion'],
): Omit<IncomingRequest, 'body'> {
  // The AWS JSON and CBOR protocols always post to "/", which needs no URL parser.
  const url = target === '/' ? undefined : new URL(target, 'http://localhost');
  return {
    method,
    path: url?.pathname ?? '/',
    query: url?.searchParams ?? new URLSearchParams(),
    headers: requestHeaders(headers),
    remoteAddress: socket?.remoteAddress ?? '',
    httpVersion,
    secure: socket?.encrypted === true,
  };
}

export function createExchange(handle: RequestHandler, log: Logger): Exchange {
  let inFlight = 0;
  let idle: (() => void) | undefined;
  // Shared with each stream, so one that starts while the server drains starts aborted.
  const streaming = { controllers: new Set<AbortController>(), isDraining: false };

  const serve = async (request: Omit<IncomingRequest, 'body'>, source: Readable, reply: Reply) => {
    let body: Buffer | undefined;
    try {
      body = await readBody(source);
    } catch {
      if (!reply.isClosed()) reply.send(413, { 'content-type': 'text/plain' }, 'request body too large');
      return;
    }
    // The client went away (or reset the stream) before its body ended: there is nothing to answer.
    if (!body) return;
    const response = await handle({ ...request, body });
    // A stream runs even for a client already gone, with its signal aborted, so the producer can release what it holds.
    if (response.stream) return stream(reply, response, streaming, log);
    if (reply.isClosed()) return;
    reply.send(response.status, response.headers, response.body);
  };

  const track = (served: Promise<void>) => {
    inFlight++;
    served.finally(() => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
  };

  return {
    onRequest(req, res) {
      track(serve(describe(req.method ?? 'GET', req.url ?? '/', req.headers, req.socket, '1.1'), req, responseReply(res)));
    },
    onStream(stream, headers) {
      // A client's reset or a protocol error ends the stream with 'error' then 'close'; the
      // 'close' is what serving watches, and an unheard 'error' would stop the process.
      stream.on('error', (error) => log.debug({ err: error }, 'http2 stream error'));
      // Node's compatibility layer answers this itself; a client waiting for it would otherwise hold its body back.
      if (headers['expect'] === '100-continue') stream.additionalHeaders({ ':status': 100 });
      const request = describe(String(headers[':method'] ?? 'GET'), String(headers[':path'] ?? '/'), headers, stream.session?.socket, '2');
      track(serve(request, stream, streamReply(stream)));
    },
    async drain() {
      streaming.isDraining = true;
      for (const controller of streaming.controllers) controller.abort();
      if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
    },
  };
}

async function stream(reply: Reply, response: OutgoingResponse, streaming: { controllers: Set<AbortController>; isDraining: boolean }, log: Logger): Promise<void> {
  const controller = new AbortController();
  streaming.controllers.add(controller);
  let wake: (() => void) | undefined;
  const onDrain = () => wake?.();
  const onClose = () => {
    controller.abort();
    wake?.();
  };
  const { events } = reply;
  events.on('drain', onDrain);
  events.on('close', onClose);
  const sink: ResponseSink = {
    signal: controller.signal,
    write(chunk) {
      if (controller.signal.aborted) return Promise.resolve();
      if (reply.write(chunk)) return Promise.resolve();
      return new Promise<void>((resolve) => (wake = resolve)).finally(() => (wake = undefined));
    },
  };
  controller.signal.addEventListener('abort', () => wake?.(), { once: true });
  const isStarted = !reply.isClosed() && !streaming.isDraining;
  try {
    if (!isStarted) {
      controller.abort();
    } else {
      reply.begin(response.status, response.headers);
    }
    await response.stream!(sink);
  } catch (error) {
    log.error({ err: error }, 'streamed response failed');
  } finally {
    streaming.controllers.delete(controller);
    events.removeListener('drain', onDrain);
    events.removeListener('close', onClose);
    if (!isStarted) {
      // Never started (the server is stopping): reset it, so the client retries rather than reading an empty stream.
      if (!reply.isClosed()) reply.destroy();
    } else if (!reply.isClosed()) {
      reply.end();
      // A client that stopped reading would keep the response (and its buffer) forever.
      const cutOff = setTimeout(() => reply.destroy(), flushGraceMs);
      cutOff.unref();
      events.once('close', () => clearTimeout(cutOff));
      events.once('finish', () => clearTimeout(cutOff));
    }
  }
}

/** A request's headers as the handler sees them (IncomingRequest.headers). */
export function requestHeaders(raw: http.IncomingHttpHeaders | http2.IncomingHttpHeaders): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(raw)) {
    // Of the pseudo-headers only :authority is kept: the AWS SDK v3 signs it over HTTP/2.
    if (name.startsWith(':') && name !== ':authority') continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  // An HTTP/2 request carries its host as :authority (RFC 9113 §8.3.1); clients that sign
  // `host` send only that (the Java SDK v2's Netty client), so host is read from it.
  if (headers['host'] === undefined && headers[':authority'] !== undefined) headers['host'] = headers[':authority'];
  return headers;
}

/** The whole body; undefined when the request closed before it ended (an HTTP/2 stream the client reset ends with 'close' alone). */
function readBody(req: Readable): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
    // After 'end' this changes nothing: a promise settles once.
    req.on('close', () => resolve(undefined));
  });
}
