// Shorthands for the policy-language unit tests: documents from objects, the usual callers.
import { evaluate, parsePolicyDocument, type Decision, type Policy, type PolicyKind, type Principal } from '../../src/services/iam/domain/policy/index.js';

export const account = '111122223333';
export const otherAccount = '444455556666';
export const region = 'us-east-1';
export const keyArn = `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const streamArn = (name: string, inAccount = account): string => `arn:aws:kinesis:${region}:${inAccount}:stream/${name}`;

export const root: Principal = { arn: `arn:aws:iam::${account}:root`, type: 'Root', accountId: account };
export const bob: Principal = { arn: `arn:aws:iam::${account}:user/bob`, type: 'IAMUser', accountId: account };
export const alice: Principal = { arn: `arn:aws:iam::${account}:user/alice`, type: 'IAMUser', accountId: account };
export const producerRoleArn = `arn:aws:iam::${account}:role/apps/producer`;
export const producerSession: Principal = {
  arn: `arn:aws:sts::${account}:assumed-role/producer/session-1`,
  type: 'AssumedRole',
  accountId: account,
  roleArn: producerRoleArn,
};
export const stranger: Principal = { arn: `arn:aws:iam::${otherAccount}:user/eve`, type: 'IAMUser', accountId: otherAccount };

export function policy(document: unknown, kind: PolicyKind = 'identity'): Policy {
  return parsePolicyDocument(JSON.stringify(document), { kind });
}

/** An identity policy of one Allow statement. */
export function allow(action: string | string[], resource: string | string[], extra: Record<string, unknown> = {}): Policy {
  return policy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...extra }] });
}

/** An identity policy of one Deny statement. */
export function deny(action: string | string[], resource: string | string[], extra: Record<string, unknown> = {}): Policy {
  return policy({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: action, Resource: resource, ...extra }] });
}

/** Evaluates an identity-only request. */
export function decideFor(principal: Principal, action: string, resource: string, identityPolicies: Policy[], context: Record<string, string | string[]> = {}): Decision {
  return evaluate({ principal, action, resource, identityPolicies, context });
}
