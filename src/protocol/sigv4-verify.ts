// Recomputes a request's SigV4 signature as AWS does and compares it with the one sent
// (the IAM guide "Create a signed AWS API request"). The query and header canonical forms
// are the AWS SDK's own (@smithy/signature-v4), so what the SDK signs, this reads alike.
//
// CanonicalRequest =
//   Method \n CanonicalURI \n CanonicalQueryString \n
//   CanonicalHeaders \n \n SignedHeaders \n HashedPayload
// StringToSign = AWS4-HMAC-SHA256 \n X-Amz-Date \n Scope \n hex(SHA256(CanonicalRequest))
// SigningKey = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, Date), Region), Service), "aws4_request")
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { escapeUri } from '@smithy/core/protocols';
import { getCanonicalHeaders, getCanonicalQuery } from '@smithy/signature-v4';
import { authErrors, authTexts, type AuthFlavor } from './errors.js';
import type { ParsedSignature, SignedRequest } from './sigv4.js';

/**
 * Throws the flavor's signature-mismatch error unless `parsed.signature` is the signature
 * of `request` under `secretAccessKey`. `parsed` comes from parseSignature, which has
 * already held the request to its time window and scope.
 */
export function verifySignature(request: SignedRequest, parsed: ParsedSignature, secretAccessKey: string, flavor: AuthFlavor): void {
  const expected = computeSignature(request, parsed, secretAccessKey);
  const given = Buffer.from(parsed.signature);
  // A length differs only for a malformed signature; the expected length (64) is no secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw authErrors[flavor].invalidSignature(authTexts.signatureMismatch);
  }
}

/** The lower-case hex signature, as ASCII bytes. */
export function computeSignature(request: SignedRequest, parsed: ParsedSignature, secretAccessKey: string): Buffer {
  const key = cachedSigningKey(parsed, secretAccessKey);
  const digest = createHmac('sha256', key).update(stringToSign(parsed, canonicalRequest(request, parsed))).digest('hex');
  return Buffer.from(digest);
}

export function stringToSign(parsed: Pick<ParsedSignature, 'amzDate' | 'credentialScope'>, canonical: string): string {
  return `AWS4-HMAC-SHA256\n${parsed.amzDate}\n${parsed.credentialScope}\n${sha256Hex(canonical)}`;
}

export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  let key: Buffer = createHmac('sha256', `AWS4${secretAccessKey}`).update(date).digest();
  for (const part of [region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return key;
}

// Deriving a key costs four HMACs, about half of a verification, and one key serves a
// caller all day in a region and service; so recent keys are kept, as the SDK's signer
// keeps its own. An entry serves only the secret it was derived from.
const maxCachedKeys = 1000;
const cachedKeys = new Map<string, { secretAccessKey: string; key: Buffer }>();

function cachedSigningKey(parsed: Pick<ParsedSignature, 'accessKeyId' | 'date' | 'region' | 'service'>, secretAccessKey: string): Buffer {
  const id = `${parsed.accessKeyId}/${parsed.date}/${parsed.region}/${parsed.service}`;
  const cached = cachedKeys.get(id);
  if (cached && cached.secretAccessKey === secretAccessKey) return cached.key;
  const key = signingKey(secretAccessKey, parsed.date, parsed.region, parsed.service);
  cachedKeys.delete(id);
  if (cachedKeys.size >= maxCachedKeys) cachedKeys.delete(cachedKeys.keys().next().value!);
  cachedKeys.set(id, { secretAccessKey, key });
  return key;
}

export function canonicalRequest(request: SignedRequest, parsed: Pick<ParsedSignature, 'signedHeaders'>): string {
  return [
    request.method,
    canonicalUri(request.path),
    canonicalQuery(request.query),
    `${canonicalHeaderLines(request.headers, parsed.signedHeaders)}\n`,
    parsed.signedHeaders.join(';'),
    hashedPayload(request, parsed),
  ].join('\n');
}

const unsignedPayload = 'UNSIGNED-PAYLOAD';

/**
 * Kinesis, Firehose, KMS, IAM, STS and CloudTrail hash the body as received, in both forms:
 * a presigned request of theirs signs the hash of its (usually empty) body, as STS's answer
 * on boto3 issue 756 shows. A trusted X-Amz-Content-Sha256 is S3's, so a header that
 * disagrees with the body fails to verify.
 * One exception: the AWS SDK for Java 2.x leaves the payload unsigned over HTTPS by default
 * (AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED: "HTTPS requests: payload signing is
 * disabled"), sending and signing `X-Amz-Content-Sha256: UNSIGNED-PAYLOAD`; TLS guards
 * the body then. It is taken only over TLS, and only when that header is signed.
 */
function hashedPayload(request: SignedRequest, parsed: Pick<ParsedSignature, 'signedHeaders'>): string {
  if (
    request.secure === true &&
    request.headers['x-amz-content-sha256'] === unsignedPayload &&
    parsed.signedHeaders.some((name) => name.toLowerCase() === 'x-amz-content-sha256')
  ) {
    return unsignedPayload;
  }
  return sha256Hex(request.body);
}

/**
 * Every service but S3 normalizes the path (no empty, '.' or '..' segments) and URI-encodes
 * it once more: the path on the wire is already encoded once, so a segment the client
 * signed is encoded twice. As the SDK's SignatureV4Base.getCanonicalPath does it.
 */
export function canonicalUri(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalized = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return escapeUri(normalized).replace(/%2F/g, '/');
}

/** Every parameter but X-Amz-Signature, each key and value URI-encoded, sorted by key, then by value. */
function canonicalQuery(query: URLSearchParams): string {
  const bag: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    bag[key] = values.length === 1 ? values[0]! : values;
  }
  return getCanonicalQuery({ query: bag } as unknown as Parameters<typeof getCanonicalQuery>[0]);
}

/**
 * One `name:value` line per signed header, in the order the signer listed them (its
 * SignedHeaders line is part of what it signed), values trimmed and inner runs of
 * whitespace collapsed. A signed header the request lacks counts as empty.
 */
function canonicalHeaderLines(headers: Record<string, string | undefined>, signedHeaders: string[]): string {
  const signed: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = headers[name.toLowerCase()];
    if (value !== undefined) signed[name.toLowerCase()] = value;
  }
  const canonical = getCanonicalHeaders(
    { headers: signed } as unknown as Parameters<typeof getCanonicalHeaders>[0],
    undefined,
    new Set(Object.keys(signed)),
  );
  return signedHeaders.map((name) => `${name}:${canonical[name.toLowerCase()] ?? ''}`).join('\n');
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
