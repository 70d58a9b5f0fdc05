import type { IncreaseStreamRetentionPeriodInput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { kinesisErrors } from '../errors.js';
import { checkRetentionBounds } from '../domain/retention.js';
import { addressOf, ensureActive, transitionEnd, type Kinesis } from '../kinesis.js';

/** Raises the retention period; records already trimmed stay gone (aws-wire.md §1.6, §1.7). */
export async function increaseStreamRetentionPeriod(kinesis: Kinesis, input: IncreaseStreamRetentionPeriodInput, context: RequestContext): Promise<void> {
  const address = addressOf(input, context.caller);
  const hours = input.RetentionPeriodHours;
  const stream = await kinesis.streams.get(address);
  await context.authorize('kinesis:IncreaseStreamRetentionPeriod', stream.arn);
  const check = (current: typeof stream) => {
    checkRetentionBounds(hours);
    if (hours < current.retentionHours) {
      throw kinesisErrors.invalidArgument(
        `Requested retention period (${hours} hours) for stream ${current.name} can not be shorter than existing retention period (${current.retentionHours} hours). Use DecreaseRetentionPeriod API.`,
      );
    }
    ensureActive(current);
  };
  check(stream);
  await kinesis.streams.update(address, (current) => {
    check(current);
    current.retentionHours = hours;
    current.status = 'UPDATING';
    current.statusUntil = transitionEnd(kinesis);
  });
}
