// Reading a request's SigV4 signature, in its two forms: the Authorization header, and the
// presigned query string (X-Amz-Algorithm, X-Amz-Credential, ...). parseAuthorization is the
// open mode's reading: the checks AWS makes before dispatch that kinesalite recorded
// (aws-wire.md §0.1), nothing more. parseSignature is strict mode's: every check AWS makes
// before it looks the access key up, in the order dynalite recorded from AWS's answers
// (presence, date format, clock skew, 'host' signed, algorithm, credential shape, scope).
// Recomputing the signature is sigv4-verify.ts's.
import { authErrors, authTexts, commonErrors, type AuthFlavor } from './errors.js';
import type { IncomingRequest } from '../transport/server.js';

export interface Credential {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

const required = ['Credential', 'Signature', 'SignedHeaders'] as const;

export function parseAuthorization(headers: Record<string, string | undefined>, query: URLSearchParams): Credential {
  const header = headers['authorization'];
  const queryAlgorithm = query.get('X-Amz-Algorithm');
  if (header && queryAlgorithm) throw commonErrors.invalidSignature(authTexts.bothForms);
  if (!header) {
    if (queryAlgorithm) return parseCredential(query.get('X-Amz-Credential') ?? '', `X-Amz-Credential=${query.get('X-Amz-Credential') ?? ''}`);
    throw commonErrors.missingAuthenticationToken();
  }
  const match = /^AWS4-HMAC-SHA256\s+(.*)$/s.exec(header.trim());
  if (!match) {
    throw commonErrors.incompleteSignature(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${header}`);
  }
  const params = new Map<string, string>();
  for (const part of match[1]!.split(',')) {
    const index = part.indexOf('=');
    if (index > 0) params.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
  }
  for (const name of required) {
    if (!params.has(name)) {
      throw commonErrors.incompleteSignature(`Authorization header requires '${name}' parameter. Authorization=${header}`);
    }
  }
  if (!headers['x-amz-date'] && !headers['date']) {
    throw commonErrors.incompleteSignature(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${header}`);
  }
  return parseCredential(params.get('Credential')!, `Authorization=${header}`);
}

function parseCredential(credential: string, shown: string): Credential {
  // Credential=AKID/20150830/us-east-1/kinesis/aws4_request
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !parts[0]) {
    throw commonErrors.incompleteSignature(`Credential should be scoped to a valid region, not '${parts[2] ?? ''}'. ${shown}`);
  }
  return { accessKeyId: parts[0], date: parts[1]!, region: parts[2]!, service: parts[3]! };
}

/** What signature verification reads of a request: the transport's request, or any of that shape. */
export type SignedRequest = Pick<IncomingRequest, 'method' | 'path' | 'query' | 'headers' | 'body'> & Partial<Pick<IncomingRequest, 'secure'>>;

/** A signature that passed every check AWS makes before looking its access key up. */
export interface ParsedSignature extends Credential {
  /** Where the signature came from. */
  form: 'header' | 'query';
  /** The SignedHeaders list as sent (lower-case names, in the signer's order). */
  signedHeaders: string[];
  /** Lower-case hex, as sent. */
  signature: string;
  /** The request's time, from X-Amz-Date (or the Date header). */
  requestTime: Date;
  /** The request's time in ISO 8601 basic format, as the string to sign carries it. */
  amzDate: string;
  /** DATE/REGION/SERVICE/aws4_request, as the string to sign carries it. */
  credentialScope: string;
  sessionToken?: string;
  /** Present for the query form; X-Amz-Expires when it is a whole number of seconds. */
  presigned?: { expiresSeconds?: number };
}

export interface SignatureCheckOptions {
  flavor: AuthFlavor;
  /** The server's clock. */
  now: Date;
  /** The signing name of the service called (kinesis, firehose, kms, iam, sts, cloudtrail): the credential scope must name it. */
  service: string;
  /** How far the request's time may be from `now`; by default clockSkewMinutes(service). */
  skewMinutes?: number;
}

/**
 * The window AWS allows between a request's time and its own clock, in minutes. AWS's
 * answers name it: "(… - 5 min.)" from Kinesis, Firehose and KMS, "(… - 15 min.)" from STS
 * and IAM (and the SigV4 guide's 15 minutes for the rest). Presigned requests of these
 * services are held to the same window: X-Amz-Expires is an S3 feature, and STS does not
 * honour it (AWS's answer on aws-sdk-go issue 2167, aws-iam-authenticator's 15-minute tokens).
 */
export function clockSkewMinutes(service: string): number {
  return service === 'kinesis' || service === 'firehose' || service === 'kms' ? 5 : 15;
}

const algorithm = 'AWS4-HMAC-SHA256';
const queryRequired = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'] as const;

/** Reads a request's signature and makes every check AWS makes before it looks the access key up. */
export function parseSignature(request: Pick<SignedRequest, 'headers' | 'query'>, options: SignatureCheckOptions): ParsedSignature {
  const errors = authErrors[options.flavor];
  const { headers, query } = request;
  const header = headers['authorization'];
  const isQueryForm = query.has('X-Amz-Algorithm');
  if (header !== undefined && isQueryForm) throw errors.invalidSignature(authTexts.bothForms);
  // dynalite's record: an Authorization header that is not AWS4-anything counts as none.
  if ((header === undefined && !isQueryForm) || (header !== undefined && !header.trim().startsWith('AWS4-'))) {
    throw errors.missingAuthenticationToken();
  }
  const fields = header !== undefined ? readHeaderForm(header, headers, errors) : readQueryForm(query, errors);

  const requestTime = parseRequestTime(fields.date, fields.isHttpDate);
  if (!requestTime) {
    throw errors.incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${fields.date}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  }
  checkClockSkew(requestTime, options, errors);
  if (!fields.signedHeaders.some((name) => name.toLowerCase() === 'host' || name === ':authority')) {
    throw errors.invalidSignature(authTexts.hostNotSigned);
  }
  if (fields.algorithm !== algorithm) {
    throw errors.incompleteSignature(`Unsupported AWS 'algorithm': '${fields.algorithm}' (only ${algorithm} for now). `);
  }
  // "(trailing slashes are ignored)", dynalite noted.
  const credential = fields.credential.replace(/\/+$/, '');
  const parts = credential.split('/');
  if (parts.length !== 5) {
    throw errors.incompleteSignature(`Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`);
  }
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  const amzDate = toAmzDate(requestTime);
  const scopeErrors: string[] = [];
  if (!/^[a-z0-9-]+$/.test(region)) scopeErrors.push(`Credential should be scoped to a valid region, not '${region}'.`);
  if (service !== options.service) scopeErrors.push(`Credential should be scoped to correct service: '${options.service}'.`);
  if (terminator !== 'aws4_request') scopeErrors.push(`Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`);
  if (date !== amzDate.slice(0, 8)) {
    scopeErrors.push(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`);
  }
  if (scopeErrors.length > 0) throw errors.invalidSignature(scopeErrors.join(' '));

  const parsed: ParsedSignature = {
    form: header !== undefined ? 'header' : 'query',
    accessKeyId,
    date,
    region,
    service,
    signedHeaders: fields.signedHeaders,
    signature: fields.signature,
    requestTime,
    amzDate,
    credentialScope: `${date}/${region}/${service}/${terminator}`,
  };
  if (fields.sessionToken !== undefined) parsed.sessionToken = fields.sessionToken;
  if (parsed.form === 'query') {
    const expires = query.get('X-Amz-Expires');
    parsed.presigned = expires !== null && /^\d+$/.test(expires) ? { expiresSeconds: Number(expires) } : {};
  }
  return parsed;
}

interface SignatureFields {
  algorithm: string;
  credential: string;
  signedHeaders: string[];
  signature: string;
  date: string;
  /** The time came from the Date header, which may be an HTTP-date (RFC 9110 §5.6.7). */
  isHttpDate: boolean;
  sessionToken: string | undefined;
}

// Authorization: AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, SignedHeaders=a;b, Signature=hex
// The parameters may be separated by commas, spaces or both (kinesalite, dynalite).
function readHeaderForm(header: string, headers: Record<string, string | undefined>, errors: (typeof authErrors)[AuthFlavor]): SignatureFields {
  const [algorithmName = '', ...rest] = header.trim().split(/[,\s]+/);
  const params = new Map<string, string>();
  for (const part of rest) {
    const index = part.indexOf('=');
    if (index > 0) params.set(part.slice(0, index), part.slice(index + 1));
  }
  let message = '';
  for (const name of required) {
    if (!params.get(name)) message += `Authorization header requires '${name}' parameter. `;
  }
  const amzDate = headers['x-amz-date'];
  const date = amzDate ?? headers['date'];
  if (!date) message += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  if (message) throw errors.incompleteSignature(`${message}Authorization=${header}`);
  return {
    algorithm: algorithmName,
    credential: params.get('Credential')!,
    signedHeaders: params.get('SignedHeaders')!.split(';'),
    signature: params.get('Signature')!,
    date: date!,
    isHttpDate: amzDate === undefined,
    sessionToken: headers['x-amz-security-token'],
  };
}

function readQueryForm(query: URLSearchParams, errors: (typeof authErrors)[AuthFlavor]): SignatureFields {
  let message = '';
  for (const name of queryRequired) {
    if (!query.get(name)) message += `AWS query-string parameters must include '${name}'. `;
  }
  if (message) throw errors.incompleteSignature(`${message}Re-examine the query-string parameters.`);
  return {
    algorithm: query.get('X-Amz-Algorithm')!,
    credential: query.get('X-Amz-Credential')!,
    signedHeaders: query.get('X-Amz-SignedHeaders')!.split(';'),
    signature: query.get('X-Amz-Signature')!,
    date: query.get('X-Amz-Date')!,
    isHttpDate: false,
    sessionToken: query.get('X-Amz-Security-Token') ?? undefined,
  };
}

/**
 * yyyymmddThhmmssZ; from the Date header also an HTTP-date: IMF-fixdate ("GMT") or the
 * RFC 2822 form with "-0000" that botocore writes there.
 */
function parseRequestTime(value: string, isHttpDate: boolean): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (match) {
    const time = new Date(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!, +match[4]!, +match[5]!, +match[6]!));
    // Date.UTC rolls 20150231 over to March: a date that does not round-trip is no date.
    return toAmzDate(time) === value ? time : undefined;
  }
  if (!isHttpDate || !/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/.test(value)) return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

export function toAmzDate(time: Date): string {
  return time.toISOString().replace(/\.\d{3}/, '').replace(/[-:]/g, '');
}

function checkClockSkew(requestTime: Date, options: SignatureCheckOptions, errors: (typeof authErrors)[AuthFlavor]): void {
  const minutes = options.skewMinutes ?? clockSkewMinutes(options.service);
  // AWS prints its own clock to the second.
  const now = new Date(Math.floor(options.now.getTime() / 1000) * 1000);
  const earliest = new Date(now.getTime() - minutes * 60_000);
  const latest = new Date(now.getTime() + minutes * 60_000);
  if (requestTime < earliest) {
    throw errors.invalidSignature(`Signature expired: ${toAmzDate(requestTime)} is now earlier than ${toAmzDate(earliest)} (${toAmzDate(now)} - ${minutes} min.)`);
  }
  if (requestTime > latest) {
    throw errors.invalidSignature(`Signature not yet current: ${toAmzDate(requestTime)} is still later than ${toAmzDate(latest)} (${toAmzDate(now)} + ${minutes} min.)`);
  }
}
