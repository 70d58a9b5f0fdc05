// --auth strict: every request's SigV4 signature is verified against the secret of its
// access key (the account root, an IAM user's key, or an STS session's), in the order
// AWS's front end checks (sigv4.ts), and the caller is whoever owns the key.
// Temporary credentials must come with their session token, and expire.
import type { CredentialStore, ServiceName } from '../services/context.js';
import { sessionTokenMatches } from '../services/iam/credential-store.js';
import type { Authenticate } from './dispatch.js';
import { authErrors, type AuthFlavor } from './errors.js';
import { parseSignature } from './sigv4.js';
import { verifySignature } from './sigv4-verify.js';

const queryServices = new Set<ServiceName>(['iam', 'sts']);

export function flavorOf(service: ServiceName): AuthFlavor {
  return queryServices.has(service) ? 'query' : 'json';
}

export function strictAuthentication(options: { credentials: CredentialStore; now?: () => number }): Authenticate {
  const now = options.now ?? Date.now;
  return async (request, service) => {
    const flavor = flavorOf(service);
    const errors = authErrors[flavor];
    const time = now();
    const parsed = parseSignature(request, { flavor, now: new Date(time), service });
    const found = await options.credentials.find(parsed.accessKeyId);
    if (!found) throw errors.unrecognizedClient();
    verifySignature(request, parsed, found.secretAccessKey, flavor);
    // Temporary credentials need their token; a long-term key signs without one, and a
    // token sent anyway names no session of it.
    if (!sessionTokenMatches(found, parsed.sessionToken)) throw errors.invalidSessionToken();
    if (found.expiresAt !== undefined && time >= found.expiresAt) throw errors.expiredToken();
    return {
      ...found.identity,
      accessKeyId: parsed.accessKeyId,
      region: parsed.region,
      sourceIp: request.remoteAddress,
      secureTransport: request.secure,
      ...(request.headers['user-agent'] !== undefined ? { userAgent: request.headers['user-agent'] } : {}),
    };
  };
}
