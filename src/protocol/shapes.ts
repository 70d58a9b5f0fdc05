// The one shape engine: turns a decoded wire document into typed input (blobs as
// Buffers, timestamps as Dates), checks it against the model's constraints, and
// turns typed output back into the wire document. Error texts follow what AWS's
// front end prints (aws-wire.md §0.1, §0.3; kinesalite's recorded tests).
import { validationException, type AwsError } from '../services/errors.js';
import { commonErrors } from './errors.js';
import type { ServiceModel, Shape } from './model.js';
import { JsonBytes } from './json-bytes.js';

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

/**
 * A shape with what the walks below need worked out once: its members in model order
 * with their wire names, path names and required flags, and the shapes they point to,
 * so a walk over 500 records does no name lookups, Object.entries or Set per record.
 */
interface CompiledShape {
  readonly shape: Shape;
  readonly members: readonly CompiledMember[];
  /** A list's member, a map's value. */
  element: CompiledShape | undefined;
  key: CompiledShape | undefined;
  /** A string's pattern as a whole-string match; null when JavaScript cannot read it. */
  readonly pattern: RegExp | null | undefined;
}

interface CompiledMember {
  readonly name: string;
  /** The member in a validation path: lower camel (aws-wire.md §0.3). */
  readonly pathName: string;
  readonly required: boolean;
  readonly target: CompiledShape;
  /** `"Name":` as JSON text, for encodeJson. */
  readonly jsonKey: string;
}

export class ShapeEngine {
  private readonly patterns = new Map<string, RegExp | null>();
  private readonly compiledShapes = new Map<string, CompiledShape>();

  constructor(readonly model: ServiceModel) {}

  shape(name: string): Shape {
    const shape = this.model.shapes[name];
    if (!shape) throw new Error(`unknown shape ${name}`);
    return shape;
  }

  private compiled(name: string): CompiledShape {
    const known = this.compiledShapes.get(name);
    if (known) return known;
    const shape = this.shape(name);
    const members: CompiledMember[] = [];
    const pattern = shape.type === 'string' && shape.pattern !== undefined ? this.compiledPattern(shape.pattern) : undefined;
    const compiled: CompiledShape = { shape, members, element: undefined, key: undefined, pattern };
    // Cached before its parts are linked: a shape may contain itself.
    this.compiledShapes.set(name, compiled);
    const required = new Set(shape.required ?? []);
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      members.push({ name: member, pathName: lowerFirst(member), required: required.has(member), target: this.compiled(ref.shape), jsonKey: `${JSON.stringify(member)}:` });
    }
    const element = shape.type === 'list' ? shape.member : shape.type === 'map' ? shape.value : undefined;
    if (element) compiled.element = this.compiled(element.shape);
    if (shape.type === 'map' && shape.key) compiled.key = this.compiled(shape.key.shape);
    return compiled;
  }

  // ---- decoding: wire document -> typed value, SerializationException on a wrong type

  decode(shapeName: string, value: unknown, codec: Codec): unknown {
    // JSON null equals an absent member (aws-wire.md §0.1).
    if (value === null || value === undefined) return undefined;
    return this.decodeValue(this.compiled(shapeName), value, codec);
  }

  private decodeValue(compiled: CompiledShape, value: unknown, codec: Codec): unknown {
    const shape = compiled.shape;
    switch (shape.type) {
      case 'structure': {
        if (typeof value !== 'object' || Array.isArray(value) || Buffer.isBuffer(value) || value instanceof CborTimestamp) {
          if (Array.isArray(value)) throw typeError('Start of list found where not expected');
          throw typeError('Expected null');
        }
        const out: Record<string, unknown> = {};
        const input = value as Record<string, unknown>;
        // Unknown members are ignored (aws-wire.md §0.1).
        for (const member of compiled.members) {
          const item = input[member.name];
          if (item === null || item === undefined) continue;
          const decoded = this.decodeValue(member.target, item, codec);
          if (decoded !== undefined) out[member.name] = decoded;
        }
        return out;
      }
      case 'list': {
        if (!Array.isArray(value)) {
          if (typeof value === 'object' && !Buffer.isBuffer(value)) throw typeError('Start of structure or map found where not expected.');
          throw typeError('Expected list or null');
        }
        const element = compiled.element!;
        const out = new Array<unknown>(value.length);
        for (let index = 0; index < value.length; index++) {
          const item: unknown = value[index];
          out[index] = item === null || item === undefined ? null : (this.decodeValue(element, item, codec) ?? null);
        }
        return out;
      }
      case 'map': {
        if (typeof value !== 'object' || Buffer.isBuffer(value)) throw typeError('Expected map or null');
        if (Array.isArray(value)) throw typeError('Start of list found where not expected');
        const out: Record<string, unknown> = {};
        const input = value as Record<string, unknown>;
        const element = compiled.element!;
        for (const key of Object.keys(input)) {
          const item = input[key];
          out[key] = item === null || item === undefined ? null : (this.decodeValue(element, item, codec) ?? null);
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
    this.validateStructure(this.compiled(shapeName), value as Record<string, unknown>, '', errors);
    return errors;
  }

  /** Throws the ValidationException AWS would send, or returns when the input is valid. */
  check(shapeName: string, value: unknown): void {
    const errors = this.validate(shapeName, value);
    if (errors.length > 0) throw validationException(errors);
  }

  private validateStructure(compiled: CompiledShape, value: Record<string, unknown>, path: string, errors: string[]): void {
    for (const member of compiled.members) {
      const memberValue = value[member.name];
      if (memberValue === undefined || memberValue === null) {
        if (member.required) errors.push(`Value null at '${path + member.pathName}' failed to satisfy constraint: Member must not be null`);
        continue;
      }
      this.validateValue(member.target, memberValue, path + member.pathName, errors);
    }
  }

  private validateValue(compiled: CompiledShape, value: unknown, path: string, errors: string[]): void {
    const shape = compiled.shape;
    switch (shape.type) {
      case 'structure':
        this.validateStructure(compiled, value as Record<string, unknown>, path + '.', errors);
        return;
      case 'list': {
        const items = value as unknown[];
        checkLength(shape, items.length, value, path, errors);
        const element = compiled.element!;
        for (let index = 0; index < items.length; index++) {
          const item = items[index];
          if (item !== null && item !== undefined) this.validateValue(element, item, `${path}.${index + 1}.member`, errors);
        }
        return;
      }
      case 'map': {
        const entries = Object.entries(value as Record<string, unknown>);
        checkLength(shape, entries.length, value, path, errors);
        for (const [key, item] of entries) {
          this.validateValue(compiled.key!, key, `${path}.${key}.key`, errors);
          if (item !== null && item !== undefined) this.validateValue(compiled.element!, item, `${path}.${key}.value`, errors);
        }
        return;
      }
      case 'string': {
        const text = value as string;
        if (shape.enum && !shape.enum.includes(text)) violation(shape, value, path, `satisfy enum value set: [${shape.enum.join(', ')}]`, errors);
        if (compiled.pattern && !compiled.pattern.test(text)) violation(shape, value, path, `satisfy regular expression pattern: ${shape.pattern!}`, errors);
        // Length counts Unicode code points, as Java's front end does for these models. A
        // string has between half its UTF-16 length (rounded up) and all of it: counting
        // is needed only where that range reaches past a bound.
        const units = text.length;
        if ((shape.min !== undefined && Math.ceil(units / 2) < shape.min) || (shape.max !== undefined && units > shape.max)) {
          checkLength(shape, [...text].length, value, path, errors);
        }
        return;
      }
      case 'blob':
        checkLength(shape, (value as Buffer).length, value, path, errors);
        return;
      case 'integer':
      case 'long':
      case 'double':
      case 'float': {
        const number = value as number;
        if (shape.min !== undefined && number < shape.min) violation(shape, value, path, `have value greater than or equal to ${shape.min}`, errors);
        if (shape.max !== undefined && number > shape.max) violation(shape, value, path, `have value less than or equal to ${shape.max}`, errors);
        return;
      }
      default:
        return;
    }
  }

  private compiledPattern(pattern: string): RegExp | null {
    let compiled = this.patterns.get(pattern);
    if (compiled === undefined) {
      compiled = compilePattern(pattern);
      this.patterns.set(pattern, compiled);
    }
    return compiled;
  }

  // ---- encoding: typed output -> wire document (members without a value are omitted)

  /** The JSON bytes of encode(shapeName, value, 'json'), written in one walk; `{}` for no value. */
  encodeJson(shapeName: string, value: unknown): Buffer {
    const out = new JsonBytes();
    if (value === undefined || value === null) out.ascii('{}');
    else writeJsonValue(this.compiled(shapeName), value, out);
    return out.done();
  }

  encode(shapeName: string, value: unknown, codec: Codec): unknown {
    if (value === undefined || value === null) return undefined;
    return this.encodeValue(this.compiled(shapeName), value, codec);
  }

  private encodeValue(compiled: CompiledShape, value: unknown, codec: Codec): unknown {
    switch (compiled.shape.type) {
      case 'structure': {
        const out: Record<string, unknown> = {};
        const input = value as Record<string, unknown>;
        for (const member of compiled.members) {
          const item = input[member.name];
          if (item !== undefined && item !== null) out[member.name] = this.encodeValue(member.target, item, codec);
        }
        return out;
      }
      case 'list': {
        const items = value as unknown[];
        const element = compiled.element!;
        const out = new Array<unknown>(items.length);
        for (let index = 0; index < items.length; index++) {
          const item = items[index];
          out[index] = item === undefined || item === null ? undefined : this.encodeValue(element, item, codec);
        }
        return out;
      }
      case 'map': {
        const out: Record<string, unknown> = {};
        const input = value as Record<string, unknown>;
        const element = compiled.element!;
        for (const key of Object.keys(input)) {
          const item = input[key];
          out[key] = item === undefined || item === null ? undefined : this.encodeValue(element, item, codec);
        }
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

/**
 * encodeValue for JSON and JSON.stringify of its result in one walk, written straight to
 * bytes: the same text, byte for byte (test/unit/json-bytes.test.ts). As there, members and
 * map entries without a value are left out, and a list item without one is null.
 */
function writeJsonValue(compiled: CompiledShape, value: unknown, out: JsonBytes): void {
  switch (compiled.shape.type) {
    case 'structure': {
      const input = value as Record<string, unknown>;
      let isFirst = true;
      out.ascii('{');
      for (const member of compiled.members) {
        const item = input[member.name];
        if (item === undefined || item === null) continue;
        if (!isFirst) out.ascii(',');
        isFirst = false;
        out.ascii(member.jsonKey);
        writeJsonValue(member.target, item, out);
      }
      out.ascii('}');
      return;
    }
    case 'list': {
      const items = value as unknown[];
      const element = compiled.element!;
      out.ascii('[');
      for (let index = 0; index < items.length; index++) {
        if (index > 0) out.ascii(',');
        const item = items[index];
        if (item === undefined || item === null) out.ascii('null');
        else writeJsonValue(element, item, out);
      }
      out.ascii(']');
      return;
    }
    case 'map': {
      const input = value as Record<string, unknown>;
      const element = compiled.element!;
      let isFirst = true;
      out.ascii('{');
      for (const key of Object.keys(input)) {
        const item = input[key];
        if (item === undefined || item === null) continue;
        if (!isFirst) out.ascii(',');
        isFirst = false;
        out.string(key);
        out.ascii(':');
        writeJsonValue(element, item, out);
      }
      out.ascii('}');
      return;
    }
    case 'blob':
      // Base64 of a Buffer is ASCII that JSON never escapes.
      if (Buffer.isBuffer(value)) out.ascii('"' + value.toString('base64') + '"');
      else out.string((value as Buffer).toString('base64'));
      return;
    case 'timestamp':
      out.number((value instanceof Date ? value.getTime() : (value as number)) / 1000);
      return;
    default:
      if (typeof value === 'string') out.string(value);
      else if (typeof value === 'number') out.number(value);
      else out.utf8(JSON.stringify(value) ?? 'null');
  }
}

/** Appends one AWS-worded violation; sensitive members show no value (aws-wire.md §0.3). */
function violation(shape: Shape, value: unknown, path: string, rule: string, errors: string[]): void {
  const shown = shape.sensitive ? 'Value' : `Value '${renderValue(shape, value)}'`;
  errors.push(`${shown} at '${path}' failed to satisfy constraint: Member must ${rule}`);
}

function checkLength(shape: Shape, length: number, value: unknown, path: string, errors: string[]): void {
  if (shape.min !== undefined && length < shape.min) violation(shape, value, path, `have length greater than or equal to ${shape.min}`, errors);
  if (shape.max !== undefined && length > shape.max) violation(shape, value, path, `have length less than or equal to ${shape.max}`, errors);
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
