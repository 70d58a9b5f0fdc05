// One request, one response, whatever the listener (plain HTTP/1.1, h2c, TLS with ALPN):
// reads the body, calls the handler, writes its answer. A buffered answer goes out in one
// write with its Content-Length; a streamed one (event streams, aws-wire.md §1.9) is
// written as the handler produces it, chunked on HTTP/1.1 (RFC 9112 §7.1) and as DATA
// frames on HTTP/2, and never faster than the client reads: each write waits for the
// response's 'drain' once Node's buffer is past its high-water mark, so a slow reader
// holds the producer back instead of making the server buffer without bound.
import type http from 'node:http';
import type http2 from 'node:http2';
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

export type CompatRequest = http.IncomingMessage | http2.Http2ServerRequest;
export type CompatResponse = http.ServerResponse | http2.Http2ServerResponse;

/** Requests larger than this are refused before they are buffered (PutRecords is at most 10 MiB of data). */
const maxBodyBytes = 16 * 1024 * 1024;

/** How long an ended stream may take to flush to a client that stopped reading before it is cut off. */
const flushGraceMs = 30_000;

export interface Exchange {
  onRequest(req: CompatRequest, res: CompatResponse): void;
  /** Aborts every streamed response (the server is shutting down), then resolves once no request is in flight. */
  drain(): Promise<void>;
}

export function createExchange(handle: RequestHandler, log: Logger): Exchange {
  let inFlight = 0;
  let idle: (() => void) | undefined;
  // Shared with each stream, so one that starts while the server drains starts aborted.
  const streaming = { controllers: new Set<AbortController>(), isDraining: false };

  const serve = async (req: CompatRequest, res: CompatResponse) => {
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      if (!res.headersSent) {
        res.writeHead(413, { 'content-type': 'text/plain' });
        res.end('request body too large');
      }
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const response = await handle({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: requestHeaders(req.headers),
      body,
      remoteAddress: req.socket?.remoteAddress ?? '',
      httpVersion: req.httpVersion === '2.0' ? '2' : '1.1',
      secure: (req.socket as { encrypted?: boolean } | null)?.encrypted === true,
    });
    // A stream runs even for a client already gone, with its signal aborted, so the producer can release what it holds.
    if (response.stream) return stream(res, response, streaming, log);
    if (isClosed(res)) return;
    response.headers['content-length'] = String(response.body.length);
    res.writeHead(response.status, response.headers);
    res.end(response.body);
  };

  return {
    onRequest(req, res) {
      inFlight++;
      serve(req, res).finally(() => {
        inFlight--;
        if (inFlight === 0) idle?.();
      });
    },
    async drain() {
      streaming.isDraining = true;
      for (const controller of streaming.controllers) controller.abort();
      if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
    },
  };
}

async function stream(res: CompatResponse, response: OutgoingResponse, streaming: { controllers: Set<AbortController>; isDraining: boolean }, log: Logger): Promise<void> {
  const controller = new AbortController();
  streaming.controllers.add(controller);
  let wake: (() => void) | undefined;
  const onDrain = () => wake?.();
  const onClose = () => {
    controller.abort();
    wake?.();
  };
  // Both response kinds have write(chunk): boolean and flushHeaders(), their types disagree on overloads.
  const writable = res as unknown as { write(chunk: Buffer): boolean; flushHeaders(): void };
  res.on('drain', onDrain);
  res.on('close', onClose);
  const sink: ResponseSink = {
    signal: controller.signal,
    write(chunk) {
      if (controller.signal.aborted) return Promise.resolve();
      if (writable.write(chunk)) return Promise.resolve();
      return new Promise<void>((resolve) => (wake = resolve)).finally(() => (wake = undefined));
    },
  };
  controller.signal.addEventListener('abort', () => wake?.(), { once: true });
  const isStarted = !isClosed(res) && !streaming.isDraining;
  try {
    if (!isStarted) {
      controller.abort();
    } else {
      res.writeHead(response.status, response.headers);
      // Headers now, not with the first chunk: an HTTP/2 client learns the status at once.
      writable.flushHeaders();
    }
    await response.stream!(sink);
  } catch (error) {
    log.error({ err: error }, 'streamed response failed');
  } finally {
    streaming.controllers.delete(controller);
    res.removeListener('drain', onDrain);
    res.removeListener('close', onClose);
    if (!isStarted) {
      // Never started (the server is stopping): reset it, so the client retries rather than reading an empty stream.
      if (!isClosed(res)) res.destroy();
    } else if (!isClosed(res)) {
      res.end();
      // A client that stopped reading would keep the response (and its buffer) forever.
      const cutOff = setTimeout(() => res.destroy(), flushGraceMs);
      cutOff.unref();
      res.once('close', () => clearTimeout(cutOff));
      res.once('finish', () => clearTimeout(cutOff));
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

function isClosed(res: CompatResponse): boolean {
  return res.destroyed || (res as { closed?: boolean }).closed === true;
}

function readBody(req: CompatRequest): Promise<Buffer> {
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
  });
}
