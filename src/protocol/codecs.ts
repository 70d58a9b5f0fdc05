// The two body codecs of the AWS JSON protocol family (aws-wire.md §0.4, §1.10):
// AWS JSON 1.1 and the CBOR 1.1 variant the Java SDK and the KCL speak by default.
import { Decoder, Encoder, addExtension } from 'cbor-x';
import { commonErrors } from './errors.js';
import { CborTimestamp, type Codec, type ShapeEngine } from './shapes.js';

export interface BodyCodec {
  readonly codec: Codec;
  readonly contentType: string;
  /** Bytes -> document; a body that is not an object is SerializationException. */
  parse(body: Buffer): Record<string, unknown>;
  serialize(document: unknown): Buffer;
}

export const jsonCodec: BodyCodec = {
  codec: 'json',
  contentType: 'application/x-amz-json-1.1',
  parse(body) {
    let document: unknown;
    try {
      document = JSON.parse(body.toString('utf8'));
    } catch {
      throw commonErrors.serialization();
    }
    if (typeof document !== 'object' || document === null || Array.isArray(document)) throw commonErrors.serialization();
    return document as Record<string, unknown>;
  },
  serialize(document) {
    // Errors and small documents only: answers of an operation are written by encodeJson.
    return Buffer.from(JSON.stringify(document), 'utf8');
  },
};

/**
 * The body of an answer or event of shape `shapeName` in the codec's format, `{}` for no
 * value: JSON written straight to bytes by the shape engine, CBOR through its encoder.
 */
export function encodeBody(codec: BodyCodec, shapes: ShapeEngine, shapeName: string, value: unknown): Buffer {
  return codec.codec === 'json' ? shapes.encodeJson(shapeName, value) : codec.serialize(shapes.encode(shapeName, value, codec.codec) ?? {});
}

// Tag 1 carries integer epoch milliseconds both ways, against RFC 8949's seconds,
// because that is what the Java SDK sends and expects (aws-sdk-java-v2#4661).
addExtension({
  Class: CborTimestamp,
  tag: 1,
  encode(instance: CborTimestamp, encode: (value: unknown) => Uint8Array) {
    // A BigInt, or cbor-x would write integers past 2^32 as float64, which breaks the Java SDK.
    return encode(BigInt(instance.millis));
  },
  decode(value: unknown) {
    // A value below 1e11 cannot be milliseconds of any date after 1973: such a client
    // followed RFC 8949 and sent seconds.
    return new CborTimestamp(typeof value === 'number' ? Math.round(value < 1e11 ? value * 1000 : value) : Number(value));
  },
});

const cborDecoder = new Decoder({ mapsAsObjects: true, useRecords: false, int64AsNumber: true } as ConstructorParameters<typeof Decoder>[0]);
const cborEncoder = new Encoder({ mapsAsObjects: true, useRecords: false, tagUint8Array: false } as ConstructorParameters<typeof Encoder>[0]);

export const cborCodec: BodyCodec = {
  codec: 'cbor',
  contentType: 'application/x-amz-cbor-1.1',
  parse(body) {
    let document: unknown;
    try {
      document = cborDecoder.decode(body);
    } catch {
      throw commonErrors.serialization();
    }
    if (typeof document !== 'object' || document === null || Array.isArray(document) || Buffer.isBuffer(document)) {
      throw commonErrors.serialization();
    }
    return document as Record<string, unknown>;
  },
  serialize(document) {
    return cborEncoder.encode(document);
  },
};

export function codecFor(contentType: string | undefined): BodyCodec | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-amz-json-1.1' || type === 'application/x-amz-json-1.0' || type === 'application/json') return jsonCodec;
  if (type === 'application/x-amz-cbor-1.1') return cborCodec;
  return undefined;
}
