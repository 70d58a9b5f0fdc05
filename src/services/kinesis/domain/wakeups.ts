// In-process wake-ups for readers that wait for something to change: the Appender rings a
// shard log's key after every durable append, handing over the records it stored, and the
// StreamStore a stream's key after every metadata change (reshard, deletion, consumer
// changes). SubscribeToShard waits on them instead of polling storage, and sends handed-over
// records without reading them back, so a new record reaches a subscriber as soon as it is
// durable (issue 7: put-to-event p99 within 5 ms on loopback).
//
// Cheap for writers: ringing a key nobody watches is one Map lookup. Only writers in this
// process ring: an engine shared by several processes (the distributed engine) needs its
// own watch on the log (a JetStream consumer, a change feed) that rings these keys; the
// StorageEngine interface has no such hook until an engine needs it.

import type { LogRecord } from '../../../storage/engine.js';

export class Wakeups {
  private readonly watchers = new Map<string, Set<Watch>>();

  /** `appended`: the records a durable append stored in the log named `key`, in order. */
  ring(key: string, appended?: readonly LogRecord[]): void {
    const watching = this.watchers.get(key);
    if (watching) for (const watch of watching) watch.ring(appended);
  }

  /** A watch on `keys`, rung by any of them; close it when done. `limits` bound the records it keeps. */
  watch(keys: string[], limits: HandOverLimits): Watch {
    const watch = new Watch(() => {
      for (const key of keys) {
        const watching = this.watchers.get(key);
        watching?.delete(watch);
        if (watching?.size === 0) this.watchers.delete(key);
      }
    }, limits);
    for (const key of keys) {
      let watching = this.watchers.get(key);
      if (!watching) this.watchers.set(key, (watching = new Set()));
      watching.add(watch);
    }
    return watch;
  }
}

export interface HandOverLimits {
  records: number;
  bytes: number;
}

/**
 * Remembers a ring until it is consumed, so a change that lands between a reader's look
 * at storage and its wait is never slept through: the reader calls `take()` before it
 * looks, and `wait()` returns at once if anything rang since.
 *
 * It also keeps the records that rings since the last take() handed over, as long as they
 * are the whole story: only appends rang (no other change to the stream), and they fit in
 * the limits. A reader that had read to the shard's end before that take() can then send
 * them without reading storage again; otherwise take() says to look.
 */
export class Watch {
  private isRung = true;
  private wake: (() => void) | undefined;
  /** Handed-over records since the last take(); undefined once they are not the whole story. Undefined at first: nothing was looked at yet. */
  private appended: LogRecord[] | undefined;
  private appendedBytes = 0;

  constructor(
    private readonly unregister: () => void,
    private readonly limits: HandOverLimits,
  ) {}

  ring(appended?: readonly LogRecord[]): void {
    this.isRung = true;
    if (appended === undefined || this.appended === undefined) {
      this.appended = undefined;
    } else {
      for (const record of appended) this.appendedBytes += record.payload.byteLength;
      this.appended.push(...appended);
      if (this.appended.length > this.limits.records || this.appendedBytes > this.limits.bytes) this.appended = undefined;
    }
    this.wake?.();
  }

  /**
   * Starts a look: forgets what rang so far and returns the records handed over since the
   * last take() that come after `afterCounter`, in order (empty if none), when they follow
   * on from it and from each other with no counter missing. Returns undefined when storage must be looked at
   * instead: the first take, another change rang, more than the limits was appended, or a
   * counter is missing (a writer in another process, or an append whose sealing failed).
   */
  take(afterCounter: number): LogRecord[] | undefined {
    const appended = this.appended;
    this.isRung = false;
    this.appended = [];
    this.appendedBytes = 0;
    if (appended === undefined) return undefined;
    const after = appended.filter((record) => record.seq > afterCounter);
    return after.every((record, index) => record.seq === afterCounter + 1 + index) ? after : undefined;
  }

  /** Resolves on a ring (possibly one already remembered), after `timeoutMs`, or when `signal` aborts. */
  wait(timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.isRung || signal.aborted || timeoutMs <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
  }

  close(): void {
    this.wake?.();
    this.unregister();
  }
}
