// The official service models (models/*.json, trimmed from botocore's service-2.json by
// scripts/generate-models.mjs) drive decoding, validation and encoding of every request.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ServiceName } from '../services/context.js';

export interface MemberRef {
  shape: string;
  locationName?: string;
  /** Query protocol: list members serialized without the `member` wrapper. */
  flattened?: boolean;
}

export interface Shape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'blob' | 'timestamp' | 'double' | 'float';
  required?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  sensitive?: boolean;
  eventstream?: boolean;
  union?: boolean;
  exception?: boolean;
  flattened?: boolean;
  members?: Record<string, MemberRef>;
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  /** Modelled errors: the HTTP status, and for the Query protocol the wire code (NoSuchEntity for NoSuchEntityException). */
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
}

export interface OperationModel {
  input?: string;
  output?: string;
  /** Query protocol: the element the output is wrapped in, `<OperationResult>`. */
  resultWrapper?: string;
  errors: string[];
}

export interface ServiceModel {
  metadata: { apiVersion: string; targetPrefix?: string; signingName: string; jsonVersion?: string; protocol: 'json' | 'query'; xmlNamespace?: string };
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
}

const cache = new Map<string, ServiceModel>();

export function loadModel(service: ServiceName): ServiceModel {
  let model = cache.get(service);
  if (!model) {
    const url = new URL(`../../../models/${service}.json`, import.meta.url);
    model = JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as ServiceModel;
    cache.set(service, model);
  }
  return model;
}
