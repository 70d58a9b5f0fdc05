// Stream metadata: one JSON document per stream in the engine's metadata store, changed
// only by compare-and-set (services/document-store.ts). Transitional states (CREATING,
// UPDATING, DELETING) carry the time they end; the state is settled when the document is
// read, so a restart in the middle of a transition neither loses nor prolongs it
// (aws-wire.md §1.5).
import { randomUUID } from 'node:crypto';
import type { StorageEngine } from '../../../storage/engine.js';
import { DocumentStore } from '../../document-store.js';
import { InternalError, type AwsError } from '../../errors.js';
import { kinesisErrors, type StreamRef } from '../errors.js';
import { toShardId } from './shard-ids.js';

export type StreamStatus = 'CREATING' | 'ACTIVE' | 'UPDATING' | 'DELETING';
export type StreamMode = 'PROVISIONED' | 'ON_DEMAND';

export interface ShardMeta {
  index: number;
  parentIndex?: number;
  adjacentParentIndex?: number;
  hashStart: string;
  hashEnd: string;
  createdAt: number;
  /** Set when the shard is closed by a reshard: the last counter it will ever hold. */
  closedAt?: number;
  endCounter?: number;
}

export interface ConsumerMeta {
  name: string;
  arn: string;
  createdAt: number;
  status: 'CREATING' | 'ACTIVE' | 'DELETING';
  statusUntil: number;
  /** Set by RegisterStreamConsumer's Tags or TagResource; absent on consumers that never had tags. */
  tags?: Record<string, string>;
  /** The consumer's resource-based policy (PutResourcePolicy), as given. */
  resourcePolicy?: string;
}

export interface StreamDoc {
  /** Internal identity: names the shard logs, so a re-created stream never sees old records. */
  uuid: string;
  name: string;
  accountId: string;
  region: string;
  arn: string;
  status: StreamStatus;
  statusUntil: number;
  createdAt: number;
  retentionHours: number;
  mode: StreamMode;
  shards: ShardMeta[];
  nextShardIndex: number;
  tags: Record<string, string>;
  encryptionType: 'NONE' | 'KMS';
  keyId?: string;
  shardLevelMetrics: string[];
  maxRecordSizeKiB: number;
  /** The stream's resource-based policy (PutResourcePolicy), as given. */
  resourcePolicy?: string;
  consumers: ConsumerMeta[];
  /** Times of UpdateShardCount calls, for the 10-per-24-hours limit. */
  scalingEvents: number[];
  /** Times of successful StartStreamEncryption and StopStreamEncryption calls, for their separate 25-per-24-hours limits. */
  encryptionEvents?: { starts: number[]; stops: number[] };
}

export interface StreamAddress {
  name: string;
  accountId: string;
  region: string;
}

export function streamArn(address: StreamAddress): string {
  return `arn:aws:kinesis:${address.region}:${address.accountId}:stream/${address.name}`;
}

export function logName(stream: StreamDoc, shard: ShardMeta): string {
  return `${stream.uuid}/${shard.index}`;
}

export function isOpen(shard: ShardMeta): boolean {
  return shard.closedAt === undefined;
}

export function shardOf(stream: StreamDoc, index: number): ShardMeta | undefined {
  return stream.shards.find((shard) => shard.index === index);
}

export { toShardId };

export const streamKey = (address: StreamAddress) => `kinesis/stream/${address.accountId}/${address.region}/${address.name}`;

export class StreamStore extends DocumentStore<StreamDoc> {
  constructor(
    engine: StorageEngine,
    now: () => number,
    private readonly onPurge: (stream: StreamDoc) => void = () => {},
    /** Told every stored change, so readers waiting on the stream (SubscribeToShard) see reshards and deletions at once. */
    private readonly onChange: (stream: StreamDoc) => void = () => {},
  ) {
    super(engine, now);
  }

  newStream(address: StreamAddress, fields: Pick<StreamDoc, 'mode' | 'shards' | 'nextShardIndex' | 'tags' | 'status' | 'statusUntil' | 'maxRecordSizeKiB'>): StreamDoc {
    return {
      uuid: randomUUID(),
      ...address,
      arn: streamArn(address),
      createdAt: this.now(),
      retentionHours: 24,
      encryptionType: 'NONE',
      shardLevelMetrics: [],
      consumers: [],
      scalingEvents: [],
      ...fields,
    };
  }

  async list(accountId: string, region: string): Promise<StreamDoc[]> {
    const entries = await this.engine.listMeta<StreamDoc>(`kinesis/stream/${accountId}/${region}/`);
    const streams: StreamDoc[] = [];
    for (const entry of entries) {
      const settled = this.settle(entry.value);
      if (settled) streams.push(settled);
      else void this.purge(entry.value, entry.version);
    }
    return streams;
  }

  /** Every stream of every account, for background work such as retention trimming. */
  async all(): Promise<StreamDoc[]> {
    const entries = await this.engine.listMeta<StreamDoc>('kinesis/stream/');
    return entries.map((entry) => this.settle(entry.value)).filter((stream): stream is StreamDoc => stream !== undefined);
  }

  protected override keyOf(address: StreamAddress): string {
    return streamKey(address);
  }

  /** Ends transitions whose time has come; undefined for a stream whose deletion has finished. */
  protected override settle(stream: StreamDoc): StreamDoc | undefined {
    const now = this.now();
    if (stream.status !== 'ACTIVE' && now >= stream.statusUntil) {
      if (stream.status === 'DELETING') return undefined;
      stream.status = 'ACTIVE';
    }
    stream.consumers = stream.consumers.filter((consumer) => {
      if (consumer.status === 'ACTIVE' || now < consumer.statusUntil) return true;
      if (consumer.status === 'DELETING') return false;
      consumer.status = 'ACTIVE';
      return true;
    });
    return stream;
  }

  protected override notFound(address: StreamAddress): AwsError {
    return kinesisErrors.streamNotFound(refOf(address));
  }

  protected override exists(stream: StreamDoc): AwsError {
    return kinesisErrors.streamExists(stream);
  }

  protected override contention(address: StreamAddress): InternalError {
    return new InternalError('KINESIS_CONTENTION', `stream ${address.name} changed too often to update`);
  }

  protected override stored(stream: StreamDoc): void {
    this.onChange(stream);
  }

  protected override async purged(stream: StreamDoc): Promise<void> {
    this.onPurge(stream);
    this.onChange(stream);
    await Promise.all(stream.shards.map((shard) => this.engine.dropLog(logName(stream, shard))));
  }
}

export function refOf(address: StreamAddress): StreamRef {
  return { name: address.name, accountId: address.accountId };
}
