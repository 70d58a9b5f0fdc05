import type { DecreaseStreamRetentionPeriodInput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { kinesisErrors } from '../errors.js';
import { checkRetentionBounds } from '../domain/retention.js';
import { addressOf, ensureActive, transitionEnd, type Kinesis } from '../kinesis.js';

/**
 * Lowers the retention period. Records older than the new period disappear from reads
 * at once (reads apply the retention cutoff themselves) and from storage at the next
 * retention sweep (aws-wire.md §1.6, §1.7).
 */
export async function decreaseStreamRetentionPeriod(kinesis: Kinesis, input: DecreaseStreamRetentionPeriodInput, context: RequestContext): Promise<void> {
  const address = addressOf(input, context.caller);
  const hours = input.RetentionPeriodHours;
  const stream = await kinesis.streams.get(address);
  await context.authorize('kinesis:DecreaseStreamRetentionPeriod', stream.arn);
  const check = (current: typeof stream) => {
    checkRetentionBounds(hours);
    if (hours > current.retentionHours) {
      throw kinesisErrors.invalidArgument(
        `Requested retention period (${hours} hours) for stream ${current.name} can not be longer than existing retention period (${current.retentionHours} hours). Use IncreaseRetentionPeriod API.`,
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
