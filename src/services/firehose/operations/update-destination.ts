import type { UpdateDestinationInput, UpdateDestinationOutput } from '../../../generated/firehose-shapes.js';
import type { RequestContext } from '../../context.js';
import { firehoseErrors } from '../errors.js';
import { addressOf, ensureActive, type Firehose } from '../firehose.js';
import { destinationId } from '../domain/delivery-streams.js';
import { applyDestinationUpdate, bufferingOf } from '../domain/destinations.js';

/**
 * Needs the current VersionId (ConcurrentModificationException otherwise, moto's text) and
 * the destination's id [INF text]; merges the update (destinations.ts) and adds one to the
 * version, which names the objects delivered from then on (aws-wire.md §3.6). Records
 * already buffered are delivered under the new configuration, on its buffering hints.
 */
export async function updateDestination(firehose: Firehose, input: UpdateDestinationInput, context: RequestContext): Promise<UpdateDestinationOutput> {
  const address = addressOf(input.DeliveryStreamName, context.caller);
  const stream = await firehose.streams.get(address);
  await context.authorize('firehose:UpdateDestination', stream.arn);
  const check = (current: typeof stream) => {
    ensureActive(current);
    if (String(current.versionId) !== input.CurrentDeliveryStreamVersionId) throw firehoseErrors.versionMismatch(current.name, current.versionId, input.CurrentDeliveryStreamVersionId);
    if (input.DestinationId !== destinationId) throw firehoseErrors.invalidArgument(`Destination Id ${input.DestinationId} not found`);
  };
  check(stream);
  const destination = applyDestinationUpdate(stream.destination, input);
  const updated = await firehose.streams.update(address, (current) => {
    check(current);
    current.destination = destination;
    current.versionId += 1;
    current.updatedAt = firehose.now();
  });
  // The new interval may already be over for what is buffered.
  firehose.delivery.worker(updated).wakeAt(firehose.now() + Math.min(bufferingOf(destination).intervalMs, 1000));
  return {};
}
