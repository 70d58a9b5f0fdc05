// Opaque, tamper-evident tokens that carry a client's place in a listing or a log (Kinesis
// shard iterators and page tokens, CloudTrail's NextToken): the body is signed with a
// secret the server keeps in its store, so a forged or altered token is refused rather
// than trusted. Grammar of a JSON token: encode( HMAC-SHA256(secret, body)[0..16] | body ).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { StorageEngine } from '../storage/engine.js';
import { isConflict } from './compare-and-set.js';

const macLength = 16;

/** The secret stored under `metaKey`, made on first use; concurrent first uses agree on one. */
export async function loadSecret(engine: StorageEngine, metaKey: string): Promise<Buffer> {
  const existing = await engine.getMeta<string>(metaKey);
  if (existing) return Buffer.from(existing.value, 'base64');
  const secret = randomBytes(32);
  try {
    await engine.putMeta(metaKey, secret.toString('base64'), null);
    return secret;
  } catch (error) {
    if (isConflict(error)) return loadSecret(engine, metaKey);
    throw error;
  }
}

export class TokenCodec {
  constructor(
    private readonly secret: Buffer,
    private readonly encoding: 'base64' | 'base64url',
  ) {}

  /** The first 16 bytes of the body's HMAC-SHA256. */
  mac(body: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(body).digest().subarray(0, macLength);
  }

  encode(position: object): string {
    const body = Buffer.from(JSON.stringify(position), 'utf8');
    return Buffer.concat([this.mac(body), body]).toString(this.encoding);
  }

  /** The JSON value a token holds, or undefined when this server did not issue it. */
  decode(text: string): unknown {
    const bytes = Buffer.from(text, this.encoding);
    if (bytes.length <= macLength) return undefined;
    const body = bytes.subarray(macLength);
    if (!timingSafeEqual(this.mac(body), bytes.subarray(0, macLength))) return undefined;
    try {
      return JSON.parse(body.toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  }
}
