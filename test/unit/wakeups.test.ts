// The watch SubscribeToShard sleeps on (wakeups.ts): it never sleeps through a ring, and
// the records the appender hands over with its rings stand in for a read of storage only
// while they are the whole story.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogRecord } from '../../src/storage/engine.js';
import { Wakeups } from '../../src/services/kinesis/domain/wakeups.js';

const limits = { records: 5, bytes: 100 };
const records = (...seqs: number[]): LogRecord[] => seqs.map((seq) => ({ seq, arrival: 1_000 + seq, payload: new Uint8Array(10) }));
const never = new AbortController().signal;

describe('wakeups', () => {
  it('asks for a look at storage on the first take, then hands over appended records in order', () => {
    const wakeups = new Wakeups();
    const watch = wakeups.watch(['log', 'stream'], limits);
    wakeups.ring('log', records(1, 2));
    assert.equal(watch.take(0), undefined, 'nothing was looked at yet');
    assert.deepEqual(watch.take(2), [], 'nothing rang since');
    wakeups.ring('log', records(3));
    wakeups.ring('log', records(4, 5));
    assert.deepEqual(watch.take(2), records(3, 4, 5));
    wakeups.ring('other-log', records(9));
    assert.deepEqual(watch.take(5), [], 'a key not watched rings nothing here');
    watch.close();
  });

  it('drops records already read, and asks for a look when a counter is missing', () => {
    const wakeups = new Wakeups();
    const watch = wakeups.watch(['log'], limits);
    watch.take(0);
    wakeups.ring('log', records(3, 4));
    wakeups.ring('log', records(5));
    assert.deepEqual(watch.take(3), records(4, 5), 'the look already returned 3');
    wakeups.ring('log', records(7));
    assert.equal(watch.take(5), undefined, '6 is not among them: a gap, or another writer');
    wakeups.ring('log', records(6, 7));
    wakeups.ring('log', records(9));
    assert.equal(watch.take(5), undefined, '8 is missing between them');
    watch.close();
  });

  it('asks for a look after another change rang, or once more than its limits was appended', () => {
    const wakeups = new Wakeups();
    const watch = wakeups.watch(['log', 'stream'], limits);
    watch.take(0);
    wakeups.ring('log', records(1));
    wakeups.ring('stream');
    wakeups.ring('log', records(2));
    assert.equal(watch.take(0), undefined, 'the stream changed between the appends');
    wakeups.ring('log', records(3, 4, 5, 6, 7, 8));
    assert.equal(watch.take(2), undefined, 'six records, over the limit of five');
    wakeups.ring('log', [...records(9, 10, 11), { seq: 12, arrival: 1, payload: new Uint8Array(80) }]);
    assert.equal(watch.take(8), undefined, '110 bytes, over the limit of 100');
    wakeups.ring('log', records(13));
    assert.deepEqual(watch.take(12), records(13), 'within the limits again after a take');
    watch.close();
  });

  it('wakes a waiter on a ring, and a ring between take and wait is not slept through', async () => {
    const wakeups = new Wakeups();
    const watch = wakeups.watch(['log'], limits);
    watch.take(0);
    wakeups.ring('log', records(1));
    const started = performance.now();
    await watch.wait(60_000, never);
    assert.ok(performance.now() - started < 1_000, 'a remembered ring returns at once');
    watch.take(0);
    const waiting = watch.wait(60_000, never);
    setTimeout(() => wakeups.ring('log', records(2)), 10);
    await waiting;
    assert.deepEqual(watch.take(1), records(2));
    watch.close();
    wakeups.ring('log', records(3));
    assert.deepEqual(watch.take(2), [], 'a closed watch is no longer rung');
  });
});
