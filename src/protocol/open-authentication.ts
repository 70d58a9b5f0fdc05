// --auth open: any well-formed SigV4 request acts as the account's root (DESIGN.md,
// "the account from the access key (in open auth mode, the default account)"). The
// signature is parsed, not verified; the region still comes from its credential scope.
import type { Authenticate } from './dispatch.js';
import { parseAuthorization } from './sigv4.js';

export function openAuthentication(options: { accountId: string; defaultRegion: string }): Authenticate {
  const principalArn = `arn:aws:iam::${options.accountId}:root`;
  return async (request) => {
    const credential = parseAuthorization(request.headers, request.query);
    return {
      accountId: options.accountId,
      principalArn,
      principalType: 'Account',
      principalId: options.accountId,
      accessKeyId: credential.accessKeyId,
      region: credential.region || options.defaultRegion,
      sourceIp: request.remoteAddress,
      ...(request.headers['user-agent'] !== undefined ? { userAgent: request.headers['user-agent'] } : {}),
    };
  };
}
