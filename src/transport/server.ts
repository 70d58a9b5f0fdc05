// One port, two protocols: HTTP/1.1 and HTTP/2 cleartext with prior knowledge.
// Node's http2.createServer has no HTTP/1.1 fallback for plaintext, so each new
// connection's first bytes are compared with the HTTP/2 connection preface
// (RFC 9113 §3.4) and the socket is handed to the matching server. The AWS SDK for
// JavaScript v3 Kinesis client and the Java SDK v2 speak h2c; botocore and the CLI
// speak HTTP/1.1 (aws-wire.md §5.1 item 2).
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import type { Logger } from 'pino';

export interface IncomingRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Lower-case names. */
  headers: Record<string, string | undefined>;
  body: Buffer;
  remoteAddress: string;
  httpVersion: '1.1' | '2';
}

export interface OutgoingResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type RequestHandler = (request: IncomingRequest) => Promise<OutgoingResponse>;

const preface = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

/** Requests larger than this are refused before they are buffered (PutRecords is at most 10 MiB of data). */
const maxBodyBytes = 16 * 1024 * 1024;

export interface ListeningServer {
  port: number;
  /** Stops accepting, lets in-flight requests finish, then closes every connection. */
  close(): Promise<void>;
}

type CompatRequest = http.IncomingMessage | http2.Http2ServerRequest;
type CompatResponse = http.ServerResponse | http2.Http2ServerResponse;

export async function listen(options: { host: string; port: number; log: Logger; handle: RequestHandler }): Promise<ListeningServer> {
  const { log, handle } = options;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const sockets = new Set<net.Socket>();
  const sessions = new Set<http2.ServerHttp2Session>();

  const onRequest = (req: CompatRequest, res: CompatResponse) => {
    inFlight++;
    serve(req, res).finally(() => {
      inFlight--;
      if (inFlight === 0) drained?.();
    });
  };

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
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (name.startsWith(':')) continue;
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
    }
    const response = await handle({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers,
      body,
      remoteAddress: req.socket?.remoteAddress ?? '',
      httpVersion: req.httpVersion === '2.0' ? '2' : '1.1',
    });
    if (res.destroyed || (res as { closed?: boolean }).closed) return;
    response.headers['content-length'] = String(response.body.length);
    res.writeHead(response.status, response.headers);
    res.end(response.body);
  };

  const http1 = http.createServer({ keepAliveTimeout: 65_000 }, onRequest);
  const h2 = http2.createServer({ settings: { maxConcurrentStreams: 1000 } }, onRequest);
  h2.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', (error) => log.debug({ err: error }, 'http2 session error'));
  });

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let seen = Buffer.alloc(0);
    const sniff = (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      const compared = Math.min(seen.length, preface.length);
      const isH2 = seen.subarray(0, compared).equals(preface.subarray(0, compared));
      if (isH2 && seen.length < preface.length) return; // wait for the rest of the preface
      socket.removeListener('data', sniff);
      socket.pause();
      socket.unshift(seen);
      (isH2 ? h2 : http1).emit('connection', socket);
      // An Http2Session reads the bytes already buffered in the socket itself, on the next
      // tick; resuming here would flow them out as 'data' to no listener first, and the
      // session would then see a stream without its preface ("bad client magic").
      if (!isH2) socket.resume();
    };
    socket.on('data', sniff);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;

  return {
    port: address.port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      http1.closeIdleConnections?.();
      for (const session of sessions) session.close();
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      http1.closeAllConnections?.();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
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
