// Shard iterators are opaque to clients (aws-wire.md §1.3, §1.6): a position in one
// shard of one incarnation of a stream, valid for 5 minutes, reusable, and protected by
// an HMAC so a forged or altered iterator is "Invalid ShardIterator.".
//
// Grammar: base64( 0x01 | issued-at ms u64 BE | after-counter u64 BE | shard index u32 BE |
//                  stream uuid (16 bytes) | account (12 ASCII digits) | region length u8 | region |
//                  stream name UTF-8 | HMAC-SHA256 of everything before, first 16 bytes )
import { timingSafeEqual } from 'node:crypto';
import { TokenCodec } from '../../page-tokens.js';
import { bytesToUuid, uuidToBytes } from '../../uuid.js';

export const iteratorLifetimeMs = 300_000;

export interface IteratorPosition {
  streamUuid: string;
  streamName: string;
  accountId: string;
  region: string;
  shardIndex: number;
  /** Records with a counter above this are next. */
  afterCounter: number;
  issuedAt: number;
}

const macLength = 16;

export class IteratorCodec {
  private readonly tokens: TokenCodec;

  constructor(secret: Buffer) {
    this.tokens = new TokenCodec(secret, 'base64');
  }

  encode(position: IteratorPosition): string {
    const name = Buffer.from(position.streamName, 'utf8');
    const region = Buffer.from(position.region, 'ascii');
    const body = Buffer.alloc(1 + 8 + 8 + 4 + 16 + 12 + 1 + region.length + name.length);
    let offset = body.writeUInt8(1, 0);
    offset = body.writeBigUInt64BE(BigInt(position.issuedAt), offset);
    offset = body.writeBigUInt64BE(BigInt(position.afterCounter), offset);
    offset = body.writeUInt32BE(position.shardIndex, offset);
    offset += uuidToBytes(position.streamUuid).copy(body, offset);
    offset += body.write(position.accountId, offset, 'ascii');
    offset = body.writeUInt8(region.length, offset);
    offset += region.copy(body, offset);
    name.copy(body, offset);
    return Buffer.concat([body, this.mac(body)]).toString('base64');
  }

  /** The position, or undefined when the text is not an iterator this server issued. */
  decode(text: string): IteratorPosition | undefined {
    // AWS accepts an iterator wrapped in literal double quotes (aws-wire.md §1.3).
    const unquoted = text.length > 1 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(unquoted)) return undefined;
    const bytes = Buffer.from(unquoted, 'base64');
    if (bytes.length < 1 + 8 + 8 + 4 + 16 + 12 + 1 + macLength || bytes[0] !== 1) return undefined;
    const body = bytes.subarray(0, bytes.length - macLength);
    if (!timingSafeEqual(this.mac(body), bytes.subarray(bytes.length - macLength))) return undefined;
    const regionLength = body.readUInt8(49);
    return {
      issuedAt: Number(body.readBigUInt64BE(1)),
      afterCounter: Number(body.readBigUInt64BE(9)),
      shardIndex: body.readUInt32BE(17),
      streamUuid: bytesToUuid(body.subarray(21, 37)),
      accountId: body.toString('ascii', 37, 49),
      region: body.toString('ascii', 50, 50 + regionLength),
      streamName: body.toString('utf8', 50 + regionLength),
    };
  }

  /**
   * Page tokens (ListShards, ListStreamConsumers) are protected with the same secret, so a
   * client cannot forge a position. Grammar: base64( HMAC-SHA256(secret, body)[0..16] | body ),
   * body the JSON of the page's position.
   */
  encodeToken(position: object): string {
    return this.tokens.encode(position);
  }

  /** The position a page token holds, or undefined when this server did not issue it. */
  decodeToken<T>(text: string): T | undefined {
    return this.tokens.decode(text) as T | undefined;
  }

  private mac(body: Buffer): Buffer {
    return this.tokens.mac(body);
  }
}
