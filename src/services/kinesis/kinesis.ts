// What Kinesis operations share: their dependencies and the rules every
// stream-addressed operation applies in the same way (aws-wire.md §1.2).
import type { StorageEngine } from '../../storage/engine.js';
import type { Caller } from '../context.js';
import type { Shard } from '../../generated/kinesis-shapes.js';
import { kinesisErrors } from './errors.js';
import type { Appender } from './domain/records.js';
import type { IteratorCodec } from './domain/iterators.js';
import type { StreamEncryption } from './domain/encryption.js';
import type { EnvelopeThreads } from '../../crypto/envelope-threads.js';
import type { SubscriptionLimits, SubscriptionRegistry } from './domain/subscriptions.js';
import type { Wakeups } from './domain/wakeups.js';
import { isOpen, refOf, toShardId, type ShardMeta, type StreamAddress, type StreamDoc, type StreamStore } from './domain/streams.js';
import { toSequenceNumber } from './domain/sequence-numbers.js';
import { parseShardId } from './domain/shard-ids.js';

export interface KinesisLimits {
  /** Open shards per account and region (AWS's default quota in us-east-1). */
  shardLimit: number;
  onDemandStreamLimit: number;
  consumersPerStream: number;
}

export interface Kinesis {
  engine: StorageEngine;
  streams: StreamStore;
  appender: Appender;
  iterators: IteratorCodec;
  encryption: StreamEncryption;
  /** Seals and opens big batches of records on worker threads (crypto/envelope-threads.ts). */
  envelopes: EnvelopeThreads;
  now: () => number;
  transitionMs: number;
  limits: KinesisLimits;
  /** Rung by appends (per shard log) and stream changes (per stream uuid); SubscribeToShard waits on them. */
  wakeups: Wakeups;
  subscriptions: SubscriptionRegistry;
  subscriptionLimits: SubscriptionLimits;
}

export const defaultLimits: KinesisLimits = { shardLimit: 500, onDemandStreamLimit: 50, consumersPerStream: 20 };

/** A stream's ARN: region, account and name. */
export const streamArnPattern = /^arn:aws[^:]*:kinesis:([^:]*):(\d{12}):stream\/([a-zA-Z0-9_.-]+)$/;

/**
 * The stream an input names by StreamName and/or StreamARN. Both may be given (the KCL
 * sends both); when they disagree no source records AWS's answer, so the request is
 * refused rather than one of them silently chosen (aws-wire.md §1.2, [INF]).
 */
export function addressOf(input: { StreamName?: string; StreamARN?: string }, caller: Caller): StreamAddress {
  const { StreamName: name, StreamARN: arn } = input;
  if (arn === undefined) {
    if (name === undefined) throw kinesisErrors.invalidArgument('Either StreamName or StreamARN must be provided.');
    return { name, accountId: caller.accountId, region: caller.region };
  }
  const match = streamArnPattern.exec(arn);
  if (!match) throw kinesisErrors.invalidArgument(`StreamARN ${arn} is not a valid stream ARN.`);
  const address = { region: match[1]!, accountId: match[2]!, name: match[3]! };
  if (name !== undefined && name !== address.name) {
    throw kinesisErrors.invalidArgument(`StreamARN ${arn} and StreamName ${name} do not name the same stream.`);
  }
  return address;
}

/** Management calls need an ACTIVE stream (aws-wire.md §1.5). */
export function ensureActive(stream: StreamDoc): void {
  if (stream.status !== 'ACTIVE') throw kinesisErrors.streamNotActive(refOf(stream), stream.status);
}

/** Resolves a (possibly loose) shard id to one of the stream's shards, with AWS's two not-found texts. */
export function findShard(stream: StreamDoc, raw: string): ShardMeta {
  const index = parseShardId(raw);
  if (index === undefined) throw kinesisErrors.shardUnparseable(refOf(stream), raw);
  const shard = stream.shards.find((candidate) => candidate.index === index);
  if (!shard) throw kinesisErrors.shardNotFound(refOf(stream), toShardId(index));
  return shard;
}

export function describeShard(shard: ShardMeta): Shard {
  return {
    ShardId: toShardId(shard.index),
    ...(shard.parentIndex !== undefined ? { ParentShardId: toShardId(shard.parentIndex) } : {}),
    ...(shard.adjacentParentIndex !== undefined ? { AdjacentParentShardId: toShardId(shard.adjacentParentIndex) } : {}),
    HashKeyRange: { StartingHashKey: shard.hashStart, EndingHashKey: shard.hashEnd },
    SequenceNumberRange: {
      StartingSequenceNumber: toSequenceNumber(shard.createdAt, shard.index, 0),
      ...(isOpen(shard) ? {} : { EndingSequenceNumber: toSequenceNumber(shard.createdAt, shard.index, shard.endCounter ?? 0) }),
    },
  };
}

export function openShards(stream: StreamDoc): ShardMeta[] {
  return stream.shards.filter(isOpen);
}

/** When a transition that starts now ends. */
export function transitionEnd(kinesis: Kinesis): number {
  return kinesis.now() + kinesis.transitionMs;
}

/** A change to an ACTIVE stream: UPDATING until the transition that starts now ends, then ACTIVE again (aws-wire.md §1.5). */
export function beginUpdating(stream: StreamDoc, kinesis: Kinesis): void {
  stream.status = 'UPDATING';
  stream.statusUntil = transitionEnd(kinesis);
}
