// Batches sealed and opened on worker threads are the same records, in the same format, as
// the ones sealed inline (crypto/envelope-threads.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import { RecordOpenError, openRecord, sealRecord, type SealItem } from '../../src/crypto/envelope.js';
import { EnvelopeThreads, offloadThreshold } from '../../src/crypto/envelope-threads.js';

const streamArn = 'arn:aws:kinesis:us-east-1:000000000000:stream/orders';
const prefix = Buffer.from([2, ...randomBytes(16)]);
const material = randomBytes(32);

function items(count: number): SealItem[] {
  return Array.from({ length: count }, (_, index) => ({
    shardIndex: index % 3,
    seq: 1000 + index,
    content: { partitionKey: `customer-ü-${index}`, data: index === 0 ? Buffer.alloc(0) : randomBytes(1 + (index * 37) % 2048) },
  }));
}

const placeOf = (item: SealItem) => ({ streamArn, shardIndex: item.shardIndex, seq: item.seq });

describe('envelope threads', () => {
  const threads = new EnvelopeThreads(2);
  const inline = new EnvelopeThreads(0);

  it('a small batch is sealed before seal returns', () => {
    assert.ok(Array.isArray(threads.seal(material, prefix, streamArn, items(offloadThreshold - 1))));
  });

  it('a batch sealed on a worker opens inline, record by record, at its places', async () => {
    const batch = items(offloadThreshold * 4);
    const pending = threads.seal(material, prefix, streamArn, batch);
    assert.ok(pending instanceof Promise);
    const sealed = await pending;
    assert.equal(sealed.length, batch.length);
    sealed.forEach((bytes, index) => {
      assert.deepEqual(bytes.subarray(0, prefix.length), prefix);
      const opened = openRecord(material, placeOf(batch[index]!), bytes.subarray(prefix.length));
      assert.equal(opened.partitionKey, batch[index]!.content.partitionKey);
      assert.deepEqual(opened.data, batch[index]!.content.data);
    });
  });

  it('records sealed inline open on a worker, with two materials in one batch', async () => {
    const batch = items(offloadThreshold * 2);
    const other = randomBytes(32);
    const openItems = batch.map((item, index) => ({
      shardIndex: item.shardIndex,
      seq: item.seq,
      material: index % 2,
      sealed: sealRecord(index % 2 === 0 ? material : other, placeOf(item), item.content),
    }));
    const opened = await threads.open([material, other], streamArn, openItems);
    assert.deepEqual(
      opened.map((content) => [content.partitionKey, content.data.toString('hex')]),
      batch.map((item) => [item.content.partitionKey, item.content.data.toString('hex')]),
    );
  });

  for (const [name, pool] of [['on a worker', threads], ['inline', inline]] as const) {
    it(`a record that does not open is named by its index in the batch (${name})`, async () => {
      const batch = items(offloadThreshold * 2);
      const openItems = batch.map((item) => ({ shardIndex: item.shardIndex, seq: item.seq, material: 0, sealed: sealRecord(material, placeOf(item), item.content) }));
      openItems[45] = { ...openItems[45]!, seq: openItems[45]!.seq + 1 };
      await assert.rejects(async () => pool.open([material], streamArn, openItems), (error: unknown) => error instanceof RecordOpenError && error.index === 45 && error.code === 'CRYPTO_INTEGRITY');
    });
  }

  describe('openByGeneration', () => {
    const generationA = randomBytes(16);
    const generationB = randomBytes(16);
    const otherMaterial = randomBytes(32);
    const batch = items(6);
    // Generations A, B, A, B, A, B: B's material differs from A's.
    const stored = batch.map((item, index) => ({
      generationId: index % 2 === 0 ? generationA : generationB,
      shardIndex: item.shardIndex,
      seq: item.seq,
      sealed: sealRecord(index % 2 === 0 ? material : otherMaterial, placeOf(item), item.content),
    }));
    const materialFor = (generationId: Buffer) => (generationId.equals(generationA) ? material : otherMaterial);

    it('opens a small batch before it returns when every material is at hand', () => {
      const opened = threads.openByGeneration(streamArn, stored, materialFor);
      assert.ok(Array.isArray(opened));
      assert.deepEqual(
        opened.map((content) => content.data.toString('hex')),
        batch.map((item) => item.content.data.toString('hex')),
      );
    });

    it('waits for a material that must be fetched, asking for each generation once, in order of first appearance', async () => {
      const asked: string[] = [];
      const opened = threads.openByGeneration(streamArn, stored, (generationId) => {
        asked.push(generationId.equals(generationA) ? 'A' : 'B');
        return generationId.equals(generationA) ? material : Promise.resolve(otherMaterial);
      });
      assert.ok(opened instanceof Promise);
      assert.deepEqual(
        (await opened).map((content) => content.partitionKey),
        batch.map((item) => item.content.partitionKey),
      );
      assert.deepEqual(asked, ['A', 'B']);
    });

    it('fails the batch with the first material refused, without asking for the ones after it', async () => {
      const asked: string[] = [];
      const refused = new Error('KMSDisabledException');
      const opened = threads.openByGeneration(streamArn, [...stored.slice(1), stored[0]!], (generationId) => {
        asked.push(generationId.equals(generationA) ? 'A' : 'B');
        return Promise.reject(refused);
      });
      await assert.rejects(Promise.resolve(opened), (error: unknown) => error === refused);
      assert.deepEqual(asked, ['B']);
    });
  });

  it('a worker that stops mid-batch fails the batch with CRYPTO_WORKER instead of leaving it waiting, and later batches seal inline', async () => {
    const stopping = new EnvelopeThreads(1);
    const batch = items(offloadThreshold * 8);
    await stopping.seal(material, prefix, streamArn, batch);
    // The first batch keeps the worker busy, so the second goes to it whole, none of it
    // sealed on this thread: both are still on the worker when it stops.
    const first = stopping.seal(material, prefix, streamArn, batch);
    const inFlight = stopping.seal(material, prefix, streamArn, batch);
    assert.ok(first instanceof Promise && inFlight instanceof Promise);
    const firstSettled = first.then(
      () => undefined,
      () => undefined,
    );
    await stopping.close();
    await firstSettled;
    await assert.rejects(inFlight, (error: unknown) => (error as { code?: string }).code === 'CRYPTO_WORKER');
    const after = stopping.seal(material, prefix, streamArn, batch);
    assert.ok(Array.isArray(after));
    assert.deepEqual(openRecord(material, placeOf(batch[3]!), after[3]!.subarray(prefix.length)).data, batch[3]!.content.data);
  });

  it('a worker that exits by itself fails its batches with CRYPTO_WORKER, and the next big batch gets a new worker', async () => {
    const pool = new EnvelopeThreads(1);
    const batch = items(offloadThreshold * 8);
    await pool.seal(material, prefix, streamArn, batch);
    // The pool's own worker threads, reached past its privacy: a crash is not something the pool can be asked for.
    const threadsOf = () => (pool as unknown as { workers: Array<{ worker: Worker }> }).workers;
    const [worker] = threadsOf();
    const first = pool.seal(material, prefix, streamArn, batch);
    const inFlight = pool.seal(material, prefix, streamArn, batch);
    assert.ok(first instanceof Promise && inFlight instanceof Promise);
    const firstSettled = first.then(
      () => undefined,
      () => undefined,
    );
    await worker!.worker.terminate();
    await firstSettled;
    await assert.rejects(inFlight, (error: unknown) => (error as { code?: string }).code === 'CRYPTO_WORKER');
    const after = pool.seal(material, prefix, streamArn, batch);
    assert.ok(after instanceof Promise, 'still sealed on a worker thread, not inline');
    const sealed = await after;
    assert.deepEqual(openRecord(material, placeOf(batch[5]!), sealed[5]!.subarray(prefix.length)).data, batch[5]!.content.data);
    const [replacement] = threadsOf();
    assert.ok(replacement && replacement !== worker, 'a new worker took the exited one\'s place');
    await pool.close();
  });

  it('many batches in flight at once each come back whole and in order', async () => {
    const batches = Array.from({ length: 12 }, () => items(offloadThreshold + 7));
    const results = await Promise.all(batches.map((batch) => threads.seal(material, prefix, streamArn, batch)));
    results.forEach((sealed, batchIndex) => {
      sealed.forEach((bytes, index) => {
        const item = batches[batchIndex]![index]!;
        assert.deepEqual(openRecord(material, placeOf(item), bytes.subarray(prefix.length)).data, item.content.data);
      });
    });
  });
});
