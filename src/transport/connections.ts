// What both ports do around their servers (server.ts: h2c and HTTP/1.1 on one plain port;
// tls.ts: HTTPS with ALPN): bind, keep track of the connections and HTTP/2 sessions, and
// close in the order that lets requests in flight finish.
import type http from 'node:http';
import type http2 from 'node:http2';
import type net from 'node:net';
import type { Logger } from 'pino';
import type { Exchange } from './exchange.js';

/** A server that opens HTTP/2 sessions, secure or not. */
interface SessionSource {
  on(event: 'session', listener: (session: http2.ServerHttp2Session) => void): unknown;
}

export class Connections {
  private readonly sockets = new Set<net.Socket>();
  private readonly sessions = new Set<http2.ServerHttp2Session>();

  constructor(private readonly log: Logger) {}

  /** Tracks a socket until it closes. */
  add(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  /** Tracks the HTTP/2 sessions of `server` until they close. */
  addSessionsOf(server: SessionSource): void {
    server.on('session', (session) => {
      this.sessions.add(session);
      session.on('close', () => this.sessions.delete(session));
      session.on('error', (error) => this.log.debug({ err: error }, 'http2 session error'));
    });
  }

  /**
   * Stops accepting on `listening`, ends idle HTTP/1.1 connections and HTTP/2 sessions
   * (GOAWAY, so clients open no new streams), lets the requests in flight finish, then
   * closes every connection. `http1` is the plain port's HTTP/1.1 server; the HTTPS port
   * has none of its own, as its secure HTTP/2 server serves HTTP/1.1 too.
   */
  async close(listening: net.Server, exchange: Exchange, http1?: http.Server): Promise<void> {
    const closed = new Promise<void>((resolve) => listening.close(() => resolve()));
    http1?.closeIdleConnections?.();
    for (const session of this.sessions) session.close();
    await exchange.drain();
    http1?.closeAllConnections?.();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

/** Binds `server`; the port it got (for port 0). */
export async function listenOn(server: net.Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  return (server.address() as net.AddressInfo).port;
}
