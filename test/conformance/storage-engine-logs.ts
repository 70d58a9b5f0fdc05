// Log invariants of src/storage/engine.ts, registered by storageConformance.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { LogRecord } from '../../src/storage/engine.js';
import type { CurrentEngine } from './storage-engine.js';
import {
  appendTo,
  patternBytes,
  record,
  records,
  rejectsAsInvalid,
  rejectsWithConflict,
} from './helpers.js';

const all = { limit: 1_000_000 };

export function describeLogInvariants(engine: CurrentEngine): void {
  it('a log never written has lastSeq 0, no records, and no arrival to seek', async () => {
    assert.deepEqual(await engine().bounds('never'), { firstSeq: undefined, lastSeq: 0, lastArrival: undefined });
    assert.deepEqual(await engine().read('never', 0, all), []);
    assert.equal(await engine().seekTime('never', 0), undefined);
  });

  it('records are returned exactly as appended (bytes, seq, arrival), in sequence order', async () => {
    const sizes = [0, 1, 255, 65_537, 1 << 20, 0];
    const appended: LogRecord[] = sizes.map((size, index) => ({
      seq: 10 * (index + 1),
      arrival: 1_700_000_000_000 + index,
      payload: patternBytes(size, index + 1),
    }));
    await engine().append([appendTo('exact', 0, appended.slice(0, 2))]);
    await engine().append([appendTo('exact', 20, appended.slice(2))]);
    assert.deepEqual(await engine().read('exact', 0, all), appended);
    assert.deepEqual(await engine().bounds('exact'), { firstSeq: 10, lastSeq: 60, lastArrival: 1_700_000_000_005 });
  });

  it('stored bytes are the engine\'s own: changing the appended or the returned bytes changes nothing stored', async () => {
    const payload = new Uint8Array([1, 2, 3]);
    const appending = engine().append([appendTo('copies', 0, [{ seq: 1, arrival: 1, payload }])]);
    payload[0] = 99;
    await appending;
    const [first] = await engine().read('copies', 1, all);
    first!.payload[1] = 99;
    assert.deepEqual((await engine().read('copies', 1, all))[0]!.payload, new Uint8Array([1, 2, 3]));
  });

  it('an append whose afterSeq is not the log\'s last sequence number fails with STORAGE_CONFLICT and writes nothing', async () => {
    await engine().append([appendTo('conflict', 0, records(1, 3))]);
    await rejectsWithConflict(engine().append([appendTo('conflict', 2, [record(4, 4000)])]));
    await rejectsWithConflict(engine().append([appendTo('conflict', 4, [record(5, 5000)])]));
    await rejectsWithConflict(engine().append([appendTo('conflict', 0, [record(4, 4000)])]));
    await rejectsWithConflict(engine().append([appendTo('unwritten', 3, [record(4, 4000)])]));
    assert.deepEqual(await engine().read('conflict', 0, all), records(1, 3));
    assert.equal((await engine().bounds('unwritten')).lastSeq, 0);
  });

  it('an append with no records still checks afterSeq and writes nothing', async () => {
    await engine().append([appendTo('empty-append', 0, [])]);
    assert.deepEqual(await engine().bounds('empty-append'), { firstSeq: undefined, lastSeq: 0, lastArrival: undefined });
    await rejectsWithConflict(engine().append([appendTo('empty-append', 1, [])]));
  });

  it('one append stores the records of every log it names', async () => {
    await engine().append([appendTo('multi/a', 0, records(1, 2)), appendTo('multi/b', 0, records(7, 3))]);
    assert.deepEqual(await engine().read('multi/a', 0, all), records(1, 2));
    assert.deepEqual(await engine().read('multi/b', 0, all), records(7, 3));
  });

  it('one append is atomic across logs: a conflict on one log writes nothing to any log', async () => {
    await engine().append([appendTo('atomic/a', 0, records(1, 2))]);
    await rejectsWithConflict(engine().append([appendTo('atomic/a', 2, records(3, 1)), appendTo('atomic/b', 5, records(6, 1))]));
    await rejectsWithConflict(engine().append([appendTo('atomic/b', 0, records(1, 1)), appendTo('atomic/a', 1, records(3, 1))]));
    await rejectsAsInvalid(engine().append([appendTo('atomic/b', 0, records(1, 1)), appendTo('atomic/a', 2, [record(1, 1)])]));
    assert.deepEqual(await engine().read('atomic/a', 0, all), records(1, 2));
    assert.deepEqual(await engine().bounds('atomic/b'), { firstSeq: undefined, lastSeq: 0, lastArrival: undefined });
  });

  it('sequence numbers must be positive integers strictly increasing after afterSeq, else STORAGE_INVALID_ARGUMENT', async () => {
    await rejectsAsInvalid(engine().append([appendTo('invalid', 0, [record(0, 1)])]));
    await rejectsAsInvalid(engine().append([appendTo('invalid', 0, [record(2, 1), record(2, 1)])]));
    await rejectsAsInvalid(engine().append([appendTo('invalid', 0, [record(3, 1), record(2, 1)])]));
    await rejectsAsInvalid(engine().append([appendTo('invalid', 0, [record(1.5, 1)])]));
    await rejectsAsInvalid(engine().append([appendTo('invalid', 0, records(1, 1)), appendTo('invalid', 1, records(2, 1))]));
    assert.equal((await engine().bounds('invalid')).lastSeq, 0);
  });

  it('arrival times never decrease within a log, across appends too, else STORAGE_INVALID_ARGUMENT', async () => {
    await rejectsAsInvalid(engine().append([appendTo('arrivals', 0, [record(1, 50), record(2, 40)])]));
    await engine().append([appendTo('arrivals', 0, [record(1, 50), record(2, 50)])]);
    await rejectsAsInvalid(engine().append([appendTo('arrivals', 2, [record(3, 49)])]));
    await engine().append([appendTo('arrivals', 2, [record(3, 50)])]);
    assert.equal((await engine().bounds('arrivals')).lastSeq, 3);
  });

  it('once trim has dropped every record, the next arrival is held to no dropped record (bounds reports none)', async () => {
    await engine().append([appendTo('arrivals-trimmed', 0, [record(1, 50), record(2, 60)])]);
    await engine().trim('arrivals-trimmed', 2);
    await rejectsAsInvalid(engine().append([appendTo('arrivals-trimmed', 2, [record(3, 59)])]));
    await engine().trim('arrivals-trimmed', 3);
    await engine().append([appendTo('arrivals-trimmed', 2, [record(3, 10)])]);
    assert.deepEqual(await engine().bounds('arrivals-trimmed'), { firstSeq: 3, lastSeq: 3, lastArrival: 10 });
    assert.equal(await engine().seekTime('arrivals-trimmed', 5), 3);
  });

  it('lastSeq is bounds().lastSeq: 0 for a log never written, the last appended after appends, trims and a drop', async () => {
    const agrees = async (log: string, expected: number) => {
      assert.equal(await engine().lastSeq(log), expected);
      assert.equal((await engine().bounds(log)).lastSeq, expected);
    };
    await agrees('last-seq', 0);
    await engine().append([appendTo('last-seq', 0, [record(4, 1), record(7, 2)])]);
    await agrees('last-seq', 7);
    await engine().append([appendTo('last-seq', 7, [record(9, 3)])]);
    await agrees('last-seq', 9);
    await engine().trim('last-seq', 8);
    await agrees('last-seq', 9);
    // Trimmed to nothing, the log still remembers its last sequence number.
    await engine().trim('last-seq', 10);
    await agrees('last-seq', 9);
    await engine().dropLog('last-seq');
    await agrees('last-seq', 0);
    await rejectsAsInvalid(engine().lastSeq(''));
  });

  it('logs whose names share a prefix are independent', async () => {
    for (const log of ['shard', 'shard/1', 'shard0', 'shar']) {
      await engine().append([appendTo(log, 0, [record(1, 1, log)])]);
    }
    await engine().trim('shard', 2);
    await engine().dropLog('shard/1');
    assert.deepEqual(await engine().read('shard', 0, all), []);
    assert.deepEqual(await engine().read('shard/1', 0, all), []);
    assert.deepEqual(await engine().read('shard0', 0, all), [record(1, 1, 'shard0')]);
    assert.deepEqual(await engine().read('shar', 0, all), [record(1, 1, 'shar')]);
  });

  it('read returns records with seq >= fromSeq, ascending, at most limit', async () => {
    const sparse = [2, 3, 5, 8, 13, 21].map((seq) => record(seq, seq));
    await engine().append([appendTo('sparse', 0, sparse)]);
    assert.deepEqual(await engine().read('sparse', 4, all), sparse.slice(2));
    assert.deepEqual(await engine().read('sparse', 5, { limit: 2 }), sparse.slice(2, 4));
    assert.deepEqual(await engine().read('sparse', 22, all), []);
    await rejectsAsInvalid(engine().read('sparse', 0, { limit: 0 }));
  });

  it('read stops before the total payload size would exceed maxBytes, but always returns at least one record', async () => {
    const sized = [10, 10, 10, 30].map((size, index) => ({ seq: index + 1, arrival: 1, payload: patternBytes(size, size) }));
    await engine().append([appendTo('budget', 0, sized)]);
    assert.deepEqual(await engine().read('budget', 1, { limit: 10, maxBytes: 20 }), sized.slice(0, 2));
    assert.deepEqual(await engine().read('budget', 1, { limit: 10, maxBytes: 29 }), sized.slice(0, 2));
    assert.deepEqual(await engine().read('budget', 1, { limit: 10, maxBytes: 30 }), sized.slice(0, 3));
    assert.deepEqual(await engine().read('budget', 4, { limit: 10, maxBytes: 5 }), sized.slice(3));
    assert.deepEqual(await engine().read('budget', 1, { limit: 10, maxBytes: 0 }), sized.slice(0, 1));
    assert.deepEqual(await engine().read('budget', 1, { limit: 2, maxBytes: 1000 }), sized.slice(0, 2));
  });

  it('trim drops records below a sequence number; the log still remembers its last sequence number', async () => {
    await engine().append([appendTo('trimmed', 0, records(1, 5))]);
    await engine().trim('trimmed', 3);
    assert.deepEqual(await engine().read('trimmed', 0, all), records(3, 3));
    assert.deepEqual(await engine().bounds('trimmed'), { firstSeq: 3, lastSeq: 5, lastArrival: 5000 });
    await engine().trim('trimmed', 100);
    assert.deepEqual(await engine().read('trimmed', 0, all), []);
    assert.deepEqual(await engine().bounds('trimmed'), { firstSeq: undefined, lastSeq: 5, lastArrival: undefined });
    assert.equal(await engine().seekTime('trimmed', 0), undefined);
  });

  it('sequence numbers are never reused after trim: the next append names the remembered last seq', async () => {
    await engine().append([appendTo('no-reuse', 0, records(1, 2))]);
    await engine().trim('no-reuse', 3);
    await rejectsWithConflict(engine().append([appendTo('no-reuse', 0, records(1, 1))]));
    await engine().append([appendTo('no-reuse', 2, records(3, 1))]);
    assert.deepEqual(await engine().read('no-reuse', 0, all), records(3, 1));
  });

  it('seekTime returns the sequence number of the first stored record whose arrival >= time', async () => {
    // Sparse sequence numbers and runs of equal arrivals, checked against a linear scan.
    const stored: LogRecord[] = [];
    for (let index = 0; index < 500; index++) stored.push(record(4 * index + 1 + (index % 3), 10 * Math.floor(index / 4), ''));
    await engine().append([appendTo('seek', 0, stored)]);
    const expected = (time: number, from: LogRecord[]) => from.find((each) => each.arrival >= time)?.seq;
    for (const time of [-1, 0, 1, 9, 10, 11, 500, 1240, 1241, 1250, 5000, Number.NEGATIVE_INFINITY]) {
      assert.equal(await engine().seekTime('seek', time), expected(time, stored), `time ${time}`);
    }
    await engine().trim('seek', stored[100]!.seq);
    for (const time of [0, 240, 250, 251, 1240]) {
      assert.equal(await engine().seekTime('seek', time), expected(time, stored.slice(100)), `after trim, time ${time}`);
    }
  });

  it('dropLog drops the log and everything in it; its sequence numbers may be reused afterwards', async () => {
    await engine().append([appendTo('dropped', 0, records(1, 3))]);
    await engine().dropLog('dropped');
    assert.deepEqual(await engine().bounds('dropped'), { firstSeq: undefined, lastSeq: 0, lastArrival: undefined });
    assert.deepEqual(await engine().read('dropped', 0, all), []);
    await engine().append([appendTo('dropped', 0, [record(1, 1, 'again')])]);
    assert.deepEqual(await engine().read('dropped', 0, all), [record(1, 1, 'again')]);
    await engine().dropLog('never-written');
  });

  it('appends issued without awaiting each other take effect in submission order', async () => {
    const pipelined = [
      engine().append([appendTo('pipeline', 0, records(1, 2))]),
      engine().append([appendTo('pipeline', 2, records(3, 1))]),
      engine().append([appendTo('pipeline', 3, records(4, 2))]),
    ];
    await Promise.all(pipelined);
    assert.deepEqual(await engine().read('pipeline', 0, all), records(1, 5));
  });

  it('a pipelined append that names a stale afterSeq fails and the one after it still succeeds', async () => {
    const first = engine().append([appendTo('pipeline-conflict', 0, records(1, 1))]);
    const stale = engine().append([appendTo('pipeline-conflict', 0, [record(1, 1, 'stale')])]);
    const third = engine().append([appendTo('pipeline-conflict', 1, records(2, 1))]);
    await first;
    await rejectsWithConflict(stale);
    await third;
    assert.deepEqual(await engine().read('pipeline-conflict', 0, all), records(1, 2));
  });

  it('many pipelined appends across logs all succeed', async () => {
    const logs = ['many/0', 'many/1', 'many/2'];
    const pending: Promise<void>[] = [];
    for (let seq = 1; seq <= 300; seq++) {
      const log = logs[seq % 3]!;
      pending.push(engine().append([appendTo(log, seq <= 3 ? 0 : seq - 3, [record(seq, seq)])]));
    }
    await Promise.all(pending);
    for (const [index, log] of logs.entries()) {
      const seqs = (await engine().read(log, 0, all)).map((each) => each.seq);
      assert.deepEqual(seqs, Array.from({ length: 100 }, (_, offset) => 3 * offset + (index === 0 ? 3 : index)));
    }
  });
}
