// Who is subscribed to what: one SubscribeToShard per consumer and shard at a time. The
// API reference (SubscribeToShard): "If you call SubscribeToShard again with the same
// ConsumerARN and ShardId within 5 seconds of a successful call, you'll get a
// ResourceInUseException. If you call SubscribeToShard 5 seconds or more after a
// successful call, the second call takes over the subscription and the previous
// connection expires or fails with a ResourceInUseException" (aws-wire.md §1.9). The
// takeover is what lets a KCL worker resubscribe after its connection died silently.
//
// The registry is in this process's memory: servers sharing one distributed engine would
// need a shared lease per consumer and shard instead.
import { kinesisErrors } from '../errors.js';

export interface SubscriptionLimits {
  /** An event at least this often, with records or without (aws-wire.md §1.9: ~5 s; the KCL cancels a subscription silent for ~35 s). */
  heartbeatMs: number;
  /** AWS ends every subscription after 5 minutes; the client subscribes again from its last ContinuationSequenceNumber. */
  lifetimeMs: number;
  /** A second subscription this soon after the first is refused; a later one takes over. */
  takeoverAfterMs: number;
}

export const defaultSubscriptionLimits: SubscriptionLimits = { heartbeatMs: 5_000, lifetimeMs: 300_000, takeoverAfterMs: 5_000 };

export interface SubscriptionClaim {
  /** Aborted when a newer SubscribeToShard for the same consumer and shard takes over. */
  readonly takenOver: AbortSignal;
  /** Ends the claim; a no-op once another subscription has taken over. */
  release(): void;
}

interface ActiveSubscription {
  startedAt: number;
  controller: AbortController;
}

export class SubscriptionRegistry {
  private readonly active = new Map<string, ActiveSubscription>();

  constructor(
    private readonly now: () => number,
    private readonly takeoverAfterMs: number,
  ) {}

  claim(consumerArn: string, shardIndex: number): SubscriptionClaim {
    const key = `${consumerArn}|${shardIndex}`;
    const now = this.now();
    const current = this.active.get(key);
    if (current) {
      // AWS's text, as clients have logged it (daangn/kinesumer#16, #19).
      if (now - current.startedAt < this.takeoverAfterMs) throw kinesisErrors.resourceInUse('Another active subscription exists for this consumer');
      current.controller.abort();
    }
    const entry: ActiveSubscription = { startedAt: now, controller: new AbortController() };
    this.active.set(key, entry);
    return {
      takenOver: entry.controller.signal,
      release: () => {
        if (this.active.get(key) === entry) this.active.delete(key);
      },
    };
  }
}
