// A request or response as the audit trail shows it: CloudTrail writes requestParameters
// and responseElements with camelCase member names, and hides members the service model
// marks sensitive ("HIDDEN_DUE_TO_SECURITY_REASONS", as CloudTrail prints them for
// KMS plaintexts and IAM secret keys). Blobs are base64, timestamps ISO 8601.
import type { ShapeEngine } from './shapes.js';
import { lowerFirst } from './shapes.js';

export const hidden = 'HIDDEN_DUE_TO_SECURITY_REASONS';

export function auditView(shapes: ShapeEngine, shapeName: string, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  const shape = shapes.shape(shapeName);
  if (shape.sensitive) return hidden;
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      const input = value as Record<string, unknown>;
      for (const [member, ref] of Object.entries(shape.members ?? {})) {
        const shown = auditView(shapes, ref.shape, input[member]);
        if (shown !== undefined) out[lowerFirst(member)] = shown;
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((item) => auditView(shapes, shape.member!.shape, item));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = auditView(shapes, shape.value!.shape, item);
      return out;
    }
    case 'blob':
      return Buffer.isBuffer(value) || value instanceof Uint8Array ? Buffer.from(value).toString('base64') : undefined;
    case 'timestamp':
      return value instanceof Date ? value.toISOString() : value;
    default:
      return value;
  }
}
