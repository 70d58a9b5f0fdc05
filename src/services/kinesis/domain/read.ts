// What GetShardIterator and GetRecords share: the retention floor below which records
// are gone even before the trimmer has dropped them, and iterator validation.
import { kinesisErrors } from '../errors.js';
import type { Kinesis } from '../kinesis.js';
import { iteratorLifetimeMs, type IteratorPosition } from './iterators.js';
import { logName, refOf, toShardId, type ShardMeta, type StreamDoc } from './streams.js';

export function retentionCutoff(kinesis: Kinesis, stream: StreamDoc): number {
  return kinesis.now() - stream.retentionHours * 3_600_000;
}

/** The first counter that may still be read: records older than the retention period have disappeared. */
export async function firstReadableCounter(kinesis: Kinesis, stream: StreamDoc, shard: ShardMeta): Promise<number> {
  const log = logName(stream, shard);
  const first = await kinesis.engine.seekTime(log, retentionCutoff(kinesis, stream));
  if (first !== undefined) return first;
  return (await kinesis.engine.bounds(log)).lastSeq + 1;
}

/** The stream and shard an iterator points into, or the error AWS gives for it. */
export async function resolveIterator(kinesis: Kinesis, text: string): Promise<{ position: IteratorPosition; stream: StreamDoc; shard: ShardMeta }> {
  const position = kinesis.iterators.decode(text);
  if (!position) throw kinesisErrors.invalidIterator();
  const now = kinesis.now();
  if (now - position.issuedAt > iteratorLifetimeMs) throw kinesisErrors.expiredIterator(position.issuedAt, now);
  const address = { name: position.streamName, accountId: position.accountId, region: position.region };
  const stream = await kinesis.streams.find(address);
  const shard = stream?.uuid === position.streamUuid ? stream.shards.find((candidate) => candidate.index === position.shardIndex) : undefined;
  if (!stream || !shard) throw kinesisErrors.shardNotFound(refOf(address), toShardId(position.shardIndex));
  return { position, stream, shard };
}
