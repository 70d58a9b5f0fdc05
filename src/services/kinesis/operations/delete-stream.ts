import type { DeleteStreamInput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { kinesisErrors } from '../errors.js';
import { addressOf, transitionEnd, type Kinesis } from '../kinesis.js';

export async function deleteStream(kinesis: Kinesis, input: DeleteStreamInput, context: RequestContext): Promise<void> {
  const address = addressOf(input, context.caller);
  const stream = await kinesis.streams.get(address);
  await context.authorize('kinesis:DeleteStream', stream.arn);
  await kinesis.streams.update(address, (current) => {
    if (current.status === 'DELETING') throw kinesisErrors.streamNotActive(current, current.status);
    const registered = current.consumers.filter((consumer) => consumer.status !== 'DELETING');
    if (registered.length > 0 && !input.EnforceConsumerDeletion) {
      throw kinesisErrors.resourceInUse(
        `Stream ${current.name} under account ${current.accountId} has registered consumers. Set EnforceConsumerDeletion to delete them with the stream.`,
      );
    }
    current.status = 'DELETING';
    current.statusUntil = transitionEnd(kinesis);
  });
}
