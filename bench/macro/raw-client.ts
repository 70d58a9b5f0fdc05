// One client for every server under test: AWS JSON 1.1 requests with bodies encoded once
// and reused, over HTTP/1.1 keep-alive or one HTTP/2 session (the SDK v3 default), so
// the servers, not the client, are what is measured. Signatures are well formed; none of
// the servers verifies them.
import http from 'node:http';
import http2 from 'node:http2';

export type HttpVersion = 'h1' | 'h2';

/**
 * A call still unanswered after this has failed, for a benchmark: it bounds a stuck server's
 * share of the run. Counted from the call's start, not as Node's idle timeouts (`setTimeout` on
 * a request or a stream), which every byte a slow server trickles out starts again.
 */
const requestTimeoutMs = 10_000;

/** Fails the call with "request timed out" once requestTimeoutMs have passed, then runs `abandon`; the function returned stops the clock. */
function deadline(reject: (error: Error) => void, abandon: () => void): () => void {
  const timer = setTimeout(() => {
    reject(new Error('request timed out'));
    abandon();
  }, requestTimeoutMs);
  return () => clearTimeout(timer);
}

const authorization = 'AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=00';

export interface Answer {
  status: number;
  body: Buffer;
}

export class RawClient {
  private readonly agent: http.Agent | undefined;
  private session: http2.ClientHttp2Session | undefined;
  private readonly url: URL;

  constructor(endpoint: string, readonly version: HttpVersion, concurrency = 16) {
    this.url = new URL(endpoint);
    if (version === 'h1') this.agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  }

  call(operation: string, body: Buffer | string): Promise<Answer> {
    const headers = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `Kinesis_20131202.${operation}`,
      'x-amz-date': '20260101T000000Z',
      authorization,
    };
    return this.version === 'h1' ? this.callHttp1(headers, body) : this.callHttp2(headers, body);
  }

  close(): void {
    this.agent?.destroy();
    this.session?.close();
  }

  private callHttp1(headers: Record<string, string>, body: Buffer | string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        { host: this.url.hostname, port: this.url.port, method: 'POST', path: '/', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, agent: this.agent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
          response.on('error', reject);
        },
      );
      const stop = deadline(reject, () => request.destroy());
      request.on('close', stop);
      request.on('error', reject);
      request.end(body);
    });
  }

  private callHttp2(headers: Record<string, string>, body: Buffer | string): Promise<Answer> {
    if (!this.session || this.session.closed || this.session.destroyed) {
      // Node caps a session's memory at 10 MB by default (http2.connect, maxSessionMemory),
      // counting what the client has queued to send: 16 PutRecords of about 700 KB in flight
      // pass it, and the client's own session then refuses new streams with
      // NGHTTP2_ENHANCE_YOUR_CALM. That limit is the client's, not the server's under test.
      this.session = http2.connect(this.url.origin, { maxSessionMemory: 64 });
      this.session.on('error', () => {});
    }
    const session = this.session;
    return new Promise((resolve, reject) => {
      const stream = session.request({ ':method': 'POST', ':path': '/', ...headers });
      let status = 0;
      const chunks: Buffer[] = [];
      const stop = deadline(reject, () => stream.close(http2.constants.NGHTTP2_CANCEL));
      stream.on('response', (responseHeaders) => (status = Number(responseHeaders[':status'])));
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => resolve({ status, body: Buffer.concat(chunks) }));
      stream.on('error', reject);
      // After 'end' this changes nothing; a stream the server reset ends here without one.
      stream.on('close', () => {
        stop();
        reject(new Error(`stream closed before its answer ended (code ${stream.rstCode})`));
      });
      stream.end(body);
    });
  }
}
