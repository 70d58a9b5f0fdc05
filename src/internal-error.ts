// Internal faults of the lower layers (storage, crypto): a stable code prefixed by the
// layer (STORAGE_CONFLICT, CRYPTO_INTEGRITY). The protocol boundary turns them into the
// service's InternalFailure without showing them to the client.

export class InternalError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InternalError';
    this.code = code;
  }
}

/** `needs(condition, code, message)`: a precondition that, when false, is a fault of ours, not the client's. */
export function needs(condition: unknown, code: string, message: string): asserts condition {
  if (!condition) throw new InternalError(code, message);
}
