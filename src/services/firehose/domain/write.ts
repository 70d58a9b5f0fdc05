// What PutRecord and PutRecordBatch share: the throughput quota, sealing while SSE is in
// force, and one atomic, durable append to the delivery stream's buffer before the answer
// (an acknowledged record survives kill -9 and is delivered after the restart).
import { takeRandom } from '../../../crypto/random.js';
import type { Caller } from '../../context.js';
import type { Firehose } from '../firehose.js';
import { bufferPlace, encodePlain, sealedHeader } from './buffer.js';
import { bufferLogName, type DeliveryStreamDoc } from './delivery-streams.js';
import { bufferingOf } from './destinations.js';

export type PutOutcome = { recordId: string } | { errorCode: string; errorMessage: string };

export interface PutResult {
  outcomes: PutOutcome[];
  /** Whether the accepted records were sealed: `Encrypted` in the answer (aws-wire.md §3.5). */
  isEncrypted: boolean;
}

/** Opaque, long and unique, as AWS's RecordIds are: the record's counter and random bytes, base64. */
function recordIdOf(seq: number): string {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(seq));
  return Buffer.concat([takeRandom(40), bytes]).toString('base64');
}

export async function putRecords(firehose: Firehose, stream: DeliveryStreamDoc, records: Buffer[], caller: Caller): Promise<PutResult> {
  const admitted = firehose.throughput.admit(stream.uuid, stream.region, records.map((data) => data.length));
  const key = stream.encryption.active;
  const accepted = records.filter((_, index) => admitted[index]);
  const material = key && accepted.length > 0 ? await firehose.encryption.forWrite(stream, key, caller) : undefined;
  const log = bufferLogName(stream);
  const header = material ? sealedHeader(material.generationId) : undefined;
  const placed = await firehose.appender.append(
    accepted.map((data) => ({ log, payload: material ? undefined : encodePlain(data) })),
    material
      ? (places) => firehose.envelopes.seal(material.material, header!, stream.arn, places.map((place, index) => ({ ...bufferPlace(stream, place.seq), content: { partitionKey: '', data: accepted[index]! } })))
      : undefined,
  );
  if (placed.length > 0) {
    const buffering = bufferingOf(stream.destination);
    firehose.delivery.worker(stream).notifyPut(accepted.reduce((sum, data) => sum + data.length, 0), buffering.intervalMs, buffering.sizeBytes);
  }
  let next = 0;
  const outcomes = admitted.map((isAdmitted): PutOutcome => {
    if (!isAdmitted) return { errorCode: 'ServiceUnavailableException', errorMessage: 'Slow down.' };
    return { recordId: recordIdOf(placed[next++]!.seq) };
  });
  return { outcomes, isEncrypted: key !== undefined };
}
