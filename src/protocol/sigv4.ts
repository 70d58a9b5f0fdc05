// SigV4 Authorization header parsing (not verification: that belongs to strict auth).
// Checks and texts follow what AWS answers before dispatch (aws-wire.md §0.1, kinesalite's tests).
import { commonErrors } from './errors.js';

export interface Credential {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

const required = ['Credential', 'Signature', 'SignedHeaders'] as const;

export function parseAuthorization(headers: Record<string, string | undefined>, query: URLSearchParams): Credential {
  const header = headers['authorization'];
  const queryAlgorithm = query.get('X-Amz-Algorithm');
  if (header && queryAlgorithm) {
    throw commonErrors.invalidSignature("Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  }
  if (!header) {
    if (queryAlgorithm) return parseCredential(query.get('X-Amz-Credential') ?? '', `X-Amz-Credential=${query.get('X-Amz-Credential') ?? ''}`);
    throw commonErrors.missingAuthenticationToken();
  }
  const match = /^AWS4-HMAC-SHA256\s+(.*)$/s.exec(header.trim());
  if (!match) {
    throw commonErrors.incompleteSignature(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${header}`);
  }
  const params = new Map<string, string>();
  for (const part of match[1]!.split(',')) {
    const index = part.indexOf('=');
    if (index > 0) params.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
  }
  for (const name of required) {
    if (!params.has(name)) {
      throw commonErrors.incompleteSignature(`Authorization header requires '${name}' parameter. Authorization=${header}`);
    }
  }
  if (!headers['x-amz-date'] && !headers['date']) {
    throw commonErrors.incompleteSignature(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${header}`);
  }
  return parseCredential(params.get('Credential')!, `Authorization=${header}`);
}

function parseCredential(credential: string, shown: string): Credential {
  // Credential=AKID/20150830/us-east-1/kinesis/aws4_request
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !parts[0]) {
    throw commonErrors.incompleteSignature(`Credential should be scoped to a valid region, not '${parts[2] ?? ''}'. ${shown}`);
  }
  return { accessKeyId: parts[0], date: parts[1]!, region: parts[2]!, service: parts[3]! };
}
