// Requests signed by the AWS SDK's own signer (@smithy/signature-v4, what every SDK v3
// client uses), handed over as the transport would hand them to the dispatcher: the URL
// parsed as exchange.ts parses it, the headers through its requestHeaders.
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/core/serde';
import { buildQueryString } from '@smithy/core/protocols';
import type { SignedRequest } from '../../src/protocol/sigv4.js';
import { requestHeaders } from '../../src/transport/exchange.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const credentials: Credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
export const host = 'localhost:4567';

export interface Unsigned {
  method?: string;
  /** As an SDK serializer leaves it: already URI-encoded once. */
  path?: string;
  /** Decoded keys and values, as the SDK's HttpRequest holds them. */
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string;
}

export interface Signing {
  service: string;
  region?: string;
  signingDate: Date;
  credentials?: Credentials;
  /** Whether the SDK adds X-Amz-Content-Sha256 (it does by default). */
  applyChecksum?: boolean;
  unsignableHeaders?: Set<string>;
  /** The host travels as :authority, and the SDK signs that, as it does over HTTP/2. */
  http2?: boolean;
}

interface SdkRequest {
  method: string;
  protocol: string;
  hostname: string;
  port: number;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: string;
}

function signer(signing: Signing): SignatureV4 {
  return new SignatureV4({
    service: signing.service,
    region: signing.region ?? 'us-east-1',
    credentials: signing.credentials ?? credentials,
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: signing.applyChecksum ?? true,
  });
}

function toSdkRequest(request: Unsigned, signing: Signing): SdkRequest {
  const hostHeader: Record<string, string> = signing.http2 ? { ':authority': host } : { host };
  const sdkRequest: SdkRequest = {
    method: request.method ?? 'POST',
    protocol: 'http:',
    hostname: 'localhost',
    port: 4567,
    path: request.path ?? '/',
    query: request.query ?? {},
    headers: { ...hostHeader, ...request.headers },
  };
  if (request.body !== undefined) sdkRequest.body = request.body;
  return sdkRequest;
}

export async function sdkSigned(request: Unsigned, signing: Signing): Promise<SignedRequest> {
  const signed = (await signer(signing).sign(toSdkRequest(request, signing) as never, {
    signingDate: signing.signingDate,
    ...(signing.unsignableHeaders ? { unsignableHeaders: signing.unsignableHeaders } : {}),
  })) as unknown as SdkRequest;
  return asReceived(signed);
}

export async function sdkPresigned(request: Unsigned, signing: Signing & { expiresIn?: number }): Promise<SignedRequest> {
  const presigned = (await signer(signing).presign(toSdkRequest(request, signing) as never, {
    signingDate: signing.signingDate,
    expiresIn: signing.expiresIn ?? 900,
  })) as unknown as SdkRequest;
  return asReceived(presigned);
}

/** What the server sees of a request an HTTP client sends. */
export function asReceived(request: { method: string; path: string; query?: Record<string, string | string[]>; headers: Record<string, string>; body?: string | Buffer }): SignedRequest {
  const queryString = request.query ? buildQueryString(request.query) : '';
  const url = new URL(queryString ? `${request.path}?${queryString}` : request.path, 'http://localhost');
  return {
    method: request.method,
    path: url.pathname,
    query: url.searchParams,
    headers: requestHeaders(request.headers),
    body: Buffer.from(request.body ?? ''),
  };
}

/** A copy with some headers replaced (undefined removes one). */
export function withHeaders(request: SignedRequest, changes: Record<string, string | undefined>): SignedRequest {
  const headers = { ...request.headers };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  return { ...request, headers };
}
