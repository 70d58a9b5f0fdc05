import type { IncreaseStreamRetentionPeriodInput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { changeRetentionPeriod } from '../domain/retention.js';
import type { Kinesis } from '../kinesis.js';

/** Raises the retention period; records already trimmed stay gone (aws-wire.md §1.6, §1.7). */
export async function increaseStreamRetentionPeriod(kinesis: Kinesis, input: IncreaseStreamRetentionPeriodInput, context: RequestContext): Promise<void> {
  await changeRetentionPeriod(kinesis, input, context, 'increase');
}
