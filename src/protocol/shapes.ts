// The one shape engine: turns a decoded wire document into typed input (blobs as
// Buffers, timestamps as Dates), checks it against the model's constraints, and
// turns typed output back into the wire document. Error texts follow what AWS's
// front end prints (aws-wire.md §0.1, §0.3; kinesalite's recorded tests).
import { validationException, type AwsError } from '../services/errors.js';
import { commonErrors } from './errors.js';
import type { ServiceModel, Shape } from './model.js';

export type Codec = 'json' | 'cbor';

/** What the CBOR decoder yields for tag 1: integer epoch milliseconds (aws-wire.md §0.4). */
export class CborTimestamp {
  constructor(readonly millis: number) {}
}

const base64Alphabet = /[^A-Za-z0-9+/=]|=[^=]/;

function typeError(message: string): AwsError {
  return commonErrors.serialization(message);
}

function describeWrongType(value: unknown, expected: string): AwsError {
  if (Array.isArray(value)) return typeError('Start of list found where not expected');
  if (typeof value === 'object') return typeError('Start of structure or map found where not expected.');
  if (typeof value === 'boolean') return typeError(`class java.lang.Boolean can not be converted to an ${expected}`);
  if (typeof value === 'number') return typeError(`class java.math.BigDecimal can not be converted to an ${expected}`);
  return typeError(`class java.lang.String can not be converted to an ${expected}`);
}

/** Strict base64: Node's Buffer.from silently skips bad characters, AWS does not (aws-wire.md §5.1 item 9). */
export function decodeBase64Strict(text: string): Buffer {
  const bytes = Buffer.from(text, 'base64');
  if (isCanonicalBase64(text, bytes)) return bytes;
  if (text.length % 4 !== 0) {
    throw typeError(`'${text}' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}`);
  }
  const bad = base64Alphabet.exec(text);
  if (bad) throw typeError(`'${text}' can not be converted to a Blob: Invalid Base64 character: '${bad[0][0]}'`);
  throw typeError(`'${text}' can not be converted to a Blob: Invalid last non-pad Base64 character dectected`);
}

const base64Digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const equalsSign = 0x3d;

/**
 * Whether `text` is the padded standard base64 of `bytes`, Node's decoding of it, without
 * encoding `bytes` again. Node skips every character outside its alphabet and stops at an
 * '=', so any such character leaves fewer bytes than the length promises: with n = length
 * less padding, n % 4 is 0, 2 or 3, where one character fewer always means one byte fewer.
 * What Node does read but AWS does not: base64url's '-' and '_', and a UTF-16 code unit
 * past U+00FF, which Node 20 reads by its low byte ('\u0141' as 'A'). Last, the character
 * before the padding must leave its unused bits zero ('QQ==', not 'QR==').
 */
function isCanonicalBase64(text: string, bytes: Buffer): boolean {
  const length = text.length;
  if (length % 4 !== 0) return false;
  const padding = length === 0 || text.charCodeAt(length - 1) !== equalsSign ? 0 : text.charCodeAt(length - 2) === equalsSign ? 2 : 1;
  if (bytes.length !== (length / 4) * 3 - padding) return false;
  if (text.includes('-') || text.includes('_') || Buffer.byteLength(text, 'utf8') !== length) return false;
  if (padding === 0) return true;
  const last = bytes[bytes.length - 1]!;
  return padding === 2 ? text[length - 3] === base64Digits[(last & 0x03) << 4] : text[length - 2] === base64Digits[(last & 0x0f) << 2];
}

export class ShapeEngine {
  private readonly patterns = new Map<string, RegExp | null>();

  constructor(readonly model: ServiceModel) {}

  shape(name: string): Shape {
    const shape = this.model.shapes[name];
    if (!shape) throw new Error(`unknown shape ${name}`);
    return shape;
  }

  // ---- decoding: wire document -> typed value, SerializationException on a wrong type

  decode(shapeName: string, value: unknown, codec: Codec): unknown {
    // JSON null equals an absent member (aws-wire.md §0.1).
    if (value === null || value === undefined) return undefined;
    const shape = this.shape(shapeName);
    switch (shape.type) {
      case 'structure': {
        if (typeof value !== 'object' || Array.isArray(value) || Buffer.isBuffer(value) || value instanceof CborTimestamp) {
          if (Array.isArray(value)) throw typeError('Start of list found where not expected');
          throw typeError('Expected null');
        }
        const out: Record<string, unknown> = {};
        const input = value as Record<string, unknown>;
        // Unknown members are ignored (aws-wire.md §0.1).
        for (const [member, ref] of Object.entries(shape.members ?? {})) {
          const decoded = this.decode(ref.shape, input[member], codec);
          if (decoded !== undefined) out[member] = decoded;
        }
        return out;
      }
      case 'list': {
        if (!Array.isArray(value)) {
          if (typeof value === 'object' && !Buffer.isBuffer(value)) throw typeError('Start of structure or map found where not expected.');
          throw typeError('Expected list or null');
        }
        return value.map((item) => this.decode(shape.member!.shape, item, codec) ?? null);
      }
      case 'map': {
        if (typeof value !== 'object' || Buffer.isBuffer(value)) throw typeError('Expected map or null');
        if (Array.isArray(value)) throw typeError('Start of list found where not expected');
        const out: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
          out[key] = this.decode(shape.value!.shape, item, codec) ?? null;
        }
        return out;
      }
      case 'string':
        if (typeof value !== 'string') throw describeWrongType(value, 'String');
        return value;
      case 'boolean':
        if (typeof value === 'boolean') return value;
        if (typeof value === 'string') throw typeError(`'${value.toUpperCase()}' can not be converted to an Boolean`);
        throw describeWrongType(value, 'Boolean');
      case 'integer':
      case 'long':
        if (typeof value === 'number') return Math.floor(value);
        if (typeof value === 'bigint') return Number(value);
        throw describeWrongType(value, shape.type === 'integer' ? 'Integer' : 'Long');
      case 'double':
      case 'float':
        if (typeof value === 'number') return value;
        throw describeWrongType(value, 'Double');
      case 'blob':
        if (Buffer.isBuffer(value)) return value;
        if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
        if (typeof value === 'string') return decodeBase64Strict(value);
        if (typeof value === 'boolean') throw typeError('class java.lang.Boolean can not be converted to a Blob');
        if (typeof value === 'number') throw typeError('class java.math.BigDecimal can not be converted to a Blob');
        throw describeWrongType(value, 'Blob');
      case 'timestamp':
        if (value instanceof CborTimestamp) return new Date(value.millis);
        if (typeof value === 'number') return new Date(Math.round(value * 1000));
        if (typeof value === 'bigint') return new Date(Number(value) * 1000);
        if (typeof value === 'string') throw typeError('class java.lang.String can not be converted to milliseconds since epoch');
        throw describeWrongType(value, 'Long');
      default:
        return value;
    }
  }

  // ---- validation: typed value -> list of AWS-worded constraint violations

  validate(shapeName: string, value: unknown): string[] {
    const errors: string[] = [];
    const shape = this.shape(shapeName);
    this.validateStructure(shape, value as Record<string, unknown>, '', errors);
    return errors;
  }

  /** Throws the ValidationException AWS would send, or returns when the input is valid. */
  check(shapeName: string, value: unknown): void {
    const errors = this.validate(shapeName, value);
    if (errors.length > 0) throw validationException(errors);
  }

  private validateStructure(shape: Shape, value: Record<string, unknown>, path: string, errors: string[]): void {
    const required = new Set(shape.required ?? []);
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      const memberPath = path + lowerFirst(member);
      const memberValue = value[member];
      if (memberValue === undefined || memberValue === null) {
        if (required.has(member)) errors.push(`Value null at '${memberPath}' failed to satisfy constraint: Member must not be null`);
        continue;
      }
      this.validateValue(ref.shape, memberValue, memberPath, errors);
    }
  }

  private validateValue(shapeName: string, value: unknown, path: string, errors: string[]): void {
    const shape = this.shape(shapeName);
    const fail = (rule: string) => {
      const shown = shape.sensitive ? 'Value' : `Value '${renderValue(shape, value)}'`;
      errors.push(`${shown} at '${path}' failed to satisfy constraint: Member must ${rule}`);
    };
    switch (shape.type) {
      case 'structure':
        this.validateStructure(shape, value as Record<string, unknown>, path + '.', errors);
        return;
      case 'list': {
        const items = value as unknown[];
        this.checkLength(shape, items.length, fail);
        items.forEach((item, index) => {
          if (item !== null && item !== undefined) this.validateValue(shape.member!.shape, item, `${path}.${index + 1}.member`, errors);
        });
        return;
      }
      case 'map': {
        const entries = Object.entries(value as Record<string, unknown>);
        this.checkLength(shape, entries.length, fail);
        for (const [key, item] of entries) {
          this.validateValue(shape.key!.shape, key, `${path}.${key}.key`, errors);
          if (item !== null && item !== undefined) this.validateValue(shape.value!.shape, item, `${path}.${key}.value`, errors);
        }
        return;
      }
      case 'string': {
        const text = value as string;
        if (shape.enum && !shape.enum.includes(text)) fail(`satisfy enum value set: [${shape.enum.join(', ')}]`);
        if (shape.pattern !== undefined && !this.matches(shape.pattern, text)) fail(`satisfy regular expression pattern: ${shape.pattern}`);
        // Length counts Unicode code points, as Java's front end does for these models.
        this.checkLength(shape, [...text].length, fail);
        return;
      }
      case 'blob':
        this.checkLength(shape, (value as Buffer).length, fail);
        return;
      case 'integer':
      case 'long':
      case 'double':
      case 'float': {
        const number = value as number;
        if (shape.min !== undefined && number < shape.min) fail(`have value greater than or equal to ${shape.min}`);
        if (shape.max !== undefined && number > shape.max) fail(`have value less than or equal to ${shape.max}`);
        return;
      }
      default:
        return;
    }
  }

  private checkLength(shape: Shape, length: number, fail: (rule: string) => void): void {
    if (shape.min !== undefined && length < shape.min) fail(`have length greater than or equal to ${shape.min}`);
    if (shape.max !== undefined && length > shape.max) fail(`have length less than or equal to ${shape.max}`);
  }

  private matches(pattern: string, text: string): boolean {
    let compiled = this.patterns.get(pattern);
    if (compiled === undefined) {
      compiled = compilePattern(pattern);
      this.patterns.set(pattern, compiled);
    }
    return compiled === null || compiled.test(text);
  }

  // ---- encoding: typed output -> wire document (members without a value are omitted)

  encode(shapeName: string, value: unknown, codec: Codec): unknown {
    if (value === undefined || value === null) return undefined;
    const shape = this.shape(shapeName);
    switch (shape.type) {
      case 'structure': {
        const out: Record<string, unknown> = {};
        const input = value as Record<string, unknown>;
        for (const [member, ref] of Object.entries(shape.members ?? {})) {
          const encoded = this.encode(ref.shape, input[member], codec);
          if (encoded !== undefined) out[member] = encoded;
        }
        return out;
      }
      case 'list':
        return (value as unknown[]).map((item) => this.encode(shape.member!.shape, item, codec));
      case 'map': {
        const out: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = this.encode(shape.value!.shape, item, codec);
        return out;
      }
      case 'blob':
        return codec === 'json' ? (value as Buffer).toString('base64') : value;
      case 'timestamp': {
        const millis = value instanceof Date ? value.getTime() : (value as number);
        // JSON: epoch seconds with millisecond fraction, never exponent notation;
        // CBOR: tag 1 around integer epoch milliseconds (aws-wire.md §0.4).
        return codec === 'json' ? millis / 1000 : new CborTimestamp(millis);
      }
      default:
        return value;
    }
  }
}

export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Java's Matcher.matches() is a whole-string match; the models' patterns use Java syntax, mostly valid with the u flag. */
function compilePattern(pattern: string): RegExp | null {
  for (const flags of ['u', '']) {
    try {
      return new RegExp(`^(?:${pattern})$`, flags);
    } catch {
      // try the next flavour
    }
  }
  return null;
}

function renderValue(shape: Shape, value: unknown): string {
  switch (shape.type) {
    case 'blob': {
      const length = (value as Buffer).length;
      return `java.nio.HeapByteBuffer[pos=0 lim=${length} cap=${length}]`;
    }
    case 'list':
      return `[${(value as unknown[]).map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item))).join(', ')}]`;
    case 'map':
      return `{${Object.entries(value as Record<string, unknown>).map(([key, item]) => `${key}=${String(item)}`).join(', ')}}`;
    case 'timestamp':
      return (value as Date).toISOString();
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}
