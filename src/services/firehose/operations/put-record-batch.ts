import type { PutRecordBatchInput, PutRecordBatchOutput } from '../../../generated/firehose-shapes.js';
import type { RequestContext } from '../../context.js';
import { firehoseErrors } from '../errors.js';
import { addressOf, ensureActive, ensureDirectPut, type Firehose } from '../firehose.js';
import { putRecords } from '../domain/write.js';

// "Up to a limit of 4 MB for the entire request" (PutRecordBatch documentation); AWS's error text is unrecorded [INF].
const maxRequestBytes = 4 * 1024 * 1024;

/**
 * One answer per record, in order: a RecordId, or ErrorCode/ErrorMessage for a record over
 * the throughput quota; FailedPutCount counts those, and `Encrypted` is always present
 * (aws-wire.md §3.5).
 */
export async function putRecordBatch(firehose: Firehose, input: PutRecordBatchInput, context: RequestContext): Promise<PutRecordBatchOutput> {
  const stream = await firehose.streams.get(addressOf(input.DeliveryStreamName, context.caller));
  await context.authorize('firehose:PutRecordBatch', stream.arn);
  ensureDirectPut(stream);
  ensureActive(stream);
  const total = input.Records.reduce((sum, record) => sum + record.Data.length, 0);
  if (total > maxRequestBytes) throw firehoseErrors.invalidArgument('Records size exceeds 4 MB limit');
  const { outcomes, isEncrypted } = await putRecords(firehose, stream, input.Records.map((record) => record.Data), context.caller);
  return {
    FailedPutCount: outcomes.filter((outcome) => 'errorCode' in outcome).length,
    Encrypted: isEncrypted,
    RequestResponses: outcomes.map((outcome) => ('errorCode' in outcome ? { ErrorCode: outcome.errorCode, ErrorMessage: outcome.errorMessage } : { RecordId: outcome.recordId })),
  };
}
