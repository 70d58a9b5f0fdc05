import type { StartStreamEncryptionInput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { checkChangeBudget, checkEncryptionType, checkKeyIdForm } from '../domain/encryption-changes.js';
import { addressOf, beginUpdating, ensureActive, type Kinesis } from '../kinesis.js';

/**
 * Checks, in the order aws-wire.md §2.2 recommends, then asks KMS for key material at
 * once as the caller, so a missing, disabled, pending-deletion or asymmetric key fails
 * this call and changes nothing. The stream goes UPDATING, then ACTIVE; records written
 * from this call on are sealed (the switch is immediate, which errs on the side of
 * encrypting), and the KeyId is kept exactly as given for DescribeStream (§2.3).
 */
export async function startStreamEncryption(kinesis: Kinesis, input: StartStreamEncryptionInput, context: RequestContext): Promise<void> {
  const address = addressOf(input, context.caller);
  checkEncryptionType(input.EncryptionType);
  const stream = await kinesis.streams.get(address);
  await context.authorize('kinesis:StartStreamEncryption', stream.arn);
  ensureActive(stream);
  checkKeyIdForm(input.KeyId);
  checkChangeBudget(stream, 'starts', kinesis.now());
  await kinesis.encryption.start(stream, input.KeyId, context.caller);
  await kinesis.streams.update(address, (current) => {
    ensureActive(current);
    const now = kinesis.now();
    const starts = checkChangeBudget(current, 'starts', now);
    current.encryptionEvents = { starts: [...starts, now], stops: current.encryptionEvents?.stops ?? [] };
    current.encryptionType = 'KMS';
    current.keyId = input.KeyId;
    beginUpdating(current, kinesis);
  });
}
