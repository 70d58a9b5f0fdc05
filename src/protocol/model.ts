// The official service models (models/*.json, trimmed from botocore's service-2.json by
// scripts/generate-models.mjs) drive decoding, validation and encoding of every request.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface MemberRef {
  shape: string;
  locationName?: string;
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
  members?: Record<string, MemberRef>;
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
}

export interface OperationModel {
  input?: string;
  output?: string;
  errors: string[];
}

export interface ServiceModel {
  metadata: { apiVersion: string; targetPrefix: string; signingName: string; jsonVersion: string };
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
}

const cache = new Map<string, ServiceModel>();

export function loadModel(service: 'kinesis' | 'firehose' | 'kms'): ServiceModel {
  let model = cache.get(service);
  if (!model) {
    const url = new URL(`../../../models/${service}.json`, import.meta.url);
    model = JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as ServiceModel;
    cache.set(service, model);
  }
  return model;
}
