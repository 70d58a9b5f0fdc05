import type { StopDeliveryStreamEncryptionInput, StopDeliveryStreamEncryptionOutput } from '../../../generated/firehose-shapes.js';
import type { RequestContext } from '../../context.js';
import { addressOf, ensureActive, ensureDirectPut, transitionEnd, type Firehose } from '../firehose.js';
import { checkChangeBudget, ensureNoTransition } from '../domain/sse-changes.js';

/**
 * Disables SSE (aws-wire.md §3.4): DISABLING for --transition-ms (records are still sealed
 * meanwhile), then DISABLED; the CMK's grant is retired once the records sealed under it
 * are delivered. On a stream with nothing in force it changes nothing and is not counted
 * against the shared 25-a-day budget [INF].
 */
export async function stopDeliveryStreamEncryption(firehose: Firehose, input: StopDeliveryStreamEncryptionInput, context: RequestContext): Promise<StopDeliveryStreamEncryptionOutput> {
  const address = addressOf(input.DeliveryStreamName, context.caller);
  const stream = await firehose.streams.get(address);
  await context.authorize('firehose:StopDeliveryStreamEncryption', stream.arn);
  ensureDirectPut(stream);
  ensureActive(stream);
  ensureNoTransition(stream);
  if (stream.encryption.status === 'DISABLED') return {};
  checkChangeBudget(firehose, stream);
  const until = transitionEnd(firehose);
  await firehose.streams.update(address, (current) => {
    ensureActive(current);
    ensureNoTransition(current);
    const recent = checkChangeBudget(firehose, current);
    current.encryptionChanges = [...recent, firehose.now()];
    current.encryption.status = 'DISABLING';
    current.encryption.until = until;
    delete current.encryption.outcome;
    // A key change that failed left its grant queued already; nothing else is pending.
    if (!current.encryption.active) delete current.encryption.requested;
  });
  firehose.delivery.worker(stream).wakeAt(until);
  return {};
}
