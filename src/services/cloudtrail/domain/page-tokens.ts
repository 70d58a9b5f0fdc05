// LookupEvents' NextToken: opaque and tamper-evident like Kinesis's page tokens
// (kinesis/domain/iterators.ts). It holds where the next page starts and a digest of the
// request's filters, because AWS requires a NextToken to come back "with the same
// parameters that were specified in the original call" and refuses it otherwise
// (API_LookupEvents.html, InvalidNextTokenException).
// Grammar: base64url( HMAC-SHA256(secret, body)[0..16] | body ), body the JSON of PagePosition.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { InternalError } from '../../errors.js';
import { storageErrorCodes, type StorageEngine } from '../../../storage/engine.js';

export interface PagePosition {
  /** The next page holds records with a lower sequence number than this. */
  beforeSeq: number;
  /** Digest of the filters the token was issued for. */
  filters: string;
}

const macLength = 16;
const secretKey = 'cloudtrail/page-token-secret';

export class PageTokens {
  constructor(private readonly secret: Buffer) {}

  static async load(engine: StorageEngine): Promise<PageTokens> {
    const existing = await engine.getMeta<string>(secretKey);
    if (existing) return new PageTokens(Buffer.from(existing.value, 'base64'));
    const secret = randomBytes(32);
    try {
      await engine.putMeta(secretKey, secret.toString('base64'), null);
      return new PageTokens(secret);
    } catch (error) {
      if (error instanceof InternalError && error.code === storageErrorCodes.conflict) return PageTokens.load(engine);
      throw error;
    }
  }

  encode(position: PagePosition): string {
    const body = Buffer.from(JSON.stringify(position), 'utf8');
    return Buffer.concat([this.#mac(body), body]).toString('base64url');
  }

  /** The position, or undefined when this server did not issue the token. */
  decode(text: string): PagePosition | undefined {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
    const bytes = Buffer.from(text, 'base64url');
    if (bytes.length <= macLength) return undefined;
    const body = bytes.subarray(macLength);
    if (!timingSafeEqual(this.#mac(body), bytes.subarray(0, macLength))) return undefined;
    try {
      const position = JSON.parse(body.toString('utf8')) as Partial<PagePosition>;
      if (!Number.isSafeInteger(position.beforeSeq) || typeof position.filters !== 'string') return undefined;
      return position as PagePosition;
    } catch {
      return undefined;
    }
  }

  #mac(body: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(body).digest().subarray(0, macLength);
  }
}

export function filtersDigest(filters: unknown): string {
  return createHash('sha256').update(JSON.stringify(filters)).digest('base64url').slice(0, 22);
}
