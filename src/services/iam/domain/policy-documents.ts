// Policy documents as IAM accepts them: the IAM policy language, checked by the policy
// engine (domain/policy/), with IAM's MalformedPolicyDocument texts. Managed policies
// (CreatePolicy, CreatePolicyVersion) must say Version 2012-10-17; inline ones need not.
import { iamErrors } from '../errors.js';
import { parsePolicyDocument, PolicyDocumentError } from './policy/index.js';

/** Throws MalformedPolicyDocument for a document IAM would refuse. */
export function validatePolicyDocument(document: string, kind: 'identity' | 'managed' | 'trust'): void {
  try {
    parsePolicyDocument(document, kind === 'managed' ? { kind: 'identity', requireCurrentVersion: true } : { kind });
  } catch (error) {
    if (error instanceof PolicyDocumentError) throw iamErrors.malformedPolicy(error.reason);
    throw error;
  }
}
