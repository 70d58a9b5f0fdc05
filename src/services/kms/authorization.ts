// What the authorizer (services/authorizer.ts) reads of KMS: a key's policy and its
// grants. A grant allows its grantee the operations it lists, within its encryption-context
// constraints (AWS KMS Developer Guide, "Grants in AWS KMS", "Grant constraints"):
// EncryptionContextEquals must equal the request's context exactly; EncryptionContextSubset
// must be contained in it.
import type { Caller, ConditionValues } from '../context.js';
import type { KeyPolicySource } from '../authorizer.js';
import { grantsOf, type GrantDoc } from './domain/grants.js';
import type { Kms } from './kms.js';

const keyArnPattern = /^arn:aws[a-z-]*:kms:([^:]*):(\d{12}):key\/(.+)$/;
const contextPrefix = 'kms:encryptioncontext:';

/** The request's encryption context, read back from its kms:EncryptionContext:<key> condition keys. */
function encryptionContextOf(conditions: ConditionValues): Map<string, string> {
  const context = new Map<string, string>();
  for (const [name, value] of Object.entries(conditions)) {
    if (typeof value !== 'string' || name.length <= contextPrefix.length || name.slice(0, contextPrefix.length).toLowerCase() !== contextPrefix) continue;
    context.set(name.slice(contextPrefix.length), value);
  }
  return context;
}

function withinConstraints(grant: GrantDoc, context: Map<string, string>): boolean {
  const equals = grant.constraints?.EncryptionContextEquals;
  if (equals) {
    const entries = Object.entries(equals);
    if (entries.length !== context.size || entries.some(([key, value]) => context.get(key) !== value)) return false;
  }
  const subset = grant.constraints?.EncryptionContextSubset;
  if (subset && Object.entries(subset).some(([key, value]) => context.get(key) !== value)) return false;
  return true;
}

export function kmsKeyPolicies(kms: Kms): KeyPolicySource {
  const addressOf = (keyArn: string) => {
    const match = keyArnPattern.exec(keyArn);
    return match ? { region: match[1]!, accountId: match[2]!, keyId: match[3]! } : undefined;
  };
  return {
    async keyPolicyOf(keyArn) {
      const address = addressOf(keyArn);
      return address ? (await kms.keys.find(address, address.keyId))?.policy : undefined;
    },
    async grantAllows(caller: Caller, action, keyArn, conditions) {
      const address = addressOf(keyArn);
      if (!address || !action.toLowerCase().startsWith('kms:')) return false;
      const operation = action.slice(4);
      const grantees = new Set([caller.principalArn, ...(caller.roleArn ? [caller.roleArn] : [])]);
      const context = encryptionContextOf(conditions);
      for (const grant of await grantsOf(kms).listForKey(address, address.keyId)) {
        if (grantees.has(grant.granteePrincipal) && grant.operations.includes(operation) && withinConstraints(grant, context)) return true;
      }
      return false;
    },
    policyEpoch: () => kms.policyEpoch.value,
  };
}
