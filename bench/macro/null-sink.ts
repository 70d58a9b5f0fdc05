// The null sink: Sealstream's own transport and JSON codec, answering PutRecords and
// GetRecords without storing anything. What it reaches is the ceiling of the protocol
// path in Node on this machine; run as its own process by compare.ts.
import { randomUUID } from 'node:crypto';
import { listen } from '../../src/transport/server.js';
import { createLogger } from '../../src/log.js';

const port = Number(process.argv[2] ?? 0);
let counter = 0;

const json = (body: unknown) => ({ status: 200, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() }, body: Buffer.from(JSON.stringify(body)) });

const server = await listen({
  host: '127.0.0.1',
  port,
  log: createLogger('silent'),
  handle: async (request) => {
    if (request.method === 'GET') return json({ status: 'ok' });
    const operation = (request.headers['x-amz-target'] ?? '').split('.')[1];
    let input: { Records?: Array<{ Data: string }> } = {};
    try {
      input = JSON.parse(request.body.toString('utf8')) as typeof input;
    } catch {
      return { status: 400, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: Buffer.from('{"__type":"SerializationException"}') };
    }
    switch (operation) {
      case 'PutRecords':
        return json({ FailedRecordCount: 0, Records: (input.Records ?? []).map(() => ({ ShardId: 'shardId-000000000000', SequenceNumber: String(++counter) })) });
      case 'PutRecord':
        return json({ ShardId: 'shardId-000000000000', SequenceNumber: String(++counter) });
      case 'DescribeStreamSummary':
        return json({ StreamDescriptionSummary: { StreamStatus: 'ACTIVE' } });
      case 'GetShardIterator':
        return json({ ShardIterator: 'null-sink' });
      case 'GetRecords':
        return json({ Records: [], NextShardIterator: 'null-sink', MillisBehindLatest: 0 });
      default:
        return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: Buffer.alloc(0) };
    }
  },
});
console.log(JSON.stringify({ msg: 'null sink listening', port: server.port }));
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
