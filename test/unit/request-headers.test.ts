// src/transport/exchange.ts requestHeaders: the headers a handler sees, from HTTP/1.1 and
// HTTP/2 requests alike (RFC 9113 §8.3.1 for :authority and host).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { requestHeaders } from '../../src/transport/exchange.js';

describe('requestHeaders', () => {
  it('keeps HTTP/2 :authority, drops the other pseudo-headers, and takes host from :authority when none was sent', () => {
    const headers = requestHeaders({ ':method': 'POST', ':path': '/', ':scheme': 'http', ':authority': '127.0.0.1:4567', 'x-amz-date': '20261122T120000Z' });
    assert.deepEqual(headers, { ':authority': '127.0.0.1:4567', host: '127.0.0.1:4567', 'x-amz-date': '20261122T120000Z' });
  });

  it('leaves a host header the client sent as it was', () => {
    const headers = requestHeaders({ ':authority': 'a.example:4567', host: 'b.example:4567' });
    assert.equal(headers['host'], 'b.example:4567');
    assert.equal(headers[':authority'], 'a.example:4567');
  });

  it('lower-cases names and joins repeated values with commas', () => {
    assert.deepEqual(requestHeaders({ Host: 'localhost', 'X-Custom': ['a', 'b'] } as never), { host: 'localhost', 'x-custom': 'a,b' });
  });
});
