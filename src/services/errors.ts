// One error type for everything a client may see, and one for internal faults.
// Operations throw AwsError; engines and crypto throw InternalError with a stable
// code prefixed by their layer. toWireError (protocol/respond.ts) turns either into
// the codec's wire form; nothing internal ever reaches a client.

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

export class InternalError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InternalError';
    this.code = code;
  }
}

/** `needs(condition, message)`: a precondition that, when false, is a fault of ours, not the client's. */
export function needs(condition: unknown, code: string, message: string): asserts condition {
  if (!condition) throw new InternalError(code, message);
}
