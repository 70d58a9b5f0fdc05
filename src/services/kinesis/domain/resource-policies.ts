// Resource-based policies of streams and consumers (PutResourcePolicy, GetResourcePolicy,
// DeleteResourcePolicy): kept as given on the stream's document, and read by the strict
// authorizer for every request on that stream or consumer (services/authorizer.ts), where
// they allow principals their identity policies do not and deny ones they do, as IAM's
// evaluation logic says ("Policy evaluation logic", same account: an allow in either kind
// of policy, and no explicit deny in any). Every stored change of a stream document moves
// Kinesis's policy epoch (create.ts), so decisions cached under an old policy are not used again.
// https://docs.aws.amazon.com/streams/latest/dev/resource-based-policies.html
import type { StorageEngine } from '../../../storage/engine.js';
import type { ResourcePolicySource } from '../../authorizer.js';
import { parsePolicyDocument, PolicyDocumentError } from '../../iam/domain/policy/index.js';
import type { PolicyEpoch } from '../../policy-epoch.js';
import { kinesisErrors } from '../errors.js';
import type { Kinesis } from '../kinesis.js';
import { resourceTargetOf, settingsOf, type ResourceTarget } from './resource-targets.js';
import { streamKey, type StreamDoc } from './streams.js';

/** The policy as a client reads it when the resource has none [INF]: an empty JSON object, where other services with GetResourcePolicy answer it. */
export const noPolicy = '{}';

/** A resource policy must be a valid resource-based policy in the IAM policy language: every statement names a Principal. */
function checkPolicy(text: string): void {
  try {
    parsePolicyDocument(text, { kind: 'resource' });
  } catch (error) {
    // [INF]: no source records Kinesis's wording; IAM's reason is kept.
    if (error instanceof PolicyDocumentError) throw kinesisErrors.invalidArgument(`Invalid resource policy: ${error.reason}`);
    throw error;
  }
}

export async function putResourcePolicy(kinesis: Kinesis, target: ResourceTarget, text: string): Promise<void> {
  checkPolicy(text);
  await kinesis.streams.update(target.stream, (stream) => {
    settingsOf(stream, target, true).resourcePolicy = text;
  });
}

export async function deleteResourcePolicy(kinesis: Kinesis, target: ResourceTarget): Promise<void> {
  await kinesis.streams.update(target.stream, (stream) => {
    delete settingsOf(stream, target, true).resourcePolicy;
  });
}

export async function readResourcePolicy(kinesis: Kinesis, target: ResourceTarget): Promise<string> {
  const stream = await kinesis.streams.get(target.stream);
  return settingsOf(stream, target, false).resourcePolicy ?? noPolicy;
}

/**
 * Read straight from the stored documents, so the authorizer needs no Kinesis service to be
 * made first (Kinesis is given the authorizer): the policy is as stored whatever state the
 * stream is in but DELETING, and a deleted stream's goes with it.
 */
export function kinesisResourcePolicies(engine: StorageEngine, epoch: PolicyEpoch): ResourcePolicySource {
  return {
    async resourcePolicyOf(resourceArn) {
      let target: ResourceTarget;
      try {
        target = resourceTargetOf(resourceArn);
      } catch {
        return undefined;
      }
      const stream = (await engine.getMeta<StreamDoc>(streamKey(target.stream)))?.value;
      if (!stream || stream.status === 'DELETING') return undefined;
      return target.kind === 'stream' ? stream.resourcePolicy : stream.consumers.find((consumer) => consumer.arn === target.arn)?.resourcePolicy;
    },
    policyEpoch: () => epoch.value,
  };
}
