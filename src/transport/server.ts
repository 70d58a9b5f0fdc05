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
import { Connections, listenOn } from './connections.js';
import { createExchange, type RequestHandler } from './exchange.js';

export type { IncomingRequest, OutgoingResponse, RequestHandler, ResponseSink } from './exchange.js';

const preface = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

export interface ListeningServer {
  port: number;
  /** Stops accepting, ends streamed responses, lets in-flight requests finish, then closes every connection. */
  close(): Promise<void>;
}

export async function listen(options: { host: string; port: number; log: Logger; handle: RequestHandler }): Promise<ListeningServer> {
  const { log, handle } = options;
  const exchange = createExchange(handle, log);
  const connections = new Connections(log);

  const http1 = http.createServer({ keepAliveTimeout: 65_000 }, exchange.onRequest);
  const h2 = http2.createServer({ settings: { maxConcurrentStreams: 1000 } });
  h2.on('stream', exchange.onStream);
  connections.addSessionsOf(h2);

  const server = net.createServer((socket) => {
    connections.add(socket);
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

  return {
    port: await listenOn(server, options.port, options.host),
    close: () => connections.close(server, exchange, http1),
  };
}
