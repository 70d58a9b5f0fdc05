// Log invariants of src/storage/engine.ts where reads, trims and time searches start, stop or
// cut inside one append, registered by storageConformance. An engine may store each append
// as a unit (the LMDB engine stores one chunk per append and log); every record must still
// behave as if stored alone. Each check compares the engine with a model of engine.ts computed
// from the records appended.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { LogRecord, StorageEngine } from '../../src/storage/engine.js';
import type { CurrentEngine } from './storage-engine.js';
import { appendTo, patternBytes, record, rejectsAsInvalid } from './helpers.js';

const all = { limit: 1_000_000 };

/** Appends of uneven sizes with sparse sequence numbers, payloads of 0 to 49 bytes, and runs of equal arrivals that cross appends. */
function unevenAppends(sizes: number[]): LogRecord[][] {
  let seq = 0;
  let arrival = 1000;
  let step = 0;
  return sizes.map((size) =>
    Array.from({ length: size }, () => {
      step += 1;
      seq += [1, 2, 1, 5][step % 4]!;
      arrival += [0, 1, 0, 0, 10][step % 5]!;
      return { seq, arrival, payload: patternBytes((step * 13) % 50, step) };
    }),
  );
}

/** What read must return, from engine.ts: seq >= fromSeq, ascending, at most limit, within maxBytes but at least one. */
function modelRead(stored: LogRecord[], fromSeq: number, limit: number, maxBytes?: number): LogRecord[] {
  const result: LogRecord[] = [];
  let totalBytes = 0;
  for (const each of stored) {
    if (each.seq < fromSeq) continue;
    if (result.length >= limit) break;
    if (maxBytes !== undefined && result.length > 0 && totalBytes + each.payload.byteLength > maxBytes) break;
    totalBytes += each.payload.byteLength;
    result.push(each);
  }
  return result;
}

async function appendAll(engine: StorageEngine, log: string, batches: LogRecord[][], afterSeq = 0): Promise<void> {
  for (const batch of batches) {
    await engine.append([appendTo(log, afterSeq, batch)]);
    afterSeq = batch.at(-1)!.seq;
  }
}

/** Checks read from every seq (with several limits and byte budgets), bounds and seekTime at every time against the model. */
async function assertStoredExactly(engine: StorageEngine, log: string, stored: LogRecord[], lastSeq: number, label: string): Promise<void> {
  assert.deepEqual(await engine.read(log, 0, all), stored, `${label}: every record`);
  const last = stored.at(-1);
  assert.deepEqual(
    await engine.bounds(log),
    { firstSeq: stored[0]?.seq, lastSeq, lastArrival: last?.seq === lastSeq ? last.arrival : undefined },
    `${label}: bounds`,
  );
  for (let fromSeq = 0; fromSeq <= lastSeq + 1; fromSeq++) {
    for (const limit of [1, 3, all.limit]) {
      for (const maxBytes of [undefined, 0, 60]) {
        const options = maxBytes === undefined ? { limit } : { limit, maxBytes };
        const expected = modelRead(stored, fromSeq, limit, maxBytes);
        assert.deepEqual(await engine.read(log, fromSeq, options), expected, `${label}: read from ${fromSeq}, ${JSON.stringify(options)}`);
      }
    }
  }
  const firstArrival = stored[0]?.arrival ?? 0;
  for (let time = firstArrival - 1; time <= (last?.arrival ?? 0) + 1; time++) {
    const expected = stored.find((each) => each.arrival >= time)?.seq;
    assert.equal(await engine.seekTime(log, time), expected, `${label}: seekTime ${time}`);
  }
}

export function describeAppendBoundaryInvariants(engine: CurrentEngine): void {
  it('read from any seq, inside an append or between appends, returns the records from there on, at most limit, within maxBytes', async () => {
    const batches = unevenAppends([1, 5, 1, 40, 3, 17, 1, 1, 60]);
    await appendAll(engine(), 'boundaries', batches);
    const stored = batches.flat();
    await assertStoredExactly(engine(), 'boundaries', stored, stored.at(-1)!.seq, 'untrimmed');
  });

  it('trim inside an append keeps the rest of that append; reads, bounds and seekTime see exactly the records >= beforeSeq', async () => {
    const batches = unevenAppends([4, 30, 2, 25]);
    await appendAll(engine(), 'trim-inside', batches);
    let stored = batches.flat();
    const lastSeq = stored.at(-1)!.seq;
    const [, second, third] = batches;
    // Inside the second append twice (the second cut inside what the first kept), on a seq
    // that was never used, at an append's first seq, and at the log's last seq.
    const gap = second![11]!.seq + 1;
    assert.ok(second![12]!.seq > gap, 'the fixture has a gap after the 12th record of the second append');
    for (const beforeSeq of [second![5]!.seq, second![9]!.seq, gap, third![0]!.seq, lastSeq]) {
      await engine().trim('trim-inside', beforeSeq);
      stored = stored.filter((each) => each.seq >= beforeSeq);
      await assertStoredExactly(engine(), 'trim-inside', stored, lastSeq, `after trim before ${beforeSeq}`);
    }
    // The last record is still stored, so it still holds the next arrival back.
    await rejectsAsInvalid(engine().append([appendTo('trim-inside', lastSeq, [record(lastSeq + 1, stored.at(-1)!.arrival - 1)])]));
    const more = unevenAppends([3]).flat().map((each) => ({ ...each, seq: each.seq + lastSeq, arrival: each.arrival + stored.at(-1)!.arrival }));
    await engine().append([appendTo('trim-inside', lastSeq, more)]);
    await assertStoredExactly(engine(), 'trim-inside', [...stored, ...more], more.at(-1)!.seq, 'appended after trims');
  });

  it('many one-record appends and a few large ones read back in order across every boundary', async () => {
    const stored: LogRecord[] = [];
    const pending: Promise<void>[] = [];
    for (let seq = 1; seq <= 200; seq++) {
      stored.push(record(seq, seq));
      pending.push(engine().append([appendTo('sizes', seq - 1, [stored.at(-1)!])]));
    }
    await Promise.all(pending);
    const many = Array.from({ length: 3000 }, (_, index) => record(201 + 2 * index, 200 + Math.floor(index / 3)));
    const large = [0, 1, 2].map((index) => ({ seq: 10_000 + index, arrival: 5000, payload: patternBytes(300_000 + index, index + 1) }));
    await engine().append([appendTo('sizes', 200, many)]);
    await engine().append([appendTo('sizes', many.at(-1)!.seq, large)]);
    stored.push(...many, ...large);
    assert.deepEqual(await engine().read('sizes', 0, all), stored);
    const reads: Array<[number, { limit: number; maxBytes?: number }]> = [
      [150, { limit: 100 }],
      [199, { limit: 3000 }],
      [202, { limit: 10, maxBytes: 50 }],
      [6000, { limit: 5000 }],
      [6199, { limit: 10 }],
      [9000, { limit: 10, maxBytes: 650_000 }],
      [10_001, { limit: 10, maxBytes: 0 }],
    ];
    for (const [fromSeq, options] of reads) {
      assert.deepEqual(await engine().read('sizes', fromSeq, options), modelRead(stored, fromSeq, options.limit, options.maxBytes), `read from ${fromSeq}`);
    }
    for (const time of [0, 1, 200, 201, 1199, 1200, 1201, 4999, 5000, 5001]) {
      assert.equal(await engine().seekTime('sizes', time), stored.find((each) => each.arrival >= time)?.seq, `seekTime ${time}`);
    }
    await engine().trim('sizes', 5001);
    assert.deepEqual(await engine().read('sizes', 0, all), stored.filter((each) => each.seq >= 5001));
  });
}
