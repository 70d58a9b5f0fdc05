// Sealing and opening a PutRecords-sized batch (500 × 1 KiB) inline and on the envelope
// threads, one batch at a time and four in flight: the worker's round trip against the
// event-loop time it frees (crypto/envelope-threads.ts).
import { randomBytes } from 'node:crypto';
import { sealRecord, type SealItem } from '../../../src/crypto/envelope.js';
import { EnvelopeThreads, defaultEnvelopeThreads } from '../../../src/crypto/envelope-threads.js';
import { measureAsync, report, type Measurement } from '../measure.js';

const streamArn = 'arn:aws:kinesis:us-east-1:000000000000:stream/bench';

export async function run(): Promise<void> {
  const material = randomBytes(32);
  const prefix = randomBytes(17);
  const items: SealItem[] = Array.from({ length: 500 }, (_, index) => ({ shardIndex: index % 4, seq: index + 1, content: { partitionKey: `partition-${index}`, data: randomBytes(1024) } }));
  const sealed = items.map((item) => ({ shardIndex: item.shardIndex, seq: item.seq, material: 0, sealed: sealRecord(material, { streamArn, ...item }, item.content) }));
  const inline = new EnvelopeThreads(0);
  const threads = new EnvelopeThreads(Math.max(1, defaultEnvelopeThreads()));
  const perRecord = (measurement: Measurement, inFlight = 1): Measurement => ({ ...measurement, microsPerCall: measurement.microsPerCall / items.length / inFlight, callsPerSecond: measurement.callsPerSecond * items.length * inFlight });
  const four = (call: () => Promise<unknown>) => () => Promise.all([call(), call(), call(), call()]);
  report('crypto: 500 × 1 KiB records, per record', [
    perRecord(await measureAsync('seal inline', async () => inline.seal(material, prefix, streamArn, items), 100)),
    perRecord(await measureAsync('seal on threads, 1 batch in flight', async () => threads.seal(material, prefix, streamArn, items), 100)),
    perRecord(await measureAsync('seal on threads, 4 batches in flight', four(async () => threads.seal(material, prefix, streamArn, items)), 50), 4),
    perRecord(await measureAsync('open inline', async () => inline.open([material], streamArn, sealed), 100)),
    perRecord(await measureAsync('open on threads, 1 batch in flight', async () => threads.open([material], streamArn, sealed), 100)),
  ]);
  await threads.close();
}
