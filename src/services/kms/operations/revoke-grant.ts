import type { RevokeGrantRequest } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { grantErrors, grantIdPattern, grantsOf, retireGrant } from '../domain/grants.js';
import { resolveKey, type Kms } from '../kms.js';

// RevokeGrant: KeyId is a key ID or ARN (aws-wire.md §4.3), every key state allows it
// (§4.5); an unknown grant is InvalidGrantIdException (§4.7).
export async function revokeGrant(kms: Kms, input: RevokeGrantRequest, context: RequestContext): Promise<void> {
  const key = await resolveKey(kms, context.caller, input.KeyId, 'key-only');
  await context.authorize('kms:RevokeGrant', key.arn);
  if (!grantIdPattern.test(input.GrantId)) throw grantErrors.malformedGrantId(input.GrantId);
  if (input.DryRun) {
    if (!(await grantsOf(kms).find(key, key.keyId, input.GrantId))) throw grantErrors.unknownGrant(input.GrantId, key.arn);
    throw kmsErrors.dryRun();
  }
  await retireGrant(kms, key, input.GrantId);
}
