import type { PutKeyPolicyRequest } from '../../../generated/kms-shapes.js';
import { AwsError } from '../../errors.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { ensureNoLockout, parsePolicy } from '../domain/policies.js';
import { resolveKey, type Kms } from '../kms.js';
import { ensureDefaultPolicyName } from './get-key-policy.js';

// Every key state allows PutKeyPolicy (aws-wire.md §4.5). The document must be a valid key
// policy (MalformedPolicyDocumentException otherwise) and is stored as sent (§4.8). Unless
// BypassPolicyLockoutSafetyCheck, the new policy must still let the caller change it.
export async function putKeyPolicy(kms: Kms, input: PutKeyPolicyRequest, context: RequestContext): Promise<void> {
  const key = await resolveKey(kms, context.caller, input.KeyId, 'key-only');
  await context.authorize('kms:PutKeyPolicy', key.arn);
  ensureDefaultPolicyName(input.PolicyName);
  // An AWS-managed key's fixed policy allows no kms:PutKeyPolicy to anyone (aws-wire.md
  // §4.6), so AWS refuses in its authorization layer's words (§4.9).
  if (key.manager === 'AWS') {
    throw new AwsError(
      'AccessDeniedException',
      `User: ${context.caller.principalArn} is not authorized to perform: kms:PutKeyPolicy on resource: ${key.arn} because no resource-based policy allows the kms:PutKeyPolicy action`,
      { messageKey: 'Message' },
    );
  }
  const policy = parsePolicy(input.Policy);
  if (!input.BypassPolicyLockoutSafetyCheck) ensureNoLockout(policy, context.caller, key.arn);
  const updated = await kms.keys.update(key, key.keyId, (current) => {
    current.policy = input.Policy;
  });
  if (!updated) throw kmsErrors.keyNotFound(key.arn);
  kms.policyEpoch.bump();
}
