import type { UpdateStreamModeInput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { kinesisErrors } from '../errors.js';
import { addressOf, beginUpdating, ensureActive, type Kinesis } from '../kinesis.js';

/**
 * PROVISIONED <-> ON_DEMAND, addressed by StreamARN only (aws-wire.md §1.2). The shards
 * stay as they are; the stream is UPDATING for the transition (§1.5). Asking for the mode
 * the stream already has is accepted and goes through the same transition: no source
 * records AWS refusing it. WarmThroughputMiBps needs the account's minimum-throughput
 * billing commitment, which this server does not model, so it is ignored.
 */
export async function updateStreamMode(kinesis: Kinesis, input: UpdateStreamModeInput, context: RequestContext): Promise<void> {
  const address = addressOf({ StreamARN: input.StreamARN }, context.caller);
  const stream = await kinesis.streams.get(address);
  await context.authorize('kinesis:UpdateStreamMode', stream.arn);
  ensureActive(stream);
  const mode = input.StreamModeDetails.StreamMode;
  if (mode === 'ON_DEMAND' && stream.mode !== 'ON_DEMAND') {
    const streams = await kinesis.streams.list(stream.accountId, stream.region);
    if (streams.filter((candidate) => candidate.mode === 'ON_DEMAND').length >= kinesis.limits.onDemandStreamLimit) {
      // CreateStream's text for the same quota.
      throw kinesisErrors.limitExceeded(
        `This request would exceed the limit of ${kinesis.limits.onDemandStreamLimit} on-demand streams for the account ${stream.accountId} in ${stream.region}.`,
      );
    }
  }
  await kinesis.streams.update(address, (current) => {
    ensureActive(current);
    current.mode = mode;
    beginUpdating(current, kinesis);
  });
}
