import assert from 'node:assert/strict';
import { it } from 'node:test';
import { MemoryEngine } from '../../src/storage/engines/memory.js';
import { storageConformance } from './storage-engine.js';

storageConformance('memory', async () => ({ engine: new MemoryEngine(), cleanup: async () => {} }));

it('the memory engine says it is not durable', () => {
  assert.deepEqual(new MemoryEngine().capabilities, { durable: false, name: 'memory' });
});
