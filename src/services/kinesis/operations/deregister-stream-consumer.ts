import type { DeregisterStreamConsumerInput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { findConsumer, loadConsumer } from '../domain/consumers.js';
import { transitionEnd, type Kinesis } from '../kinesis.js';

// The consumer goes DELETING and disappears when the transition ends. The model lists no
// ResourceInUseException for this operation, so a consumer still CREATING may be
// deregistered, and deregistering one already DELETING changes nothing [INF].
export async function deregisterStreamConsumer(kinesis: Kinesis, input: DeregisterStreamConsumerInput, context: RequestContext): Promise<void> {
  const { stream, consumer } = await loadConsumer(kinesis, input, context.caller);
  await context.authorize('kinesis:DeregisterStreamConsumer', consumer.arn);
  await kinesis.streams.update(stream, (current) => {
    const target = findConsumer(current, consumer.name, consumer.arn);
    if (target.status === 'DELETING') return;
    target.status = 'DELETING';
    target.statusUntil = transitionEnd(kinesis);
  });
}
