import type { StopStreamEncryptionInput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { checkChangeBudget, checkEncryptionType, checkKeyIdForm } from '../domain/encryption-changes.js';
import { addressOf, beginUpdating, ensureActive, type Kinesis } from '../kinesis.js';

/**
 * Stop needs no KMS call: the KeyId is checked for form only, as no source records AWS
 * comparing it with the stream's key (aws-wire.md §2.4). Records sealed before stay
 * readable; records written from now on are stored plain. Stopping a stream that is not
 * encrypted is accepted and counted, as AWS's answer is unrecorded [INF].
 */
export async function stopStreamEncryption(kinesis: Kinesis, input: StopStreamEncryptionInput, context: RequestContext): Promise<void> {
  const address = addressOf(input, context.caller);
  checkEncryptionType(input.EncryptionType);
  const stream = await kinesis.streams.get(address);
  await context.authorize('kinesis:StopStreamEncryption', stream.arn);
  ensureActive(stream);
  checkKeyIdForm(input.KeyId);
  await kinesis.streams.update(address, (current) => {
    ensureActive(current);
    const now = kinesis.now();
    const stops = checkChangeBudget(current, 'stops', now);
    current.encryptionEvents = { starts: current.encryptionEvents?.starts ?? [], stops: [...stops, now] };
    current.encryptionType = 'NONE';
    delete current.keyId;
    beginUpdating(current, kinesis);
  });
}
