import type { CreateStreamInput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { kinesisErrors } from '../errors.js';
import { evenRanges } from '../domain/hash-keys.js';
import { streamArn, type ShardMeta, type StreamMode } from '../domain/streams.js';
import { checkShardLimit } from '../domain/shard-limit.js';
import { mergeTags } from '../domain/tags.js';
import { transitionEnd, type Kinesis } from '../kinesis.js';

// With neither ShardCount nor StreamModeDetails AWS creates a 4-shard stream
// (aws-wire.md §1.5, LocalStack's validated test_create_stream_without_shard_count);
// on-demand streams start with 4 shards as well.
const defaultShardCount = 4;

export async function createStream(kinesis: Kinesis, input: CreateStreamInput, context: RequestContext): Promise<void> {
  const address = { name: input.StreamName, accountId: context.caller.accountId, region: context.caller.region };
  await context.authorize('kinesis:CreateStream', streamArn(address));
  const mode: StreamMode = input.StreamModeDetails?.StreamMode ?? (input.ShardCount === undefined ? 'ON_DEMAND' : 'PROVISIONED');
  if (mode === 'ON_DEMAND' && input.ShardCount !== undefined) {
    throw kinesisErrors.invalidArgument('ShardCount is not supported for streams in ON_DEMAND mode.');
  }
  if (mode === 'PROVISIONED' && input.ShardCount === undefined) {
    throw kinesisErrors.invalidArgument('ShardCount is required for streams in PROVISIONED mode.');
  }
  const shardCount = input.ShardCount ?? defaultShardCount;
  const tags = mergeTags({}, input.Tags ?? {}, `stream ${input.StreamName} under account ${address.accountId}`);

  const existing = await kinesis.streams.list(address.accountId, address.region);
  checkShardLimit(kinesis, address, existing, shardCount);
  if (mode === 'ON_DEMAND' && existing.filter((stream) => stream.mode === 'ON_DEMAND').length >= kinesis.limits.onDemandStreamLimit) {
    throw kinesisErrors.limitExceeded(
      `This request would exceed the limit of ${kinesis.limits.onDemandStreamLimit} on-demand streams for the account ${address.accountId} in ${address.region}.`,
    );
  }

  const createdAt = kinesis.now();
  const shards: ShardMeta[] = evenRanges(shardCount).map((range, index) => ({
    index,
    hashStart: range.start.toString(),
    hashEnd: range.end.toString(),
    createdAt,
  }));
  const stream = kinesis.streams.newStream(address, {
    mode,
    shards,
    nextShardIndex: shardCount,
    tags,
    status: 'CREATING',
    statusUntil: transitionEnd(kinesis),
    maxRecordSizeKiB: input.MaxRecordSizeInKiB ?? 1024,
  });
  await kinesis.streams.create(stream);
}
