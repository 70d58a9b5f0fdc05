// One delivery attempt to an HTTP endpoint, in Firehose's documented request format, and
// the judgement of its answer (aws-wire.md §3.8, §5.7 item 39):
// - POST with X-Amz-Firehose-Protocol-Version 1.0, X-Amz-Firehose-Request-Id (the same on
//   every retry of a batch), X-Amz-Firehose-Source-Arn, X-Amz-Firehose-Access-Key only when
//   configured, X-Amz-Firehose-Common-Attributes, Content-Type application/json, and
//   Content-Encoding gzip only when GZIP is configured;
// - body {"requestId", "timestamp" (epoch milliseconds), "records": [{"data": base64}]};
// - success is status 200 with a JSON body naming the same requestId and a timestamp;
//   413 is permanent (not retried); anything else, a redirect or a non-conforming answer
//   is a failure to retry; 3 minutes without an answer is a timeout.
import http from 'node:http';
import https from 'node:https';
import { gzipSync } from 'node:zlib';
import type { HttpEndpointDestinationConfiguration } from '../../../generated/firehose-shapes.js';

export const attemptTimeoutMs = 180_000;
const maxResponseBytes = 1024 * 1024;

export interface AttemptOutcome {
  isSuccess: boolean;
  /** 413: the endpoint will never take this batch. */
  isPermanent: boolean;
  /** HttpEndpoint.* error code, for the backup records [DG basic-deliver]. */
  errorCode?: string;
  errorMessage?: string;
}

export function requestBody(requestId: string, records: Buffer[], now: number): Buffer {
  return Buffer.from(JSON.stringify({ requestId, timestamp: now, records: records.map((data) => ({ data: data.toString('base64') })) }), 'utf8');
}

export function requestHeaders(config: HttpEndpointDestinationConfiguration, sourceArn: string, requestId: string): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amz-firehose-protocol-version': '1.0',
    'x-amz-firehose-request-id': requestId,
    'x-amz-firehose-source-arn': sourceArn,
  };
  const accessKey = config.EndpointConfiguration.AccessKey;
  if (accessKey !== undefined && accessKey !== '') headers['x-amz-firehose-access-key'] = accessKey;
  const attributes = config.RequestConfiguration?.CommonAttributes ?? [];
  headers['x-amz-firehose-common-attributes'] = JSON.stringify({ commonAttributes: Object.fromEntries(attributes.map((attribute) => [attribute.AttributeName, attribute.AttributeValue])) });
  if (config.RequestConfiguration?.ContentEncoding === 'GZIP') headers['content-encoding'] = 'gzip';
  return headers;
}

export async function postBatch(config: HttpEndpointDestinationConfiguration, sourceArn: string, requestId: string, records: Buffer[], signal: AbortSignal): Promise<AttemptOutcome> {
  const json = requestBody(requestId, records, Date.now());
  const body = config.RequestConfiguration?.ContentEncoding === 'GZIP' ? gzipSync(json) : json;
  const headers = { ...requestHeaders(config, sourceArn, requestId), 'content-length': String(body.length) };
  let response: { status: number; body: Buffer };
  try {
    response = await send(config.EndpointConfiguration.Url, headers, body, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    return { isSuccess: false, isPermanent: false, errorCode: 'HttpEndpoint.RequestTimeout', errorMessage: `The request to the endpoint failed: ${reason}` };
  }
  const shown = `${response.status}: ${response.body.toString('utf8', 0, Math.min(response.body.length, 8192))}`;
  if (response.status === 413) return { isSuccess: false, isPermanent: true, errorCode: 'HttpEndpoint.PayloadTooLarge', errorMessage: `The following response was received from the endpoint destination. ${shown}` };
  if (response.status !== 200) {
    return { isSuccess: false, isPermanent: false, errorCode: 'HttpEndpoint.DestinationException', errorMessage: `The following response was received from the endpoint destination. ${shown}` };
  }
  if (!isConformingAnswer(response.body, requestId)) {
    return { isSuccess: false, isPermanent: false, errorCode: 'HttpEndpoint.InvalidResponseFromDestination', errorMessage: `The response received from the endpoint is invalid. ${shown}` };
  }
  return { isSuccess: true, isPermanent: false };
}

function isConformingAnswer(body: Buffer, requestId: string): boolean {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { requestId?: unknown; timestamp?: unknown };
    return parsed.requestId === requestId && typeof parsed.timestamp === 'number';
  } catch {
    return false;
  }
}

function send(url: string, headers: Record<string, string>, body: Buffer, signal: AbortSignal): Promise<{ status: number; body: Buffer }> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(target, { method: 'POST', headers, signal, timeout: attemptTimeoutMs, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      let length = 0;
      response.on('data', (chunk: Buffer) => {
        length += chunk.length;
        // A response over 1 MiB is non-conforming; stop reading it (aws-wire.md §3.8).
        if (length > maxResponseBytes) response.destroy(new Error('response larger than 1 MiB'));
        else chunks.push(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('no answer within 3 minutes')));
    request.on('error', reject);
    request.end(body);
  });
}
