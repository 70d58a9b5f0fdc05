// Preconditions every engine applies before touching stored state, and the errors they
// raise, so that engines agree on what they accept (Level/abstract-level's model: the
// checks live in one place, engines implement storage only).

import { InternalError } from '../../internal-error.js';
import { storageErrorCodes, type LogAppend, type ReadOptions } from '../engine.js';

// LMDB refuses keys longer than its compiled maximum (1,978 bytes in lmdb-js, with the
// sequence number taking a few more), so names are capped below it for every engine:
// an engine must not accept a name another engine would refuse.
const maxNameBytes = 1024;

const utf8 = new TextEncoder();

export function conflictError(message: string): InternalError {
  return new InternalError(storageErrorCodes.conflict, message);
}

export function invalidError(message: string): InternalError {
  return new InternalError(storageErrorCodes.invalid, message);
}

export function corruptError(message: string): InternalError {
  return new InternalError(storageErrorCodes.corrupt, message);
}

export function closedError(engineName: string): InternalError {
  return new InternalError(storageErrorCodes.closed, `the ${engineName} storage engine is not open`);
}

export function checkName(kind: 'log' | 'key', name: string): void {
  if (typeof name !== 'string' || name.length === 0) throw invalidError(`a ${kind} name must be a non-empty string`);
  if (utf8.encode(name).byteLength > maxNameBytes) {
    throw invalidError(`a ${kind} name must be at most ${maxNameBytes} bytes of UTF-8`);
  }
}

function isSequenceNumber(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

function isPosition(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/**
 * Checks what can be checked without stored state: names, strictly increasing sequence
 * numbers above afterSeq, non-decreasing arrivals, and one entry per log (a log named twice
 * in one call would make "afterSeq is the log's last sequence number" ambiguous).
 * The engine still checks afterSeq and the first arrival against the stored log.
 */
export function checkAppends(appends: LogAppend[]): void {
  if (!Array.isArray(appends)) throw invalidError('append takes an array of log appends');
  const logs = new Set<string>();
  for (const append of appends) {
    checkName('log', append.log);
    if (logs.has(append.log)) throw invalidError(`log ${append.log} is named more than once in one append`);
    logs.add(append.log);
    if (!isPosition(append.afterSeq)) throw invalidError(`afterSeq of log ${append.log} must be a non-negative integer`);
    let previousSeq = append.afterSeq;
    let previousArrival = -Infinity;
    for (const record of append.records) {
      if (!isSequenceNumber(record.seq) || record.seq <= previousSeq) {
        throw invalidError(`sequence numbers of log ${append.log} must be integers increasing from ${append.afterSeq + 1}`);
      }
      if (!Number.isFinite(record.arrival) || record.arrival < previousArrival) {
        throw invalidError(`arrival times of log ${append.log} must be finite and never decrease`);
      }
      if (!(record.payload instanceof Uint8Array)) throw invalidError(`payload of log ${append.log} must be a Uint8Array`);
      previousSeq = record.seq;
      previousArrival = record.arrival;
    }
  }
}

/**
 * Arrival times never decrease within a log, across appends too: seekTime depends on it.
 * `storedLastArrival` is the arrival of the log's last record if that record is still stored,
 * which is what bounds() reports; once trim has dropped it the writer cannot know it, and no
 * stored record constrains the next arrival.
 */
export function checkFirstArrival(log: string, firstArrival: number | undefined, storedLastArrival: number | undefined): void {
  if (firstArrival !== undefined && storedLastArrival !== undefined && firstArrival < storedLastArrival) {
    throw invalidError(`arrival ${firstArrival} of log ${log} is before its last arrival ${storedLastArrival}`);
  }
}

export function checkRead(log: string, fromSeq: number, options: ReadOptions): void {
  checkName('log', log);
  if (!isPosition(fromSeq)) throw invalidError('fromSeq must be a non-negative integer');
  if (!Number.isSafeInteger(options.limit) || options.limit < 1) throw invalidError('limit must be a positive integer');
  if (options.maxBytes !== undefined && !(options.maxBytes >= 0)) throw invalidError('maxBytes must be a non-negative number');
}

export function checkTrim(log: string, beforeSeq: number): void {
  checkName('log', log);
  if (!isPosition(beforeSeq)) throw invalidError('beforeSeq must be a non-negative integer');
}

export function checkTime(log: string, time: number): void {
  checkName('log', log);
  if (typeof time !== 'number' || Number.isNaN(time)) throw invalidError('time must be a number');
}

export function checkPutMeta(key: string, expectedVersion: number | null): void {
  checkName('key', key);
  if (expectedVersion !== null && !isSequenceNumber(expectedVersion)) {
    throw invalidError('expectedVersion must be null or a positive integer');
  }
}

export function checkDeleteMeta(key: string, expectedVersion: number): void {
  checkName('key', key);
  if (!isSequenceNumber(expectedVersion)) throw invalidError('expectedVersion must be a positive integer');
}

export function checkListMeta(prefix: string, options: { after?: string; limit?: number }): void {
  if (typeof prefix !== 'string') throw invalidError('prefix must be a string');
  if (options.after !== undefined && typeof options.after !== 'string') throw invalidError('after must be a string');
  if (options.limit !== undefined && (!Number.isSafeInteger(options.limit) || options.limit < 1)) {
    throw invalidError('limit must be a positive integer');
  }
}

/** A deep copy of a metadata value, so neither the caller nor the store sees the other's later changes. */
export function cloneValue<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch (error: unknown) {
    throw new InternalError(storageErrorCodes.invalid, 'a metadata value must be a JSON document', { cause: error });
  }
}

/**
 * Orders strings by their UTF-8 bytes, which is code point order. JavaScript's `<` compares
 * UTF-16 code units and puts U+E000..U+FFFF after surrogate pairs; LMDB compares key bytes.
 */
export function compareByteOrder(left: string, right: string): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const leftUnit = left.charCodeAt(index);
    const rightUnit = right.charCodeAt(index);
    if (leftUnit === rightUnit) continue;
    // A surrogate (0xD800..0xDFFF) starts a code point above 0xFFFF, so it sorts after every
    // other unit; two differing surrogates (or two non-surrogates) compare as they are.
    const isLeftSurrogate = leftUnit >= 0xd800 && leftUnit <= 0xdfff;
    const isRightSurrogate = rightUnit >= 0xd800 && rightUnit <= 0xdfff;
    if (isLeftSurrogate !== isRightSurrogate) return isLeftSurrogate ? 1 : -1;
    return leftUnit - rightUnit;
  }
  return left.length - right.length;
}
