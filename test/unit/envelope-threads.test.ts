// Batches sealed and opened on worker threads are the same records, in the same format, as
// the ones sealed inline (crypto/envelope-threads.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
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
      await assert.rejects(pool.open([material], streamArn, openItems), (error: unknown) => error instanceof RecordOpenError && error.index === 45 && error.code === 'CRYPTO_INTEGRITY');
    });
  }

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
