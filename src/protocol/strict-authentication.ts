// --auth strict: every request's SigV4 signature is verified against the secret of its
// access key (the account root, an IAM user's key, or an STS session's), in the order
// AWS's front end checks (sigv4.ts), and the caller is whoever owns the key.
// Temporary credentials must come with their session token, and expire.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { CredentialStore, ServiceName } from '../services/context.js';
import type { Authenticate } from './dispatch.js';
import { authErrors, type AuthFlavor } from './errors.js';
import { parseSignature } from './sigv4.js';
import { verifySignature } from './sigv4-verify.js';

const queryServices = new Set<ServiceName>(['iam', 'sts']);

export function flavorOf(service: ServiceName): AuthFlavor {
  return queryServices.has(service) ? 'query' : 'json';
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compared as digests: equal lengths for timingSafeEqual, and no early exit on the first differing byte. */
function sameToken(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

export function strictAuthentication(options: { credentials: CredentialStore; now?: () => number }): Authenticate {
  const now = options.now ?? Date.now;
  return async (request, _credential, service) => {
    const flavor = flavorOf(service);
    const errors = authErrors[flavor];
    const time = now();
    const parsed = parseSignature(request, { flavor, now: new Date(time), service });
    const found = await options.credentials.find(parsed.accessKeyId);
    if (!found) throw errors.unrecognizedClient();
    verifySignature(request, parsed, found.secretAccessKey, flavor);
    if (found.sessionToken !== undefined) {
      if (parsed.sessionToken === undefined || !sameToken(parsed.sessionToken, found.sessionToken)) throw errors.invalidSessionToken();
      if (found.expiresAt !== undefined && time >= found.expiresAt) throw errors.expiredToken();
    } else if (parsed.sessionToken !== undefined) {
      // A long-term key signs without a token; one sent anyway names no session of it.
      throw errors.invalidSessionToken();
    }
    return {
      ...found.identity,
      accessKeyId: parsed.accessKeyId,
      region: parsed.region,
      sourceIp: request.remoteAddress,
      ...(request.headers['user-agent'] !== undefined ? { userAgent: request.headers['user-agent'] } : {}),
    };
  };
}
