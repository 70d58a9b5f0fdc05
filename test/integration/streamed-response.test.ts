// The transport's streamed responses on a real socket, HTTP/2 and HTTP/1.1: a client that
// stops reading holds the producer back (the server buffers a bounded amount, not all it
// could produce), reading again lets it go on, and a client that goes away aborts it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import http2 from 'node:http2';
import type { Readable } from 'node:stream';
import { createLogger } from '../../src/log.js';
import { listen, type ListeningServer, type ResponseSink } from '../../src/transport/server.js';

const chunkBytes = 64 * 1024;
/** What a producer that nobody held back would write in the time given: far more than any socket buffer. */
const unboundedBytes = 256 * 1024 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('streamed responses', () => {
  let server: ListeningServer;
  /** Bytes handed to the transport so far. */
  let produced = 0;
  let ended: Promise<boolean>;
  let markEnded: (aborted: boolean) => void;

  before(async () => {
    server = await listen({
      host: '127.0.0.1',
      port: 0,
      log: createLogger('silent'),
      handle: async () => ({
        status: 200,
        headers: { 'content-type': 'application/octet-stream' },
        body: Buffer.alloc(0),
        async stream(sink: ResponseSink) {
          const chunk = Buffer.alloc(chunkBytes, 7);
          while (!sink.signal.aborted && produced < unboundedBytes) {
            produced += chunk.length;
            await sink.write(chunk);
            // Yield to the event loop, as a real producer reading storage does.
            await new Promise((resolve) => setImmediate(resolve));
          }
          markEnded(sink.signal.aborted);
        },
      }),
    });
  });
  after(() => server.close());

  const reset = () => {
    produced = 0;
    ended = new Promise((resolve) => (markEnded = resolve));
  };

  async function expectBackpressure(body: Readable, close: () => void): Promise<void> {
    body.pause();
    await sleep(400);
    const held = produced;
    assert.ok(held > 0, 'the producer started');
    assert.ok(held < 16 * 1024 * 1024, `a paused client held the producer back (${held} bytes produced)`);
    await sleep(200);
    assert.ok(produced - held <= 2 * chunkBytes, 'and it stays held back');
    let read = 0;
    body.on('data', (chunk: Buffer) => (read += chunk.length));
    body.resume();
    // Closed as soon as the producer went on, not after a fixed wait: read at full speed, it
    // could reach unboundedBytes and stop by itself before the client goes away.
    const deadline = performance.now() + 300;
    while (produced <= held + 4 * chunkBytes && performance.now() < deadline) await sleep(10);
    assert.ok(produced > held + 4 * chunkBytes, 'reading again lets the producer go on');
    assert.ok(read > 0);
    close();
    assert.equal(await ended, true, 'the client going away aborts the producer');
  }

  it('over HTTP/2', async () => {
    reset();
    const session = http2.connect(`http://127.0.0.1:${server.port}`);
    const request = session.request({ ':method': 'POST', ':path': '/' });
    request.end();
    await new Promise((resolve) => request.once('response', resolve));
    await expectBackpressure(request, () => session.destroy());
  });

  it('over HTTP/1.1, chunked', async () => {
    reset();
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/', agent: false }, resolve);
      request.on('error', reject);
      request.end();
    });
    assert.equal(response.headers['transfer-encoding'], 'chunked');
    await expectBackpressure(response, () => response.destroy());
  });
});
