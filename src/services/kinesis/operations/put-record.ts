import type { PutRecordInput, PutRecordOutput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { kinesisErrors } from '../errors.js';
import { parseSequenceNumber } from '../domain/sequence-numbers.js';
import { ensureWritable, recordSizeErrors, throwValidation, writeRecords } from '../domain/write.js';
import { addressOf, type Kinesis } from '../kinesis.js';

export async function putRecord(kinesis: Kinesis, input: PutRecordInput, context: RequestContext): Promise<PutRecordOutput> {
  const stream = await kinesis.streams.get(addressOf(input, context.caller));
  await context.authorize('kinesis:PutRecord', stream.arn);
  ensureWritable(stream);
  throwValidation(recordSizeErrors(stream, [input], () => 'data'));
  // Records of a shard are always appended in order, so the ordering hint only needs to be well formed.
  if (input.SequenceNumberForOrdering !== undefined && !parseSequenceNumber(input.SequenceNumberForOrdering)) {
    throw kinesisErrors.invalidArgument(
      `ExclusiveMinimumSequenceNumber ${input.SequenceNumberForOrdering} used in PutRecord on stream ${stream.name} under account ${stream.accountId} is invalid.`,
    );
  }
  const { records, isEncrypted } = await writeRecords(kinesis, stream, [input], context.caller);
  return { ShardId: records[0]!.ShardId, SequenceNumber: records[0]!.SequenceNumber, ...(isEncrypted ? { EncryptionType: 'KMS' as const } : {}) };
}
