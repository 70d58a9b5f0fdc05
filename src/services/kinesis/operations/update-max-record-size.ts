import type { UpdateMaxRecordSizeInput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { addressOf, beginUpdating, ensureActive, type Kinesis } from '../kinesis.js';

/**
 * Sets the largest record the stream takes, 1024–10240 KiB (the model's bounds, checked
 * before this runs), addressed by StreamARN as UpdateStreamMode is. PutRecord and
 * PutRecords check each record against it from the next call on (domain/write.ts); records
 * already stored stay as they are. The stream is UPDATING for the change, as for its other
 * settings.
 */
export async function updateMaxRecordSize(kinesis: Kinesis, input: UpdateMaxRecordSizeInput, context: RequestContext): Promise<void> {
  const address = addressOf({ StreamARN: input.StreamARN }, context.caller);
  const stream = await kinesis.streams.get(address);
  await context.authorize('kinesis:UpdateMaxRecordSize', stream.arn);
  ensureActive(stream);
  await kinesis.streams.update(address, (current) => {
    ensureActive(current);
    current.maxRecordSizeKiB = input.MaxRecordSizeInKiB;
    beginUpdating(current, kinesis);
  });
}
