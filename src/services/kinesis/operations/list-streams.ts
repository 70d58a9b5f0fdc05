import type { ListStreamsInput, ListStreamsOutput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { kinesisErrors } from '../errors.js';
import type { Kinesis } from '../kinesis.js';

// 100 a page by default and at most (aws-wire.md §1.4); HasMoreStreams true always comes
// with a NextToken, or the paginators stop (§5.2 item 17).
const maxPerPage = 100;

export async function listStreams(kinesis: Kinesis, input: ListStreamsInput, context: RequestContext): Promise<ListStreamsOutput> {
  const { accountId, region } = context.caller;
  await context.authorize('kinesis:ListStreams', `arn:aws:kinesis:${region}:${accountId}:stream/*`);
  if (input.NextToken !== undefined && input.ExclusiveStartStreamName !== undefined) {
    throw kinesisErrors.invalidArgument('NextToken and ExclusiveStartStreamName cannot be provided together.');
  }
  let after = input.ExclusiveStartStreamName;
  if (input.NextToken !== undefined) {
    after = decodeToken(input.NextToken);
    if (after === undefined) throw kinesisErrors.invalidArgument(`Invalid NextToken: ${input.NextToken}`);
  }
  const limit = Math.min(input.Limit ?? maxPerPage, maxPerPage);
  const streams = (await kinesis.streams.list(accountId, region))
    .filter((stream) => after === undefined || stream.name > after)
    .sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  const page = streams.slice(0, limit);
  const hasMore = streams.length > limit;
  return {
    StreamNames: page.map((stream) => stream.name),
    HasMoreStreams: hasMore,
    ...(hasMore ? { NextToken: encodeToken(page[page.length - 1]!.name) } : {}),
    StreamSummaries: page.map((stream) => ({
      StreamName: stream.name,
      StreamARN: stream.arn,
      StreamStatus: stream.status,
      StreamModeDetails: { StreamMode: stream.mode },
      StreamCreationTimestamp: new Date(stream.createdAt),
    })),
  };
}

function encodeToken(lastName: string): string {
  return Buffer.from(JSON.stringify({ after: lastName }), 'utf8').toString('base64');
}

function decodeToken(token: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { after?: unknown };
    return typeof parsed.after === 'string' ? parsed.after : undefined;
  } catch {
    return undefined;
  }
}
