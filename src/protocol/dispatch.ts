// The request pipeline, one stage a line (the order AWS's front end checks things in,
// as recorded by kinesalite's connection tests): method -> CORS -> target -> codec ->
// SigV4 -> body -> shape decode -> validation -> operation -> encode. One error boundary.
// IAM and STS speak the Query protocol (query.ts) on the same port: a form body names
// its Action, the credential scope its service; they answer and fail in XML.
import { randomUUID } from 'node:crypto';
import { takeRandom } from '../crypto/random.js';
import type { Logger } from 'pino';
import type { IncomingRequest, OutgoingResponse, RequestHandler } from '../transport/server.js';
import { AwsError } from '../services/errors.js';
import { commonErrors } from './errors.js';
import type { AuditTrail, Authorizer, Caller, RequestContext, ServiceDefinition, ServiceName } from '../services/context.js';
import { auditView } from './audit-view.js';
import { codecFor, encodeBody, jsonCodec, type BodyCodec } from './codecs.js';
import { eventStreamMember, eventStreamResponse } from './event-stream.js';
import { loadModel, type ServiceModel } from './model.js';
import { ShapeEngine } from './shapes.js';
import { decodeQuery, encodeQueryError, encodeQueryResponse, isQueryContentType, parseForm, queryErrors, queryErrorStatus, queryStringParameters } from './query.js';

interface MountedService {
  definition: ServiceDefinition;
  shapes: ShapeEngine;
  /** Kinesis names its 500 `InternalFailure`, Firehose and KMS their modelled fault names. */
  internalCode: string;
}

/**
 * Reads a request's signature and returns its caller. Open mode (open-authentication.ts)
 * trusts any well-formed signature as the account root; strict mode
 * (strict-authentication.ts) verifies it with the flavor of errors `service` speaks.
 */
export type Authenticate = (request: IncomingRequest, service: ServiceName) => Promise<Caller>;

export interface DispatchOptions {
  services: ServiceDefinition[];
  authenticate: Authenticate;
  authorizer: Authorizer;
  /** Management calls go on record here, refused ones too. */
  audit?: AuditTrail;
  log: Logger;
  health: () => Record<string, unknown>;
}

const corsExposed = 'x-amzn-RequestId,x-amzn-ErrorType,x-amz-request-id,x-amz-id-2,x-amzn-ErrorMessage,Date';

export function createDispatcher(options: DispatchOptions): RequestHandler {
  const byPrefix = new Map<string, MountedService>();
  const queryServices = new Map<string, MountedService>();
  for (const definition of options.services) {
    const model = withPatternOverrides(loadModel(definition.name), definition.patternOverrides);
    const mounted: MountedService = { definition, shapes: new ShapeEngine(model), internalCode: internalCodes[definition.name] ?? 'ServiceUnavailableException' };
    if (model.metadata.protocol === 'query') {
      queryServices.set(definition.name, mounted);
    } else {
      const targetPrefix = model.metadata.targetPrefix!;
      byPrefix.set(targetPrefix, mounted);
      // CloudTrail's botocore prefix is namespaced (com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101);
      // the SDK v3 clients, built from the Smithy model, send the bare service shape name
      // (CloudTrail_20131101.LookupEvents). AWS accepts both.
      if (targetPrefix.includes('.')) byPrefix.set(targetPrefix.slice(targetPrefix.lastIndexOf('.') + 1), mounted);
    }
  }
  /** The credential scope's service when it is a mounted Query service, else the one that has the Action. */
  const queryServiceFor = (scopeService: string | undefined, action: string): MountedService | undefined => {
    const scoped = scopeService === undefined ? undefined : queryServices.get(scopeService);
    if (scoped) return scoped;
    for (const mounted of queryServices.values()) if (mounted.shapes.model.operations[action]) return mounted;
    return undefined;
  };

  return async (request) => {
    const requestId = randomUUID();
    const cors: Record<string, string> = request.headers['origin'] ? { 'access-control-allow-origin': '*', 'access-control-expose-headers': corsExposed } : {};
    if (request.method === 'GET' && request.path === '/health') {
      return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(options.health())) };
    }
    if (request.method === 'OPTIONS') return preflight(request, cors);
    const isQueryGet = request.method === 'GET' && request.query.has('Action');
    if (request.method !== 'POST' && !isQueryGet) return accessDenied(requestId, cors);

    const form = isQueryGet ? queryStringParameters(request.query) : isQueryContentType(request.headers['content-type']) ? parseForm(request.body) : undefined;
    const codec = form ? undefined : codecFor(request.headers['content-type']);
    const target = form ? (form.get('Action') ?? '') : (request.headers['x-amz-target'] ?? '');
    const dot = target.lastIndexOf('.');
    const service = form ? queryServiceFor(scopeServiceOf(request), target) : byPrefix.get(target.slice(0, dot));
    const operationName = target.slice(dot + 1);
    const log = options.log.child({ requestId });
    const respondError = (error: unknown, useCodec: BodyCodec = codec ?? jsonCodec) => {
      const response = form
        ? queryErrorResponse(error, service, requestId, log)
        : errorResponse(error, useCodec, requestId, log, service?.internalCode ?? 'InternalFailure');
      Object.assign(response.headers, cors);
      return response;
    };

    const invoke = async (): Promise<OutgoingResponse> => {
      try {
        const handler = service?.definition.operations[operationName];
        const operation = service?.shapes.model.operations[operationName];
        if (form) {
          if (!target) throw queryErrors.missingAction();
          if (!service || !handler || !operation || form.get('Version') !== service.shapes.model.metadata.apiVersion) throw queryErrors.invalidAction(target, form.get('Version'));
        } else if (!codec || !service || !handler || !operation) {
          throw commonErrors.unknownOperation();
        }
        const caller = await options.authenticate(request, service.definition.name);
        call.caller = caller;
        let input: unknown = {};
        if (form) {
          if (operation.input) input = decodeQuery(service.shapes, operation.input, form);
        } else {
          if (request.body.length === 0) throw commonErrors.serialization();
          const document = codec!.parse(request.body);
          if (operation.input) input = service.shapes.decode(operation.input, document, codec!.codec) ?? {};
        }
        if (operation.input) service.shapes.check(operation.input, input);
        call.input = input;
        const context: RequestContext = {
          requestId,
          caller,
          log,
          authorize: (action, resourceArn, conditions) => options.authorizer(caller, action, resourceArn, conditions),
        };
        const output = await handler(input, context);
        call.output = output;
        const headers: Record<string, string> = { 'x-amzn-requestid': requestId, ...cors };
        if (form) return { status: 200, headers: { ...headers, 'content-type': 'text/xml' }, body: encodeQueryResponse(service.shapes, operationName, output, requestId) };
        const json = codec!;
        if (service.definition.name === 'kinesis') headers['x-amz-id-2'] = takeRandom(72).toString('base64');
        // Operations without an output shape answer 200 with an empty body (aws-wire.md §0.2).
        if (!operation.output) return { status: 200, headers: { ...headers, 'content-type': json.contentType }, body: Buffer.alloc(0) };
        const streamMember = eventStreamMember(service.shapes, operation.output);
        if (streamMember !== undefined) {
          return eventStreamResponse({ shapes: service.shapes, outputShape: operation.output, member: streamMember, output: output as Record<string, unknown>, codec: json, headers, log, internalCode: service.internalCode });
        }
        return { status: 200, headers: { ...headers, 'content-type': json.contentType }, body: encodeBody(json, service.shapes, operation.output, output ?? {}) };
      } catch (error) {
        call.error = error;
        return respondError(error);
      }
    };

    const call: CallRecord = {};
    const startedAt = performance.now();
    const eventTime = new Date();
    const response = await invoke();
    // Calls whose caller is unknown (an unknown operation, no signature, an unknown key, a
    // bad signature) stay off the trail, as CloudTrail records only authenticated calls;
    // otherwise anyone who can reach the port could fill the durable trail. A caller is
    // known only for a modelled operation, so recordCall finds its model.
    if (options.audit && service && call.caller && options.audit.records(service.definition.name, operationName)) {
      await recordCall(options.audit, service, operationName, call.caller, call, { eventTime, requestId, sourceIp: request.remoteAddress, userAgent: request.headers['user-agent'] }, log);
    }
    // One line a request at debug level; pino skips it cheaply when the level is higher.
    log.debug(
      { target, status: response.status, errorType: response.headers['x-amzn-errortype'], ms: Math.round((performance.now() - startedAt) * 100) / 100, http: request.httpVersion },
      'request',
    );
    return response;
  };
}

/** What the pipeline learnt of a call by the time it answered, for the audit trail. */
interface CallRecord {
  caller?: Caller;
  input?: unknown;
  output?: unknown;
  error?: unknown;
}

async function recordCall(
  audit: AuditTrail,
  service: MountedService,
  operationName: string,
  caller: Caller,
  call: CallRecord,
  request: { eventTime: Date; requestId: string; sourceIp: string; userAgent: string | undefined },
  log: Logger,
): Promise<void> {
  const operation = service.shapes.model.operations[operationName]!;
  const view = (shape: string | undefined, value: unknown) => (shape && value !== undefined ? (auditView(service.shapes, shape, value) as Record<string, unknown>) : undefined);
  const failed = call.error === undefined ? undefined : call.error instanceof AwsError ? call.error : undefined;
  try {
    await audit.append({
      eventTime: request.eventTime,
      requestId: request.requestId,
      service: service.definition.name,
      operation: operationName,
      region: caller.region,
      sourceIp: request.sourceIp,
      ...(request.userAgent !== undefined ? { userAgent: request.userAgent } : {}),
      caller,
      accessKeyId: caller.accessKeyId,
      ...(call.input !== undefined ? { requestParameters: view(operation.input, call.input) } : {}),
      ...(call.error === undefined && call.output !== undefined ? { responseElements: view(operation.output, call.output) } : {}),
      ...(call.error !== undefined ? { errorCode: failed?.code ?? service.internalCode, errorMessage: failed?.message ?? '' } : {}),
    });
  } catch (error) {
    // The call has happened; its answer stands. A trail that cannot be written is an operator's alarm.
    log.error({ err: error, operation: operationName }, 'audit trail append failed');
  }
}

/** A copy of the model with some string patterns replaced; the cached model stays as AWS wrote it. */
function withPatternOverrides(model: ServiceModel, overrides: Record<string, string> | undefined): ServiceModel {
  if (!overrides) return model;
  const shapes = { ...model.shapes };
  for (const [name, pattern] of Object.entries(overrides)) shapes[name] = { ...shapes[name]!, pattern };
  return { ...model, shapes };
}

/** What each service calls its 500 (Firehose's is the fallback). */
const internalCodes: Partial<Record<ServiceName, string>> = {
  kinesis: 'InternalFailure',
  kms: 'KMSInternalException',
  // IAM's modelled fault is ServiceFailureException, code ServiceFailure; STS models none.
  iam: 'ServiceFailure',
  sts: 'InternalFailure',
};

/** The service a SigV4 credential scope names (…/20150830/us-east-1/iam/aws4_request), if the request has one. */
function scopeServiceOf(request: IncomingRequest): string | undefined {
  const credential = /Credential=([^,\s]*)/.exec(request.headers['authorization'] ?? '')?.[1] ?? request.query.get('X-Amz-Credential') ?? '';
  return credential.split('/')[3];
}

function asAwsError(error: unknown, log: Logger, internalCode: string): AwsError {
  if (error instanceof AwsError) return error;
  log.error({ err: error }, 'internal failure');
  return new AwsError(internalCode, '', { status: 500, messageKey: 'none' });
}

/** Any error of a Query request, in the Query protocol's XML (query.ts). */
function queryErrorResponse(error: unknown, service: MountedService | undefined, requestId: string, log: Logger): OutgoingResponse {
  const aws = asAwsError(error, log, service?.internalCode ?? 'InternalFailure');
  return {
    status: queryErrorStatus(aws),
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: encodeQueryError(service?.shapes.model, aws, requestId),
  };
}

function errorResponse(error: unknown, codec: BodyCodec, requestId: string, log: Logger, internalCode: string): OutgoingResponse {
  const aws = asAwsError(error, log, internalCode);
  const body: Record<string, unknown> = { __type: aws.code };
  if (aws.messageKey !== 'none') body[aws.messageKey] = aws.message;
  if (aws.extra) Object.assign(body, aws.extra);
  return {
    status: aws.status,
    headers: { 'content-type': codec.contentType, 'x-amzn-requestid': requestId, 'x-amzn-errortype': aws.code },
    body: codec.serialize(body),
  };
}

function preflight(request: IncomingRequest, cors: Record<string, string>): OutgoingResponse {
  const headers: Record<string, string> = { ...cors, 'access-control-max-age': '172800' };
  const requestedHeaders = request.headers['access-control-request-headers'];
  const requestedMethod = request.headers['access-control-request-method'];
  if (requestedHeaders) headers['access-control-allow-headers'] = requestedHeaders;
  if (requestedMethod) headers['access-control-allow-methods'] = requestedMethod;
  return { status: 200, headers, body: Buffer.alloc(0) };
}

// A non-POST request gets the XML answer AWS's front door gives (aws-wire.md §0.1).
function accessDenied(requestId: string, cors: Record<string, string>): OutgoingResponse {
  const body = '<AccessDeniedException>\n  <Message>Unable to determine service/operation name to be authorized</Message>\n</AccessDeniedException>\n';
  return { status: 403, headers: { ...cors, 'content-type': 'application/xml', 'x-amzn-requestid': requestId }, body: Buffer.from(body) };
}
