// Delivery progress of one delivery stream, as one metadata document changed only by
// compare-and-set (firehose/checkpoint/<stream uuid>):
// - `positions`: per source log, the counter of the last record delivered;
// - `inFlight`: the batch being delivered, written *before* delivery starts.
// A crash after delivery and before the checkpoint leaves the batch in flight, and it is
// delivered again after the restart as exactly the same batch: the same S3 object key (so
// the object is overwritten, not duplicated) and the same HTTP request id (the receiver's
// documented deduplication key, aws-wire.md §3.8). A batch is never dropped: positions move
// only past records that reached the destination or the backup.
import type { StorageEngine } from '../../../storage/engine.js';
import { isConflict } from '../../compare-and-set.js';

export interface BatchRange {
  log: string;
  fromSeq: number;
  toSeq: number;
}

export interface Batch {
  /** The HTTP request id, and the uuid of the S3 object's name. */
  id: string;
  ranges: BatchRange[];
  /** Arrival of the oldest record: the time in the S3 object's name (aws-wire.md §3.7). */
  firstArrival: number;
  /** The delivery stream's version when the batch was formed, also in the object name. */
  versionId: number;
  /** First delivery attempt, for HTTP RetryOptions.DurationInSeconds. */
  startedAt?: number;
  attempts: number;
}

export interface Checkpoint {
  positions: Record<string, number>;
  inFlight?: Batch;
}

const checkpointKey = (streamUuid: string) => `firehose/checkpoint/${streamUuid}`;

export class CheckpointStore {
  constructor(private readonly engine: StorageEngine) {}

  async load(streamUuid: string): Promise<{ checkpoint: Checkpoint; version: number | null }> {
    const entry = await this.engine.getMeta<Checkpoint>(checkpointKey(streamUuid));
    return entry ? { checkpoint: entry.value, version: entry.version } : { checkpoint: { positions: {} }, version: null };
  }

  /** Stores the next checkpoint if nobody else changed it since `version`; STORAGE_CONFLICT otherwise. */
  async save(streamUuid: string, checkpoint: Checkpoint, version: number | null): Promise<number> {
    return this.engine.putMeta(checkpointKey(streamUuid), checkpoint, version);
  }

  async delete(streamUuid: string): Promise<void> {
    const entry = await this.engine.getMeta<Checkpoint>(checkpointKey(streamUuid));
    if (!entry) return;
    try {
      await this.engine.deleteMeta(checkpointKey(streamUuid), entry.version);
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
  }
}
