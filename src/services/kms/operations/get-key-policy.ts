import type { GetKeyPolicyRequest, GetKeyPolicyResponse } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { resolveKey, type Kms } from '../kms.js';

/** `default` is the only key policy a key has (aws-wire.md §4.8); other names are NotFoundException [LS][MO]. */
export function ensureDefaultPolicyName(policyName: string | undefined): void {
  if ((policyName ?? 'default') !== 'default') throw kmsErrors.notFound('No such policy exists');
}

// Every key state allows GetKeyPolicy (aws-wire.md §4.5). The policy comes back exactly as
// it was stored, byte for byte, so two calls always agree (§4.8).
export async function getKeyPolicy(kms: Kms, input: GetKeyPolicyRequest, context: RequestContext): Promise<GetKeyPolicyResponse> {
  const key = await resolveKey(kms, context.caller, input.KeyId, 'key-only');
  await context.authorize('kms:GetKeyPolicy', key.arn);
  ensureDefaultPolicyName(input.PolicyName);
  return { Policy: key.policy, PolicyName: 'default' };
}
