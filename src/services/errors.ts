// The error type for everything a client may see. Operations throw AwsError; engines
// and crypto throw InternalError (internal-error.ts) with a stable code prefixed by their
// layer. The dispatcher's one error boundary turns either into the codec's wire form;
// nothing internal ever reaches a client.

export type MessageKey = 'message' | 'Message' | 'none';

export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  /** Most modelled errors use `message`; SerializationException and front-door errors use `Message` (aws-wire.md §0.3). */
  readonly messageKey: MessageKey;
  readonly extra: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: { status?: number; messageKey?: MessageKey; extra?: Record<string, unknown> } = {}) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = options.status ?? 400;
    this.messageKey = options.messageKey ?? 'message';
    this.extra = options.extra;
  }
}

/**
 * The ValidationException AWS's front end sends for constraint violations, each worded
 * "Value '…' at '…' failed to satisfy constraint: …": at most ten listed (aws-wire.md §0.3).
 * The shape engine and the services' own per-resource limits both word it here.
 */
export function validationException(violations: string[]): AwsError {
  const shown = violations.slice(0, 10);
  return new AwsError('ValidationException', `${shown.length} validation error${shown.length > 1 ? 's' : ''} detected: ${shown.join('; ')}`);
}

// Internal faults live in the layer below; re-exported for the services' convenience.
export { InternalError, needs } from '../internal-error.js';
