// Stream metadata: one JSON document per stream in the engine's metadata store, changed
// only by compare-and-set. Transitional states (CREATING, UPDATING, DELETING) carry the
// time they end; the state is settled when the document is read, so a restart in the
// middle of a transition neither loses nor prolongs it (aws-wire.md §1.5).
import { randomUUID } from 'node:crypto';
import type { StorageEngine } from '../../../storage/engine.js';
import { storageErrorCodes } from '../../../storage/engine.js';
import { InternalError } from '../../errors.js';
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

const streamKey = (address: StreamAddress) => `kinesis/stream/${address.accountId}/${address.region}/${address.name}`;

export class StreamStore {
  constructor(
    private readonly engine: StorageEngine,
    private readonly now: () => number,
    private readonly onPurge: (stream: StreamDoc) => void = () => {},
    /** Told every stored change, so readers waiting on the stream (SubscribeToShard) see reshards and deletions at once. */
    private readonly onChange: (stream: StreamDoc) => void = () => {},
  ) {}

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

  async create(stream: StreamDoc): Promise<void> {
    try {
      await this.engine.putMeta(streamKey(stream), stream, null);
    } catch (error) {
      if (error instanceof InternalError && error.code === storageErrorCodes.conflict) {
        // A stream of that name may exist only as a finished deletion not yet purged.
        const existing = await this.find(stream);
        if (!existing) return this.create(stream);
        throw kinesisErrors.streamExists(stream);
      }
      throw error;
    }
  }

  /** The stream with its state settled, or undefined if there is none (or its deletion has finished). */
  async find(address: StreamAddress): Promise<StreamDoc | undefined> {
    return (await this.load(address))?.stream;
  }

  async get(address: StreamAddress): Promise<StreamDoc> {
    const stream = await this.find(address);
    if (!stream) throw kinesisErrors.streamNotFound(refOf(address));
    return stream;
  }

  /**
   * Applies `change` to the current document and stores it with compare-and-set,
   * retrying on a concurrent change. `change` throws an AwsError to refuse.
   */
  async update(address: StreamAddress, change: (stream: StreamDoc) => void): Promise<StreamDoc> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const loaded = await this.load(address);
      if (!loaded) throw kinesisErrors.streamNotFound(refOf(address));
      change(loaded.stream);
      try {
        await this.engine.putMeta(streamKey(address), loaded.stream, loaded.version);
        this.onChange(loaded.stream);
        return loaded.stream;
      } catch (error) {
        if (!(error instanceof InternalError && error.code === storageErrorCodes.conflict)) throw error;
      }
    }
    throw new InternalError('KINESIS_CONTENTION', `stream ${address.name} changed too often to update`);
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

  private async load(address: StreamAddress): Promise<{ stream: StreamDoc; version: number } | undefined> {
    const entry = await this.engine.getMeta<StreamDoc>(streamKey(address));
    if (!entry) return undefined;
    const stream = this.settle(entry.value);
    if (!stream) {
      await this.purge(entry.value, entry.version);
      return undefined;
    }
    return { stream, version: entry.version };
  }

  /** Ends transitions whose time has come; undefined for a stream whose deletion has finished. */
  private settle(stream: StreamDoc): StreamDoc | undefined {
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

  private async purge(stream: StreamDoc, version: number): Promise<void> {
    try {
      await this.engine.deleteMeta(streamKey(stream), version);
    } catch (error) {
      if (error instanceof InternalError && error.code === storageErrorCodes.conflict) return;
      throw error;
    }
    this.onPurge(stream);
    this.onChange(stream);
    await Promise.all(stream.shards.map((shard) => this.engine.dropLog(logName(stream, shard))));
  }
}

export function refOf(address: StreamAddress): StreamRef {
  return { name: address.name, accountId: address.accountId };
}
