// The retention period (aws-wire.md §1.6, §1.7): its bounds and AWS's texts for them, and
// the change IncreaseStreamRetentionPeriod and DecreaseStreamRetentionPeriod share. The
// model leaves RetentionPeriodHours unconstrained, so the service itself refuses values
// outside 24–8760 hours with InvalidArgumentException, whichever of Increase or Decrease
// was called. Both texts were recorded from AWS by kinesalite (the maximum back when it
// was 168 hours; moto words today's 8760 the same way).
import type { RequestContext } from '../../context.js';
import { kinesisErrors } from '../errors.js';
import { addressOf, beginUpdating, ensureActive, type Kinesis } from '../kinesis.js';
import type { StreamDoc } from './streams.js';

export const minRetentionHours = 24;
export const maxRetentionHours = 8760;

export function checkRetentionBounds(hours: number): void {
  if (hours < minRetentionHours) {
    throw kinesisErrors.invalidArgument(`Minimum allowed retention period is ${minRetentionHours} hours. Requested retention period (${hours} hours) is too short.`);
  }
  if (hours > maxRetentionHours) {
    throw kinesisErrors.invalidArgument(`Maximum allowed retention period is ${maxRetentionHours} hours. Requested retention period (${hours} hours) is too long.`);
  }
}

interface DirectionRule {
  action: string;
  /** The text refusing a period that would move the other way, or undefined if `hours` may be set. */
  refusal(hours: number, stream: StreamDoc): string | undefined;
}

// Each operation moves the period one way only and names the other for the other way.
const directionRules: Record<'increase' | 'decrease', DirectionRule> = {
  increase: {
    action: 'kinesis:IncreaseStreamRetentionPeriod',
    refusal: (hours, stream) =>
      hours < stream.retentionHours
        ? `Requested retention period (${hours} hours) for stream ${stream.name} can not be shorter than existing retention period (${stream.retentionHours} hours). Use DecreaseRetentionPeriod API.`
        : undefined,
  },
  decrease: {
    action: 'kinesis:DecreaseStreamRetentionPeriod',
    refusal: (hours, stream) =>
      hours > stream.retentionHours
        ? `Requested retention period (${hours} hours) for stream ${stream.name} can not be longer than existing retention period (${stream.retentionHours} hours). Use IncreaseRetentionPeriod API.`
        : undefined,
  },
};

/** Checks the new period against the stream as read and again inside the update, then sets it; the stream goes UPDATING, then ACTIVE. */
export async function changeRetentionPeriod(
  kinesis: Kinesis,
  input: { StreamName?: string; StreamARN?: string; RetentionPeriodHours: number },
  context: RequestContext,
  direction: 'increase' | 'decrease',
): Promise<void> {
  const rule = directionRules[direction];
  const address = addressOf(input, context.caller);
  const hours = input.RetentionPeriodHours;
  const stream = await kinesis.streams.get(address);
  await context.authorize(rule.action, stream.arn);
  const check = (current: StreamDoc) => {
    checkRetentionBounds(hours);
    const refusal = rule.refusal(hours, current);
    if (refusal) throw kinesisErrors.invalidArgument(refusal);
    ensureActive(current);
  };
  check(stream);
  await kinesis.streams.update(address, (current) => {
    check(current);
    current.retentionHours = hours;
    beginUpdating(current, kinesis);
  });
}
