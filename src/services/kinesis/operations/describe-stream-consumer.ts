import type { DescribeStreamConsumerInput, DescribeStreamConsumerOutput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { loadConsumer, toConsumer } from '../domain/consumers.js';
import type { Kinesis } from '../kinesis.js';

// By ConsumerARN, by StreamARN and ConsumerName, or by all three when they agree. The KCL
// calls this first and registers the consumer on ResourceNotFoundException (aws-wire.md §1.1).
export async function describeStreamConsumer(kinesis: Kinesis, input: DescribeStreamConsumerInput, context: RequestContext): Promise<DescribeStreamConsumerOutput> {
  const { stream, consumer } = await loadConsumer(kinesis, input, context.caller);
  await context.authorize('kinesis:DescribeStreamConsumer', consumer.arn);
  return { ConsumerDescription: { ...toConsumer(consumer), StreamARN: stream.arn } };
}
