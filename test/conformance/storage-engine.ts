// The one storage conformance suite: every engine registers it with its own factory and must
// pass all of it (Level/abstract-level's shared suite; hono runs one suite per runtime).
// Each test gets a fresh, opened engine; tests are named by the invariant they prove,
// in the words of src/storage/engine.ts.

import { afterEach, beforeEach, describe } from 'node:test';
import type { StorageEngine } from '../../src/storage/engine.js';
import { describeLifecycleInvariants, describeMetaInvariants } from './storage-engine-meta.js';
import { describeAppendBoundaryInvariants } from './storage-engine-appends.js';
import { describeLogInvariants } from './storage-engine-logs.js';

export type EngineFactory = () => Promise<{ engine: StorageEngine; cleanup: () => Promise<void> }>;

/** The engine of the test being run; valid between beforeEach and afterEach. */
export type CurrentEngine = () => StorageEngine;

export function storageConformance(name: string, create: EngineFactory): void {
  describe(`storage engine conformance: ${name}`, () => {
    let engine: StorageEngine | undefined;
    let cleanup: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      ({ engine, cleanup } = await create());
      await engine.open();
    });

    afterEach(async () => {
      // close() must be safe on an engine a test already closed.
      await engine?.close();
      await cleanup?.();
      engine = undefined;
      cleanup = undefined;
    });

    const current: CurrentEngine = () => {
      if (engine === undefined) throw new Error('no engine: used outside a test');
      return engine;
    };

    describe('logs', () => describeLogInvariants(current));
    describe('logs across appends', () => describeAppendBoundaryInvariants(current));
    describe('metadata', () => describeMetaInvariants(current));
    describe('lifecycle', () => describeLifecycleInvariants(current, create));
  });
}
