// Small builders and assertions shared by the conformance suite files.

import assert from 'node:assert/strict';
import { InternalError } from '../../src/services/errors.js';
import { storageErrorCodes, type LogAppend, type LogRecord } from '../../src/storage/engine.js';

const utf8 = new TextEncoder();

export function record(seq: number, arrival: number, text = `record ${seq}`): LogRecord {
  return { seq, arrival, payload: utf8.encode(text) };
}

/** Records with consecutive sequence numbers from `firstSeq`, arrival = 1000 * seq. */
export function records(firstSeq: number, count: number): LogRecord[] {
  return Array.from({ length: count }, (_, index) => record(firstSeq + index, 1000 * (firstSeq + index)));
}

export function appendTo(log: string, afterSeq: number, appended: LogRecord[]): LogAppend {
  return { log, afterSeq, records: appended };
}

export async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof InternalError, `expected an InternalError, got ${String(error)}`);
    assert.equal(error.code, code);
    return true;
  });
}

export const rejectsWithConflict = (promise: Promise<unknown>) => rejectsWithCode(promise, storageErrorCodes.conflict);
export const rejectsAsInvalid = (promise: Promise<unknown>) => rejectsWithCode(promise, storageErrorCodes.invalid);
export const rejectsAsClosed = (promise: Promise<unknown>) => rejectsWithCode(promise, storageErrorCodes.closed);

/** Deterministic pseudo-random bytes, so a failure names bytes that can be reproduced. */
export function patternBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < length; index++) {
    // xorshift32 (Marsaglia, "Xorshift RNGs", 2003)
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[index] = state & 0xff;
  }
  return bytes;
}
