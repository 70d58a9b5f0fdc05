import type { DecreaseStreamRetentionPeriodInput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { changeRetentionPeriod } from '../domain/retention.js';
import type { Kinesis } from '../kinesis.js';

/**
 * Lowers the retention period. Records older than the new period disappear from reads
 * at once (reads apply the retention cutoff themselves) and from storage at the next
 * retention sweep (aws-wire.md §1.6, §1.7).
 */
export async function decreaseStreamRetentionPeriod(kinesis: Kinesis, input: DecreaseStreamRetentionPeriodInput, context: RequestContext): Promise<void> {
  await changeRetentionPeriod(kinesis, input, context, 'decrease');
}
