import type { PutRecordsInput, PutRecordsOutput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { kinesisErrors } from '../errors.js';
import { ensureWritable, recordSizeErrors, throwValidation, writeRecords } from '../domain/write.js';
import { addressOf, type Kinesis } from '../kinesis.js';

// Data plus partition keys of one call may not exceed 5 MiB (aws-wire.md §1.7).
const maxRequestBytes = 5 * 1024 * 1024;

/**
 * All records of a call are stored in one atomic, durable append, so a call either
 * succeeds whole (FailedRecordCount 0, which AWS sends although the model says min 1)
 * or fails whole; Records always has as many entries as the request, in order (§5.1 item 7).
 */
export async function putRecords(kinesis: Kinesis, input: PutRecordsInput, context: RequestContext): Promise<PutRecordsOutput> {
  const stream = await kinesis.streams.get(addressOf(input, context.caller));
  await context.authorize('kinesis:PutRecords', stream.arn);
  ensureWritable(stream);
  throwValidation(recordSizeErrors(stream, input.Records, (index) => `records.${index + 1}.member.data`));
  let total = 0;
  for (const record of input.Records) total += record.Data.length + Buffer.byteLength(record.PartitionKey, 'utf8');
  if (total > maxRequestBytes) throw kinesisErrors.invalidArgument('Records size exceeds 5 MB limit');
  const { records, isEncrypted } = await writeRecords(kinesis, stream, input.Records, context.caller);
  return { FailedRecordCount: 0, Records: records, ...(isEncrypted ? { EncryptionType: 'KMS' as const } : {}) };
}
