import type { PutRecordInput, PutRecordOutput } from '../../../generated/firehose-shapes.js';
import type { RequestContext } from '../../context.js';
import { firehoseErrors } from '../errors.js';
import { addressOf, ensureActive, ensureDirectPut, type Firehose } from '../firehose.js';
import { putRecords } from '../domain/write.js';

/** `Encrypted` is always in the answer, false too (aws-wire.md §3.5). */
export async function putRecord(firehose: Firehose, input: PutRecordInput, context: RequestContext): Promise<PutRecordOutput> {
  const stream = await firehose.streams.get(addressOf(input.DeliveryStreamName, context.caller));
  await context.authorize('firehose:PutRecord', stream.arn);
  ensureDirectPut(stream);
  ensureActive(stream);
  const { outcomes, isEncrypted } = await putRecords(firehose, stream, [input.Record.Data], context.caller);
  const outcome = outcomes[0]!;
  if ('errorCode' in outcome) throw firehoseErrors.serviceUnavailable(outcome.errorMessage);
  return { RecordId: outcome.recordId, Encrypted: isEncrypted };
}
