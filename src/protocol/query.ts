// The AWS Query protocol, as IAM and STS speak it: a POST whose body is a form
// (`Action=CreateUser&Version=2010-05-08&UserName=…`, Content-Type
// application/x-www-form-urlencoded), answered in XML. Both directions follow the model
// the way botocore's QuerySerializer and QueryParser read it (botocore/serialize.py,
// botocore/parsers.py): lists as `Name.member.N` (`Name.N` when flattened), maps as
// `Name.entry.N.key`/`.value`, nested structures as `A.B`, member names from
// `locationName`; the answer is `<ActionResponse><ActionResult>…</ActionResult>
// <ResponseMetadata>…` in the model's XML namespace, errors `<ErrorResponse>`
// (https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html).
import { AwsError, validationException } from '../services/errors.js';
import type { MemberRef, ServiceModel, Shape } from './model.js';
import { decodeBase64Strict, lowerFirst, type ShapeEngine } from './shapes.js';

/** A form body: the content type every Query client sends (the AWS CLI adds `; charset=utf-8`). */
export function isQueryContentType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/** The form's parameters; a name given twice keeps its first value, as AWS's front end does [INF]. */
export function parseForm(body: Buffer): Map<string, string> {
  return firstValues(new URLSearchParams(body.toString('utf8')));
}

/**
 * A Query request sent as GET carries its parameters in the query string (IAM and STS
 * accept both; a presigned STS GetCallerIdentity URL, as `aws eks get-token` makes, is one).
 * The signature's own X-Amz-* parameters are not the operation's.
 */
export function queryStringParameters(query: URLSearchParams): Map<string, string> {
  const params = firstValues(query);
  for (const name of [...params.keys()]) if (name.startsWith('X-Amz-')) params.delete(name);
  return params;
}

function firstValues(source: URLSearchParams): Map<string, string> {
  const params = new Map<string, string>();
  for (const [name, value] of source) if (!params.has(name)) params.set(name, value);
  return params;
}

// ---- errors of the Query front door

export const queryErrors = {
  /** Unknown Action, or a Version this service does not answer (AWS's text; NO_VERSION_SPECIFIED without one). */
  invalidAction: (action: string, version: string | undefined) =>
    new AwsError('InvalidAction', `Could not find operation ${action} for version ${version ?? 'NO_VERSION_SPECIFIED'}`),
  missingAction: () => new AwsError('MissingAction', 'Missing Action'),
  /** A scalar that does not convert to its shape's type [INF: AWS's wording for a non-numeric MaxItems is not recorded]. */
  badScalar: (value: string, path: string, type: string) =>
    validationException([`Value '${value}' at '${path}' failed to satisfy constraint: Member must be ${type}`]),
};

/**
 * The JSON-protocol front-door codes as the Query protocol names them (IAM's and STS's
 * common errors: https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html).
 * Errors raised before dispatch (signatures, validation) are worded once, for JSON;
 * a Query request gets the same error under its Query name.
 */
const queryCodes: Record<string, string> = {
  ValidationException: 'ValidationError',
  MissingAuthenticationTokenException: 'MissingAuthenticationToken',
  IncompleteSignatureException: 'IncompleteSignature',
  InvalidSignatureException: 'SignatureDoesNotMatch',
  UnrecognizedClientException: 'InvalidClientTokenId',
  AccessDeniedException: 'AccessDenied',
  ExpiredTokenException: 'ExpiredToken',
  SerializationException: 'MalformedQueryString',
  UnknownOperationException: 'InvalidAction',
  ThrottlingException: 'Throttling',
};

export function queryErrorCode(code: string): string {
  return queryCodes[code] ?? code;
}

/** IAM and STS answer AccessDenied with 403 (STS API reference, AssumeRole errors; IAM common errors), where the JSON services say 400. */
const queryStatuses: Record<string, number> = { AccessDeniedException: 403 };

export function queryErrorStatus(error: AwsError): number {
  return queryStatuses[error.code] ?? error.status;
}

// ---- decoding: form parameters -> typed input

/**
 * The operation's input from the form, walking the input shape: absent members stay
 * absent, scalars are converted (integers, booleans `true`/`false`, ISO 8601 timestamps,
 * base64 blobs). Parameters the shape does not name are ignored, as AWS does.
 */
export function decodeQuery(shapes: ShapeEngine, shapeName: string, params: Map<string, string>): Record<string, unknown> {
  return (decodeStructure(shapes, shapes.shape(shapeName), params, '', '') as Record<string, unknown> | undefined) ?? {};
}

function decodeStructure(shapes: ShapeEngine, shape: Shape, params: Map<string, string>, prefix: string, path: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const [member, ref] of Object.entries(shape.members ?? {})) {
    const name = prefix + (ref.locationName ?? member);
    const value = decodeValue(shapes, ref, params, name, path + lowerFirst(member));
    if (value !== undefined) {
      out[member] = value;
      any = true;
    }
  }
  return any || prefix === '' ? out : undefined;
}

function decodeValue(shapes: ShapeEngine, ref: MemberRef, params: Map<string, string>, name: string, path: string): unknown {
  const shape = shapes.shape(ref.shape);
  switch (shape.type) {
    case 'structure':
      return decodeStructure(shapes, shape, params, name + '.', path + '.');
    case 'list': {
      // botocore sends `Name=` for an empty list.
      if (params.get(name) === '') return [];
      const flattened = shape.flattened === true || ref.flattened === true;
      const itemPrefix = flattened ? name : `${name}.${shape.member!.locationName ?? 'member'}`;
      const items: unknown[] = [];
      for (let index = 1; ; index++) {
        const item = decodeValue(shapes, shape.member!, params, `${itemPrefix}.${index}`, `${path}.${index}.member`);
        if (item === undefined) break;
        items.push(item);
      }
      return items.length > 0 ? items : undefined;
    }
    case 'map': {
      const entryPrefix = shape.flattened === true || ref.flattened === true ? name : `${name}.entry`;
      const keyName = shape.key!.locationName ?? 'key';
      const valueName = shape.value!.locationName ?? 'value';
      const out: Record<string, unknown> = {};
      let any = false;
      for (let index = 1; ; index++) {
        const key = params.get(`${entryPrefix}.${index}.${keyName}`);
        if (key === undefined) break;
        out[key] = decodeValue(shapes, shape.value!, params, `${entryPrefix}.${index}.${valueName}`, `${path}.${key}.value`) ?? null;
        any = true;
      }
      return any ? out : undefined;
    }
    default: {
      const raw = params.get(name);
      return raw === undefined ? undefined : decodeScalar(shape, raw, path);
    }
  }
}

function decodeScalar(shape: Shape, raw: string, path: string): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long': {
      if (!/^-?\d+$/.test(raw.trim())) throw queryErrors.badScalar(raw, path, 'a number');
      return Number(raw);
    }
    case 'double':
    case 'float': {
      const number = Number(raw);
      if (raw.trim() === '' || Number.isNaN(number)) throw queryErrors.badScalar(raw, path, 'a number');
      return number;
    }
    case 'boolean': {
      const lower = raw.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw queryErrors.badScalar(raw, path, 'a boolean');
      return lower === 'true';
    }
    case 'timestamp': {
      // ISO 8601 as botocore sends it; epoch seconds are accepted too.
      const date = /^\d+(\.\d+)?$/.test(raw) ? new Date(Number(raw) * 1000) : new Date(raw);
      if (Number.isNaN(date.getTime())) throw queryErrors.badScalar(raw, path, 'a timestamp');
      return date;
    }
    case 'blob':
      return decodeBase64Strict(raw);
    default:
      return raw;
  }
}

// ---- encoding: typed output -> XML

/** `<Action>Response` with `<Action>Result` (the model's resultWrapper) around the output; just the metadata without output. */
export function encodeQueryResponse(shapes: ShapeEngine, action: string, output: unknown, requestId: string): Buffer {
  const model = shapes.model;
  const operation = model.operations[action]!;
  let result = '';
  if (operation.output) {
    const wrapper = operation.resultWrapper ?? `${action}Result`;
    result = `<${wrapper}>${encodeMembers(shapes, shapes.shape(operation.output), (output ?? {}) as Record<string, unknown>)}</${wrapper}>`;
  }
  const xml = `<${action}Response xmlns="${namespaceOf(model)}">${result}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
  return Buffer.from(xml, 'utf8');
}

export function encodeQueryError(model: ServiceModel | undefined, error: AwsError, requestId: string): Buffer {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  const message = error.messageKey === 'none' && error.message === '' ? '' : `<Message>${escapeXml(error.message)}</Message>`;
  const namespace = model ? ` xmlns="${namespaceOf(model)}"` : '';
  const xml = `<ErrorResponse${namespace}><Error><Type>${type}</Type><Code>${escapeXml(queryErrorCode(error.code))}</Code>${message}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return Buffer.from(xml, 'utf8');
}

function namespaceOf(model: ServiceModel): string {
  return model.metadata.xmlNamespace ?? '';
}

function encodeMembers(shapes: ShapeEngine, shape: Shape, value: Record<string, unknown>): string {
  let xml = '';
  for (const [member, ref] of Object.entries(shape.members ?? {})) {
    const item = value[member];
    if (item === undefined || item === null) continue;
    xml += encodeElement(shapes, ref, ref.locationName ?? member, item);
  }
  return xml;
}

function encodeElement(shapes: ShapeEngine, ref: MemberRef, name: string, value: unknown): string {
  const shape = shapes.shape(ref.shape);
  switch (shape.type) {
    case 'structure':
      return `<${name}>${encodeMembers(shapes, shape, value as Record<string, unknown>)}</${name}>`;
    case 'list': {
      const items = value as unknown[];
      const memberRef = shape.member!;
      if (shape.flattened === true || ref.flattened === true) {
        const itemName = memberRef.locationName ?? name;
        return items.map((item) => encodeElement(shapes, memberRef, itemName, item)).join('');
      }
      const itemName = memberRef.locationName ?? 'member';
      return `<${name}>${items.map((item) => encodeElement(shapes, memberRef, itemName, item)).join('')}</${name}>`;
    }
    case 'map': {
      const keyName = shape.key!.locationName ?? 'key';
      const valueName = shape.value!.locationName ?? 'value';
      const entries = Object.entries(value as Record<string, unknown>)
        .map(([key, item]) => `<entry><${keyName}>${escapeXml(key)}</${keyName}>${encodeElement(shapes, shape.value!, valueName, item)}</entry>`)
        .join('');
      return `<${name}>${entries}</${name}>`;
    }
    default:
      return `<${name}>${escapeXml(scalarText(shape, value))}</${name}>`;
  }
}

function scalarText(shape: Shape, value: unknown): string {
  switch (shape.type) {
    case 'timestamp': {
      const date = value instanceof Date ? value : new Date(value as number);
      // IAM writes whole seconds (2013-04-10T17:13:57Z); STS keeps milliseconds when there are any.
      return date.toISOString().replace(/\.000Z$/, 'Z');
    }
    case 'blob':
      return Buffer.from(value as Uint8Array).toString('base64');
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return String(value);
  }
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (char) => xmlEntities[char]!);
}

const xmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#xD;' };
