// Kinesis Data Streams: the table of operations this server answers. Each operation
// lives in operations/<operation>.ts; StartStreamEncryption, StopStreamEncryption and
// SubscribeToShard are not served yet (UnknownOperationException).
import type { OperationHandler, ServiceDefinition } from '../context.js';
import type { Kinesis } from './kinesis.js';
import { createStream } from './operations/create-stream.js';
import { decreaseStreamRetentionPeriod } from './operations/decrease-stream-retention-period.js';
import { deleteStream } from './operations/delete-stream.js';
import { describeLimits } from './operations/describe-limits.js';
import { describeStream } from './operations/describe-stream.js';
import { describeStreamSummary } from './operations/describe-stream-summary.js';
import { getRecords } from './operations/get-records.js';
import { getShardIterator } from './operations/get-shard-iterator.js';
import { increaseStreamRetentionPeriod } from './operations/increase-stream-retention-period.js';
import { listShards } from './operations/list-shards.js';
import { listStreams } from './operations/list-streams.js';
import { mergeShards } from './operations/merge-shards.js';
import { putRecord } from './operations/put-record.js';
import { putRecords } from './operations/put-records.js';
import { splitShard } from './operations/split-shard.js';
import { updateShardCount } from './operations/update-shard-count.js';
import { updateStreamMode } from './operations/update-stream-mode.js';

type Operation = (kinesis: Kinesis, input: never, context: Parameters<OperationHandler>[1]) => Promise<unknown>;

const operations: Record<string, Operation> = {
  CreateStream: createStream,
  DecreaseStreamRetentionPeriod: decreaseStreamRetentionPeriod,
  DeleteStream: deleteStream,
  DescribeLimits: describeLimits,
  DescribeStream: describeStream,
  DescribeStreamSummary: describeStreamSummary,
  GetRecords: getRecords,
  GetShardIterator: getShardIterator,
  IncreaseStreamRetentionPeriod: increaseStreamRetentionPeriod,
  ListShards: listShards,
  ListStreams: listStreams,
  MergeShards: mergeShards,
  PutRecord: putRecord,
  PutRecords: putRecords,
  SplitShard: splitShard,
  UpdateShardCount: updateShardCount,
  UpdateStreamMode: updateStreamMode,
};

export function createKinesisService(kinesis: Kinesis): ServiceDefinition {
  const bound: Record<string, OperationHandler> = {};
  for (const [name, operation] of Object.entries(operations)) {
    bound[name] = (input, context) => operation(kinesis, input as never, context);
  }
  return { name: 'kinesis', operations: bound };
}
