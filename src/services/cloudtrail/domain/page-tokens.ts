// LookupEvents' NextToken: opaque and tamper-evident, signed as Kinesis's page tokens are
// (services/page-tokens.ts). It holds where the next page starts and a digest of the
// request's filters, because AWS requires a NextToken to come back "with the same
// parameters that were specified in the original call" and refuses it otherwise
// (API_LookupEvents.html, InvalidNextTokenException).
// Grammar: base64url( HMAC-SHA256(secret, body)[0..16] | body ), body the JSON of PagePosition.
import { createHash } from 'node:crypto';
import type { StorageEngine } from '../../../storage/engine.js';
import { loadSecret, TokenCodec } from '../../page-tokens.js';

export interface PagePosition {
  /** The next page holds records with a lower sequence number than this. */
  beforeSeq: number;
  /** Digest of the filters the token was issued for. */
  filters: string;
}

const secretKey = 'cloudtrail/page-token-secret';

export class PageTokens {
  private readonly codec: TokenCodec;

  constructor(secret: Buffer) {
    this.codec = new TokenCodec(secret, 'base64url');
  }

  static async load(engine: StorageEngine): Promise<PageTokens> {
    return new PageTokens(await loadSecret(engine, secretKey));
  }

  encode(position: PagePosition): string {
    return this.codec.encode(position);
  }

  /** The position, or undefined when this server did not issue the token. */
  decode(text: string): PagePosition | undefined {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
    const position = this.codec.decode(text) as Partial<PagePosition> | undefined;
    if (typeof position !== 'object' || position === null || !Number.isSafeInteger(position.beforeSeq) || typeof position.filters !== 'string') return undefined;
    return position as PagePosition;
  }
}

export function filtersDigest(filters: unknown): string {
  return createHash('sha256').update(JSON.stringify(filters)).digest('base64url').slice(0, 22);
}
