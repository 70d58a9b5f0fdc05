import type { DeleteDeliveryStreamInput, DeleteDeliveryStreamOutput } from '../../../generated/firehose-shapes.js';
import type { RequestContext } from '../../context.js';
import { AwsError } from '../../errors.js';
import { firehoseErrors } from '../errors.js';
import { addressOf, transitionEnd, type Firehose } from '../firehose.js';
import type { GrantRef } from '../domain/delivery-streams.js';

/**
 * Refused while CREATING (aws-wire.md §3.2). Firehose's grants are retired first; when a
 * retirement fails the stream becomes DELETING_FAILED (RETIRE_KMS_GRANT_FAILED) unless
 * AllowForceDelete is set. Otherwise it is DELETING for --transition-ms, then gone with its
 * buffer: records not yet delivered are deleted with it, as in AWS.
 */
export async function deleteDeliveryStream(firehose: Firehose, input: DeleteDeliveryStreamInput, context: RequestContext): Promise<DeleteDeliveryStreamOutput> {
  const address = addressOf(input.DeliveryStreamName, context.caller);
  const stream = await firehose.streams.get(address);
  await context.authorize('firehose:DeleteDeliveryStream', stream.arn);
  if (stream.status === 'CREATING') {
    throw firehoseErrors.resourceInUse(`Firehose ${stream.name} under account ${stream.accountId} is in CREATING state; it can be deleted once it is ACTIVE or CREATING_FAILED.`);
  }
  const encryption = stream.encryption;
  const grants = new Map<string, GrantRef>();
  for (const grant of [encryption.active?.grant, encryption.requested?.grant, ...encryption.grantsToRetire]) if (grant) grants.set(grant.grantId, grant);
  let failure: string | undefined;
  for (const grant of grants.values()) {
    try {
      await firehose.keys.retireGrant(context.caller, grant);
    } catch (error) {
      const isGone = error instanceof AwsError && (error.code === 'InvalidGrantIdException' || error.code === 'NotFoundException');
      if (!isGone) failure = error instanceof Error ? error.message : String(error);
    }
  }
  await firehose.streams.update(address, (current) => {
    if (failure !== undefined && !input.AllowForceDelete) {
      current.status = 'DELETING_FAILED';
      current.failure = { Type: 'RETIRE_KMS_GRANT_FAILED', Details: failure || 'RetireGrant failed.' };
      return;
    }
    current.status = 'DELETING';
    current.statusUntil = transitionEnd(firehose);
    current.encryption.grantsToRetire = [];
  });
  firehose.delivery.forget(stream.uuid);
  return {};
}
