// --auth strict: the one Authorizer every operation asks (services/context.ts), deciding
// as AWS does (IAM User Guide, "Policy evaluation logic"): the caller's identity-based
// policies, the resource's own policy where it has one (a KMS key's key policy, which must
// allow, directly or by delegating to the account; a role's trust policy for
// sts:AssumeRole; a stream's or consumer's resource policy, which may allow or deny), and
// KMS grants. Decisions are cached per policy epoch, so the data
// path (every PutRecords to an encrypted stream asks kms:GenerateDataKey) costs a map
// lookup, and any policy, grant or identity change takes effect on the next request.
import type { Logger } from 'pino';
import type { Authorizer, Caller, ConditionValues, Identity } from './context.js';
import { AwsError } from './errors.js';
import type { IamCredentialStore } from './iam/credential-store.js';
import {
  accessDeniedMessage,
  DecisionCache,
  parsePolicyDocument,
  principalConditionValues,
  rootArn,
  type AuthorizationQuery,
  type Policy,
  type PolicyKind,
  type PolicySet,
  type Principal,
} from './iam/domain/policy/index.js';

/** What IAM knows: the policies of identities and roles. */
export interface IdentityPolicySource {
  /** The identity-based policy documents that apply: a user's inline and attached ones, a role session's role's. */
  policiesOf(identity: Identity): Promise<string[]>;
  /** A role's trust policy document, undefined when there is no such role. */
  trustPolicyOf(roleArn: string): Promise<string | undefined>;
  /** Moves on whenever any of the above changes. */
  policyEpoch(): number;
}

/** What KMS knows: key policies and grants. */
export interface KeyPolicySource {
  /** The policy of the key with this ARN, undefined when it is not a key of this server. */
  keyPolicyOf(keyArn: string): Promise<string | undefined>;
  /** Whether a grant on the key lets this caller perform the action with these encryption-context condition keys. */
  grantAllows(caller: Caller, action: string, keyArn: string, conditions: ConditionValues): Promise<boolean>;
  policyEpoch(): number;
}

/** What Kinesis knows: the resource-based policies of streams and consumers. */
export interface ResourcePolicySource {
  /** The policy of the stream or consumer with this ARN, undefined when it has none or is no resource of this server. */
  resourcePolicyOf(resourceArn: string): Promise<string | undefined>;
  policyEpoch(): number;
}

/** IAM's credential store as the authorizer reads it. */
export function identityPolicies(store: IamCredentialStore): IdentityPolicySource {
  return {
    policiesOf: async (identity) => (await store.policiesFor(identity)).map((policy) => policy.document),
    trustPolicyOf: (roleArn) => store.trustPolicy(roleArn),
    policyEpoch: () => store.policyEpoch(),
  };
}

export interface PolicyAuthorizerOptions {
  identities: IdentityPolicySource;
  keys?: KeyPolicySource;
  /** Streams' and consumers' resource policies; without it only identity policies judge Kinesis resources. */
  streams?: ResourcePolicySource;
  log: Logger;
  now?: () => number;
}

// A key's own ARN; `key/*` (CreateKey, ListKeys) names no key, so only identity policies answer.
const keyArnPattern = /^arn:aws[a-z-]*:kms:[^:]*:(\d{12}):key\/[^*]+$/;
const roleArnPattern = /^arn:aws[a-z-]*:iam::(\d{12}):role\//;
// A stream's or consumer's own ARN; `stream/*` (ListStreams) names none.
const kinesisResourcePattern = /^arn:aws[a-z-]*:kinesis:[^:]*:(\d{12}):stream\/[a-zA-Z0-9_.-]+(?:\/consumer\/[a-zA-Z0-9_.-]+:\d+)?$/;
const maxCompiledPolicies = 2000;

/** The principal as the policy engine sees it. An AWS service acting on its own (Firehose) is its service account's root. */
export function principalOf(caller: Caller): Principal {
  switch (caller.principalType) {
    case 'User':
      return { arn: caller.principalArn, type: 'IAMUser', accountId: caller.accountId };
    case 'AssumedRole':
      return { arn: caller.principalArn, type: 'AssumedRole', accountId: caller.accountId, ...(caller.roleArn ? { roleArn: caller.roleArn } : {}) };
    default:
      return { arn: rootArn(caller.accountId), type: 'Root', accountId: caller.accountId };
  }
}

/** aws:SourceIp without the IPv4-mapped IPv6 prefix Node reports for IPv4 peers on dual-stack sockets. */
function sourceIpOf(caller: Caller): string {
  return caller.sourceIp.startsWith('::ffff:') ? caller.sourceIp.slice(7) : caller.sourceIp;
}

export function createPolicyAuthorizer(options: PolicyAuthorizerOptions): Authorizer {
  const { identities, keys, streams } = options;
  const now = options.now ?? Date.now;
  const cache = new DecisionCache();
  const compiled = new Map<string, Policy>();

  const compile = (text: string, kind: PolicyKind): Policy | undefined => {
    const cacheKey = `${kind}\n${text}`;
    let policy = compiled.get(cacheKey);
    if (!policy) {
      try {
        policy = parsePolicyDocument(text, { kind });
      } catch (error) {
        // Stored policies were validated when written; one that no longer parses (written by
        // an older version) grants nothing rather than failing every request.
        options.log.warn({ err: error, kind }, 'a stored policy does not parse; it allows nothing');
        return undefined;
      }
      if (compiled.size >= maxCompiledPolicies) compiled.delete(compiled.keys().next().value!);
      compiled.set(cacheKey, policy);
    }
    return policy;
  };

  return (caller, action, resourceArn, conditions) => {
    const principal = principalOf(caller);
    const time = now();
    const context: Record<string, string | string[]> = {
      ...principalConditionValues(principal, caller.principalId),
      'aws:SourceIp': sourceIpOf(caller),
      'aws:RequestedRegion': caller.region,
      'aws:SecureTransport': caller.secureTransport ? 'true' : 'false',
      'aws:CurrentTime': new Date(time).toISOString(),
      'aws:EpochTime': String(Math.floor(time / 1000)),
      ...conditions,
    };
    if (action.startsWith('kms:')) context['kms:CallerAccount'] = caller.accountId;

    const keyMatch = keyArnPattern.exec(resourceArn);
    const roleMatch = action.toLowerCase() === 'sts:assumerole' ? roleArnPattern.exec(resourceArn) : null;
    const streamMatch = streams ? kinesisResourcePattern.exec(resourceArn) : null;
    const query: AuthorizationQuery = { principal, action, resource: resourceArn, context };
    // With an external KMS (--kms-endpoint) the key policy lives there and is judged there.
    if (keyMatch && keys) {
      query.isResourcePolicyRequired = true;
      query.resourceAccountId = keyMatch[1]!;
    } else if (roleMatch) {
      query.isResourcePolicyRequired = true;
      query.resourceAccountId = roleMatch[1]!;
    } else if (streamMatch) {
      // Not required: within the account an allow in the identity policies is enough.
      query.resourceAccountId = streamMatch[1]!;
    }
    const epoch = identities.policyEpoch() + (keys?.policyEpoch() ?? 0) + (streams?.policyEpoch() ?? 0);
    // A question already answered yes, the data path's usual one, is answered at once.
    const known = cache.get(query, epoch);
    if (known?.allowed) return;
    return (async () => {
      // Made only here: a remembered allowance, answered above, never loads policies.
      const load = async (): Promise<PolicySet> => {
        const identityTexts = principal.type === 'Root' ? [] : await identities.policiesOf(caller);
        const identityPolicies = identityTexts.map((text) => compile(text, 'identity')).filter((policy): policy is Policy => policy !== undefined);
        let text: string | undefined;
        if (keyMatch && keys) text = await keys.keyPolicyOf(resourceArn);
        else if (roleMatch) text = await identities.trustPolicyOf(resourceArn);
        else if (streamMatch) text = await streams!.resourcePolicyOf(resourceArn);
        const resourcePolicy = text === undefined ? undefined : compile(text, keyMatch ? 'key' : roleMatch ? 'trust' : 'resource');
        return { identityPolicies, ...(resourcePolicy ? { resourcePolicy } : {}) };
      };
      let decision = known ?? (await cache.evaluateAsync(query, epoch, load));
      // Grants are looked up only when the policies alone refuse: the data path's usual
      // question (a producer's kms:GenerateDataKey allowed by policy) never reads them.
      // An explicit deny still wins over a grant.
      if (!decision.allowed && keyMatch && keys && !decision.reason.startsWith('explicit-deny') && (await keys.grantAllows(caller, action, resourceArn, context))) {
        decision = await cache.decideAsync({ ...query, grantAllows: true }, epoch, load);
      }
      if (!decision.allowed) {
        throw new AwsError('AccessDeniedException', accessDeniedMessage(caller.principalArn, action, resourceArn, decision.reason), { messageKey: 'Message' });
      }
    })();
  };
}
