// Raw AWS JSON / CBOR requests, for what the SDKs never send (bad bodies, missing
// signatures) and for the CBOR protocol the Java SDK and KCL use.
import http from 'node:http';
import { Decoder, Encoder } from 'cbor-x';
import '../../src/protocol/codecs.js'; // registers the tag-1 timestamp extension

export const authorization =
  'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261122/us-east-1/kinesis/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0123456789abcdef';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export function rawRequest(endpoint: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer | string }): Promise<RawResponse> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, method: options.method ?? 'POST', path: '/', headers: options.headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

export function kinesisHeaders(operation: string, contentType = 'application/x-amz-json-1.1'): Record<string, string> {
  return { 'content-type': contentType, 'x-amz-target': `Kinesis_20131202.${operation}`, authorization, 'x-amz-date': '20261122T120000Z' };
}

export async function jsonCall(endpoint: string, operation: string, body: unknown): Promise<{ status: number; body: Record<string, unknown>; headers: http.IncomingHttpHeaders }> {
  const response = await rawRequest(endpoint, { headers: kinesisHeaders(operation), body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: response.body.length ? JSON.parse(response.body.toString()) : {} };
}

const encoder = new Encoder({ mapsAsObjects: true, useRecords: false, tagUint8Array: false } as ConstructorParameters<typeof Encoder>[0]);
const decoder = new Decoder({ mapsAsObjects: true, useRecords: false } as ConstructorParameters<typeof Decoder>[0]);

export async function cborCall(endpoint: string, operation: string, body: unknown | Buffer): Promise<{ status: number; body: Record<string, unknown>; raw: Buffer; headers: http.IncomingHttpHeaders }> {
  const encoded = Buffer.isBuffer(body) ? body : encoder.encode(body);
  const response = await rawRequest(endpoint, { headers: kinesisHeaders(operation, 'application/x-amz-cbor-1.1'), body: encoded });
  return {
    status: response.status,
    headers: response.headers,
    raw: response.body,
    body: response.body.length ? (decoder.decode(response.body) as Record<string, unknown>) : {},
  };
}

export function encodeCbor(value: unknown): Buffer {
  return encoder.encode(value);
}
