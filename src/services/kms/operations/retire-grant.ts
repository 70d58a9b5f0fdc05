import type { RetireGrantRequest } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { findGrantByToken, grantErrors, grantIdPattern, grantsOf, retireGrant as retireGrantOf } from '../domain/grants.js';
import { resolveKey, type Kms } from '../kms.js';

// RetireGrant by GrantToken, or by KeyId (key ID or ARN) and GrantId (aws-wire.md §4.7).
// Every key state allows it (§4.5). Who may retire (the RetiringPrincipal, or a grantee
// whose grant allows RetireGrant) is the authorization layer's rule.
export async function retireGrant(kms: Kms, input: RetireGrantRequest, context: RequestContext): Promise<void> {
  if (input.GrantToken === undefined && (input.KeyId === undefined || input.GrantId === undefined)) {
    // LocalStack's text (aws-wire.md §4.2).
    throw kmsErrors.validation('Grant token OR (grant ID, key ID) must be specified');
  }
  if (input.GrantToken !== undefined) {
    const grant = await findGrantByToken(kms, context.caller.region, input.GrantToken);
    // An id sent beside the token must name the same grant [INF].
    if (input.GrantId !== undefined && input.GrantId !== grant.grantId) throw grantErrors.unknownGrant(input.GrantId, grant.keyArn);
    if (input.KeyId !== undefined) {
      const named = await resolveKey(kms, context.caller, input.KeyId, 'key-only');
      if (named.keyId !== grant.keyId) throw grantErrors.unknownGrant(grant.grantId, named.arn);
    }
    await context.authorize('kms:RetireGrant', grant.keyArn);
    if (input.DryRun) throw kmsErrors.dryRun();
    if (!(await grantsOf(kms).delete(grant, grant.keyId, grant.grantId))) throw grantErrors.invalidToken();
    return;
  }
  const key = await resolveKey(kms, context.caller, input.KeyId!, 'key-only');
  await context.authorize('kms:RetireGrant', key.arn);
  const grantId = input.GrantId!;
  if (!grantIdPattern.test(grantId)) throw grantErrors.malformedGrantId(grantId);
  if (input.DryRun) {
    if (!(await grantsOf(kms).find(key, key.keyId, grantId))) throw grantErrors.unknownGrant(grantId, key.arn);
    throw kmsErrors.dryRun();
  }
  await retireGrantOf(kms, key, grantId);
}
