import type { ListShardsInput, ListShardsOutput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { kinesisErrors } from '../errors.js';
import { isOpen, type ShardMeta, type StreamAddress, type StreamDoc } from '../domain/streams.js';
import { addressOf, describeShard, findShard, type Kinesis } from '../kinesis.js';

// NextToken pages expire after 300 seconds (aws-wire.md §1.4); a follow-up page is asked
// for with NextToken alone, as the KCL does (§5.4 item 26).
const tokenLifetimeMs = 300_000;
const defaultMaxResults = 1000;

interface FilterSpec {
  Type: string;
  ShardId?: string;
  Timestamp?: number;
}

interface PageToken {
  address: StreamAddress;
  uuid: string;
  afterIndex: number;
  filter: FilterSpec | undefined;
  maxResults: number;
  issuedAt: number;
}

export async function listShards(kinesis: Kinesis, input: ListShardsInput, context: RequestContext): Promise<ListShardsOutput> {
  const named = input.StreamName !== undefined || input.StreamARN !== undefined;
  if (input.NextToken !== undefined && input.StreamName !== undefined) {
    throw kinesisErrors.invalidArgument('NextToken and StreamName cannot be provided together.');
  }
  if (input.NextToken === undefined && !named) throw kinesisErrors.invalidArgument('Either NextToken or StreamName should be provided.');

  let token: PageToken | undefined;
  if (input.NextToken !== undefined) {
    token = decodeToken(kinesis, input.NextToken);
    if (kinesis.now() - token.issuedAt > tokenLifetimeMs) {
      throw kinesisErrors.expiredNextToken(`The token ${input.NextToken} has expired.`);
    }
  }
  const address = token?.address ?? addressOf(input, context.caller);
  const stream = await kinesis.streams.get(address);
  await context.authorize('kinesis:ListShards', stream.arn);
  if (token && token.uuid !== stream.uuid) throw kinesisErrors.invalidArgument('The NextToken names a stream that no longer exists.');
  if (stream.status !== 'ACTIVE' && stream.status !== 'UPDATING') {
    throw kinesisErrors.resourceInUse(`Stream ${stream.name} under account ${stream.accountId} is not ACTIVE or UPDATING, instead in state ${stream.status}`);
  }

  const filter: FilterSpec | undefined = token?.filter ?? (input.ShardFilter
    ? { Type: input.ShardFilter.Type, ShardId: input.ShardFilter.ShardId, Timestamp: input.ShardFilter.Timestamp?.getTime() }
    : undefined);
  let afterIndex = token?.afterIndex ?? -1;
  if (!token && input.ExclusiveStartShardId !== undefined) afterIndex = findShard(stream, input.ExclusiveStartShardId).index;
  const maxResults = input.MaxResults ?? token?.maxResults ?? defaultMaxResults;

  const matching = applyFilter(stream, filter).filter((shard) => shard.index > afterIndex);
  const page = matching.slice(0, maxResults);
  const output: ListShardsOutput = { Shards: page.map(describeShard) };
  if (matching.length > maxResults) {
    output.NextToken = kinesis.iterators.encodeToken({
      address: refOfAddress(stream),
      uuid: stream.uuid,
      afterIndex: page[page.length - 1]!.index,
      filter,
      maxResults,
      issuedAt: kinesis.now(),
    } satisfies PageToken);
  }
  return output;
}

function refOfAddress(stream: StreamDoc): StreamAddress {
  return { name: stream.name, accountId: stream.accountId, region: stream.region };
}

/** ShardFilter semantics (aws-wire.md §1.4); the trim horizon still holds every shard here, as closed shards are kept. */
function applyFilter(stream: StreamDoc, filter: FilterSpec | undefined): ShardMeta[] {
  if (!filter) return stream.shards;
  switch (filter.Type) {
    case 'AFTER_SHARD_ID': {
      if (filter.ShardId === undefined) throw kinesisErrors.invalidArgument('ShardId must be specified for the AFTER_SHARD_ID shard filter.');
      const after = findShard(stream, filter.ShardId).index;
      return stream.shards.filter((shard) => shard.index > after);
    }
    case 'AT_LATEST':
      return stream.shards.filter(isOpen);
    case 'AT_TRIM_HORIZON':
    case 'FROM_TRIM_HORIZON':
      return stream.shards;
    case 'AT_TIMESTAMP':
    case 'FROM_TIMESTAMP': {
      if (filter.Timestamp === undefined) throw kinesisErrors.invalidArgument(`Timestamp must be specified for the ${filter.Type} shard filter.`);
      const time = filter.Timestamp;
      // Before the stream existed, every shard open at creation counts.
      const at = Math.max(time, stream.createdAt);
      return stream.shards.filter((shard) => {
        const openedBy = shard.createdAt <= at;
        const openAt = shard.closedAt === undefined || shard.closedAt > at;
        return filter.Type === 'AT_TIMESTAMP' ? openedBy && openAt : openAt;
      });
    }
    default:
      return stream.shards;
  }
}

function decodeToken(kinesis: Kinesis, text: string): PageToken {
  const token = kinesis.iterators.decodeToken<PageToken>(text);
  if (!token) throw kinesisErrors.invalidArgument('Invalid NextToken.');
  return token;
}
