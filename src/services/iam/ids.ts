// Identifiers shaped as AWS shapes them (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids):
// a four-letter prefix naming the kind (AIDA user, AROA role, ANPA managed policy,
// AKIA access key, ASIA temporary access key) and upper-case letters and digits 2–7;
// unique ids are 21 characters, access key ids 20, secret access keys 40 (base64 alphabet).
import { takeRandom } from '../../crypto/random.js';

const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomBase32(length: number): string {
  const bytes = takeRandom(length);
  let out = '';
  for (const byte of bytes) out += base32[byte & 31];
  return out;
}

export type UniqueIdPrefix = 'AIDA' | 'AROA' | 'ANPA';

export function uniqueId(prefix: UniqueIdPrefix): string {
  return prefix + randomBase32(17);
}

export function accessKeyId(prefix: 'AKIA' | 'ASIA'): string {
  return prefix + randomBase32(16);
}

export function secretAccessKey(): string {
  // 30 random bytes are exactly 40 base64 characters, no padding.
  return takeRandom(30).toString('base64');
}

/** An STS session token: opaque, long, base64 as AWS's are; only its SHA-256 is kept. */
export function sessionToken(): string {
  return takeRandom(192).toString('base64');
}
