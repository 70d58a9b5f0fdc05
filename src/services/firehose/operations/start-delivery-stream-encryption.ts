import type { StartDeliveryStreamEncryptionInput, StartDeliveryStreamEncryptionOutput } from '../../../generated/firehose-shapes.js';
import type { RequestContext } from '../../context.js';
import { addressOf, ensureActive, ensureDirectPut, transitionEnd, type Firehose } from '../firehose.js';
import { attachGrant, checkChangeBudget, checkStreamsPerKey, ensureNoTransition, prepareKey } from '../domain/sse-changes.js';

/**
 * Enables SSE or changes its key (aws-wire.md §3.4): the key is checked at once
 * (InvalidKMSResourceException), Firehose's grant is created on a customer CMK, and the
 * stream is ENABLING for --transition-ms. Then it is ENABLED with the new key (the old
 * key's grant is retired once what was sealed under it is delivered), or ENABLING_FAILED
 * with a FailureDescription while the old key, if any, stays in force. Records put during
 * ENABLING are sealed under the old key if there is one, else written in clear
 * (`Encrypted: false`), as AWS documents.
 */
export async function startDeliveryStreamEncryption(firehose: Firehose, input: StartDeliveryStreamEncryptionInput, context: RequestContext): Promise<StartDeliveryStreamEncryptionOutput> {
  const address = addressOf(input.DeliveryStreamName, context.caller);
  const stream = await firehose.streams.get(address);
  await context.authorize('firehose:StartDeliveryStreamEncryption', stream.arn);
  ensureDirectPut(stream);
  ensureActive(stream);
  ensureNoTransition(stream);
  checkChangeBudget(firehose, stream);
  const prepared = await prepareKey(firehose, input.DeliveryStreamEncryptionConfigurationInput, context.caller);
  await checkStreamsPerKey(firehose, prepared.key, context.caller, stream.uuid);
  const granted = await attachGrant(firehose, prepared, stream.arn, context.caller);
  const until = transitionEnd(firehose);
  try {
    await firehose.streams.update(address, (current) => {
      ensureActive(current);
      ensureNoTransition(current);
      const recent = checkChangeBudget(firehose, current);
      current.encryptionChanges = [...recent, firehose.now()];
      current.encryption.status = 'ENABLING';
      current.encryption.requested = granted.key;
      current.encryption.until = until;
      if (granted.outcome) current.encryption.outcome = granted.outcome;
      else delete current.encryption.outcome;
    });
  } catch (error) {
    if (granted.key.grant) await firehose.keys.retireGrant(context.caller, granted.key.grant).catch(() => undefined);
    throw error;
  }
  firehose.delivery.worker(stream).wakeAt(until);
  return {};
}
