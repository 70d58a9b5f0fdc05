// Key policies are stored and returned faithfully (aws-wire.md §4.8); enforcing them is
// the authorization layer's work.
import { kmsErrors } from '../errors.js';
import type { KeyAddress } from './keys.js';
import { evaluate, parsePolicyDocument, PolicyDocumentError, type Policy } from '../../iam/domain/policy/index.js';
import { principalOf } from '../../authorizer.js';
import type { Caller } from '../../context.js';

export function defaultKeyPolicy(address: KeyAddress): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${address.accountId}:root` }, Action: 'kms:*', Resource: '*' }],
    },
    null,
    2,
  );
}

// Printable ASCII plus tab, LF, CR and U+00A1–U+00FF (the model's pattern); 32 KiB is the documented quota.
const allowedCharacters = /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]+$/;
const maxPolicyBytes = 32 * 1024;

/**
 * A key policy must be a valid resource policy in the IAM policy language (every statement
 * with a Principal); MalformedPolicyDocumentException with the reason otherwise.
 */
export function parsePolicy(policy: string): Policy {
  if (!allowedCharacters.test(policy)) throw kmsErrors.malformedPolicy('The policy contains characters that are not allowed.');
  if (Buffer.byteLength(policy, 'utf8') > maxPolicyBytes) throw kmsErrors.limitExceeded('The key policy exceeds the 32 KiB limit.');
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch {
    throw kmsErrors.malformedPolicy('The new key policy will not allow you to update the key policy in the future.');
  }
  if (typeof document !== 'object' || document === null || !('Statement' in document)) {
    throw kmsErrors.malformedPolicy('Policy is missing required element - Statement');
  }
  try {
    return parsePolicyDocument(policy, { kind: 'key' });
  } catch (error) {
    if (error instanceof PolicyDocumentError) throw kmsErrors.malformedPolicy(error.reason);
    throw error;
  }
}

/**
 * KMS's policy lockout safety check (PutKeyPolicy and CreateKey, "BypassPolicyLockoutSafetyCheck"):
 * unless the caller bypasses it, a new key policy must still let the caller change the key
 * policy later, by naming the caller or its account (whose IAM policies then decide).
 * An explicit Deny of kms:PutKeyPolicy for the caller fails it too.
 */
export function ensureNoLockout(policy: Policy, caller: Caller, keyArn: string): void {
  const decision = evaluate({
    principal: principalOf(caller),
    action: 'kms:PutKeyPolicy',
    resource: keyArn,
    context: { 'kms:CallerAccount': caller.accountId, 'aws:PrincipalArn': caller.principalArn, 'aws:PrincipalAccount': caller.accountId },
    isResourcePolicyRequired: true,
    identityPolicies: [],
    resourcePolicy: policy,
  });
  // "no-identity-allow": the policy delegates to the account, so the caller's IAM policies decide, as AWS lets them.
  if (!decision.allowed && decision.reason !== 'no-identity-allow') {
    throw kmsErrors.malformedPolicy('The new key policy will not allow you to update the key policy in the future.');
  }
}
