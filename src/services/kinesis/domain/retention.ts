// The retention period's bounds and AWS's texts for them (aws-wire.md §1.7): the model
// leaves RetentionPeriodHours unconstrained, so the service itself refuses values
// outside 24–8760 hours with InvalidArgumentException, whichever of Increase or
// Decrease was called. Both texts were recorded from AWS by kinesalite (the maximum
// back when it was 168 hours; moto words today's 8760 the same way).
import { kinesisErrors } from '../errors.js';

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
