// The HTTPS port (--tls-port): TLS with ALPN offering h2 and http/1.1 (RFC 7301), so the
// Java SDK v2 and the KCL negotiate HTTP/2 and the KPL, botocore and the CLI HTTP/1.1
// (aws-wire.md §1.9, §5.1 item 2). Node's secure HTTP/2 server falls back to HTTP/1.1
// itself when `allowHTTP1` is set; both reach the same exchange as the plain port, so
// every service answers here exactly as it does there.
import http2 from 'node:http2';
import type net from 'node:net';
import type { Logger } from 'pino';
import { Connections, listenOn } from './connections.js';
import { createExchange, type RequestHandler } from './exchange.js';
import type { ListeningServer } from './server.js';

export interface TlsOptions {
  host: string;
  port: number;
  /** PEM. */
  key: string;
  /** PEM, the server certificate first, then any intermediates. */
  cert: string;
  log: Logger;
  handle: RequestHandler;
}

export async function listenTls(options: TlsOptions): Promise<ListeningServer> {
  const { log } = options;
  const exchange = createExchange(options.handle, log);
  const connections = new Connections(log);

  const server = http2.createSecureServer({ key: options.key, cert: options.cert, allowHTTP1: true, settings: { maxConcurrentStreams: 1000 } });
  // HTTP/1.1 connections (allowHTTP1) bring their requests as 'request'. Adding that listener
  // also makes Node turn every HTTP/2 stream into a compatibility-layer request, through a
  // 'stream' listener of its own (setupCompat in lib/internal/http2/core.js); that one is
  // taken off, so HTTP/2 streams are served once, by onStream, as on the plain port.
  const before = new Set(server.listeners('stream'));
  // With allowHTTP1 those requests are Node's HTTP/1.1 IncomingMessage and ServerResponse;
  // the listener's type names only the compatibility layer's classes.
  server.on('request', exchange.onRequest as unknown as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void);
  for (const listener of server.listeners('stream')) if (!before.has(listener)) server.removeListener('stream', listener as (...args: unknown[]) => void);
  server.on('stream', exchange.onStream);
  server.on('connection', (socket: net.Socket) => connections.add(socket));
  connections.addSessionsOf(server);
  // A client that fails the handshake (wrong trust, plain HTTP to the TLS port) is its problem, not the server's.
  server.on('tlsClientError', (error) => log.debug({ err: error }, 'tls handshake failed'));

  return {
    port: await listenOn(server, options.port, options.host),
    close: () => connections.close(server, exchange),
  };
}
