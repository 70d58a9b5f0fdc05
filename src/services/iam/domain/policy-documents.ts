// Policy documents as IAM accepts them: JSON text, an object with a Statement. The full
// grammar (Version, Effect, Action/NotAction, Resource, Condition operators) is the policy
// engine's to check: createIam takes its validator in place of this one.
import { iamErrors } from '../errors.js';

/** Throws MalformedPolicyDocument for a document IAM would refuse. */
export type PolicyValidator = (document: string, kind: 'identity' | 'trust') => void;

export const validatePolicySyntax: PolicyValidator = (document) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw iamErrors.malformedPolicy();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw iamErrors.malformedPolicy();
  const statement = (parsed as Record<string, unknown>)['Statement'];
  if (typeof statement !== 'object' || statement === null) throw iamErrors.malformedPolicy();
};
