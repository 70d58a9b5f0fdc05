// The IAM policy language: parse and validate documents, evaluate requests, cache decisions.
// Pure: no storage, no I/O; the authorizer passes the policies in.
export { parsePolicyDocument, type ParsePolicyOptions, type Policy, type PolicyKind, type Statement } from './document.js';
export { PolicyDocumentError, policyErrorReasons } from './errors.js';
export {
  accessDeniedMessage,
  evaluate,
  type AllowSource,
  type AuthorizationQuery,
  type AuthorizationRequest,
  type Decision,
  type DenyReason,
  type Outcome,
  type PolicySet,
} from './evaluate.js';
export { DecisionCache, type DecisionCacheOptions, type DecisionCacheStats } from './cache.js';
export { principalConditionValues, rootArn, timeDependentKeys, type ConditionValue, type ConditionValues, type Principal } from './context.js';
