// A second guard behind audit-view.ts, which already hides every member the models mark
// sensitive. Some secrets are not marked: STS's Credentials.SessionToken is a plain
// string in the model, and a model may change. Members named here are hidden wherever
// they appear, and record payloads of Kinesis and Firehose are dropped whole: the trail
// says that a call happened, never what data it carried.
import { hidden } from '../../../protocol/audit-view.js';
import type { ServiceName } from '../../context.js';

// camelCase, as the audit view names members.
const secretMembers: ReadonlySet<string> = new Set([
  'secretAccessKey', 'sessionToken', 'plaintext', 'privateKeyPlaintext', 'password', 'newPassword', 'oldPassword',
  'keyStorePassword', 'privateKey', 'serviceSpecificCredentialSecret', 'servicePassword', 'sAMLAssertion', 'webIdentityToken',
  'xksProxyAuthenticationCredential',
]);

const payloadMembers: ReadonlySet<string> = new Set(['data', 'records', 'record']);
const payloadServices: ReadonlySet<ServiceName> = new Set(['kinesis', 'firehose']);

export function withoutSecrets(service: ServiceName, value: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  return scrub(value, payloadServices.has(service)) as Record<string, unknown>;
}

function scrub(value: unknown, dropPayloads: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => scrub(item, dropPayloads));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [member, item] of Object.entries(value as Record<string, unknown>)) {
    if (dropPayloads && payloadMembers.has(member)) continue;
    out[member] = secretMembers.has(member) && item !== undefined && item !== null ? hidden : scrub(item, dropPayloads);
  }
  return out;
}
