// The fan-out null sink: Sealstream's own transport and event-stream framing, with no
// storage, streams or keys behind them. A SubscribeToShard is answered with its
// initial-response and held open; a PutRecord's record is written to every held
// subscription as a SubscribeToShardEvent, then the put is answered, the order the server
// keeps. Its put-to-event figures are what this machine, Node's HTTP/2 and the client cost
// alone, so a row of bench:fan-out can be read against them in the same run; run as its
// own process by fan-out.ts.
import { listen } from '../src/transport/server.js';
import type { ResponseSink } from '../src/transport/server.js';
import { eventStreamContentType, encodeMessage } from '../src/protocol/event-stream.js';
import { createLogger } from '../src/log.js';

const jsonType = 'application/x-amz-json-1.1';
const subscribers = new Set<ResponseSink>();
let sequence = 0;

const answer = (status: number, body: unknown) => ({ status, headers: { 'content-type': jsonType }, body: Buffer.from(JSON.stringify(body)) });

const server = await listen({
  host: '127.0.0.1',
  port: Number(process.argv[2] ?? 0),
  log: createLogger('silent'),
  handle: async (request) => {
    const operation = (request.headers['x-amz-target'] ?? '').split('.')[1];
    if (operation === 'SubscribeToShard') {
      return {
        status: 200,
        headers: { 'content-type': eventStreamContentType },
        body: Buffer.alloc(0),
        async stream(sink) {
          await sink.write(encodeMessage({ ':message-type': 'event', ':event-type': 'initial-response', ':content-type': jsonType }, Buffer.from('{}')));
          subscribers.add(sink);
          await new Promise((resolve) => sink.signal.addEventListener('abort', resolve, { once: true }));
          subscribers.delete(sink);
        },
      };
    }
    if (operation !== 'PutRecord') return answer(400, { __type: 'UnknownOperationException' });
    let input: { Data?: string; PartitionKey?: string };
    try {
      input = JSON.parse(request.body.toString('utf8')) as typeof input;
    } catch {
      return answer(400, { __type: 'SerializationException' });
    }
    const sequenceNumber = String(++sequence);
    const record = { SequenceNumber: sequenceNumber, ApproximateArrivalTimestamp: Date.now() / 1000, Data: input.Data, PartitionKey: input.PartitionKey };
    const event = encodeMessage(
      { ':message-type': 'event', ':event-type': 'SubscribeToShardEvent', ':content-type': jsonType },
      Buffer.from(JSON.stringify({ Records: [record], ContinuationSequenceNumber: sequenceNumber, MillisBehindLatest: 0 })),
    );
    for (const sink of subscribers) void sink.write(event);
    return answer(200, { ShardId: 'shardId-000000000000', SequenceNumber: sequenceNumber });
  },
});
console.log(JSON.stringify({ port: server.port, msg: 'fan-out sink listening' }));
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
