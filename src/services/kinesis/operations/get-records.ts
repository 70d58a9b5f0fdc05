import type { GetRecordsInput, GetRecordsOutput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { kinesisErrors } from '../errors.js';
import { readBatch, resolveIterator } from '../domain/read.js';
import { addressOf, type Kinesis } from '../kinesis.js';

// At most 10 MiB per call (aws-wire.md §1.7).
const maxBytesPerCall = 10 * 1024 * 1024;

export async function getRecords(kinesis: Kinesis, input: GetRecordsInput, context: RequestContext): Promise<GetRecordsOutput> {
  const { position, stream, shard } = await resolveIterator(kinesis, input.ShardIterator);
  if (input.StreamARN !== undefined && addressOf({ StreamARN: input.StreamARN }, context.caller).name !== stream.name) {
    throw kinesisErrors.invalidArgument(`StreamARN ${input.StreamARN} does not match the stream of the ShardIterator.`);
  }
  await context.authorize('kinesis:GetRecords', stream.arn);
  const batch = await readBatch(kinesis, stream, shard, position.afterCounter, { limit: input.Limit ?? 10_000, maxBytes: maxBytesPerCall }, context.caller);
  const output: GetRecordsOutput = { Records: batch.records, MillisBehindLatest: batch.millisBehindLatest };
  // A closed shard read to its end has no next iterator, and names its children instead
  // (the KCL accepts exactly that combination, aws-wire.md §1.4).
  if (batch.childShards) output.ChildShards = batch.childShards;
  else output.NextShardIterator = kinesis.iterators.encode({ ...position, afterCounter: batch.afterCounter, issuedAt: kinesis.now() });
  return output;
}
