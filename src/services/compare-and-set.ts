// Every change to a metadata document is read, checked and written with compare-and-set
// (storage/engine.ts, putMeta and deleteMeta with the version read). A write that loses to
// a concurrent one is tried again on the fresh document, a bounded number of times.
import { storageErrorCodes } from '../storage/engine.js';
import { InternalError } from './errors.js';

/** Compare-and-set retries of one change before it gives up. */
export const maxCompareAndSetAttempts = 20;

export function isConflict(error: unknown): boolean {
  return error instanceof InternalError && error.code === storageErrorCodes.conflict;
}

/**
 * Runs `step` (read, check, write) until its write does not lose a compare-and-set; any
 * other error ends it. After the last lost attempt, throws what `exhausted` makes.
 */
export async function retryOnConflict<T>(step: () => Promise<T>, exhausted: () => Error): Promise<T> {
  for (let attempt = 0; attempt < maxCompareAndSetAttempts; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
  }
  throw exhausted();
}
