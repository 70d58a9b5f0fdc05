// Stream lifecycle through the AWS SDK v3 client over HTTP/2 and HTTP/1.1: create,
// describe, describe summary, list with paging, delete, and their errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeStreamCommand,
  DescribeStreamSummaryCommand,
  ListShardsCommand,
  ListStreamsCommand,
  PutRecordCommand,
} from '@aws-sdk/client-kinesis';
import { httpVersions, kinesisSuite, uniqueName, waitFor } from '../helpers/server.js';
import { createActiveStream, streamSummary, waitForStreamStatus } from '../helpers/streams.js';

const account = '000000000000';

for (const version of httpVersions) {
  describe(`streams over ${version}`, () => {
    const { client } = kinesisSuite(version, { transitionMs: 200 });

    const status = async (name: string) => (await streamSummary(client, name)).StreamStatus;

    it('creates a stream CREATING, then ACTIVE, described as AWS describes it', async () => {
      const name = uniqueName();
      await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 3, Tags: { team: 'orders' } }));
      assert.equal(await status(name), 'CREATING');
      await assert.rejects(client.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from('x') })), {
        name: 'ResourceNotFoundException',
        message: `Stream ${name} under account ${account} not found.`,
      });
      await waitForStreamStatus(client, name);
      const description = (await client.send(new DescribeStreamCommand({ StreamName: name }))).StreamDescription!;
      assert.equal(description.StreamARN, `arn:aws:kinesis:us-east-1:${account}:stream/${name}`);
      assert.equal(description.StreamStatus, 'ACTIVE');
      assert.equal(description.EncryptionType, 'NONE');
      assert.equal(description.KeyId, undefined);
      assert.equal(description.RetentionPeriodHours, 24);
      assert.deepEqual(description.StreamModeDetails, { StreamMode: 'PROVISIONED' });
      assert.deepEqual(description.EnhancedMonitoring, [{ ShardLevelMetrics: [] }]);
      assert.equal(description.HasMoreShards, false);
      assert.deepEqual(description.Shards!.map((shard) => shard.ShardId), ['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002']);
      for (const shard of description.Shards!) {
        assert.match(shard.SequenceNumberRange!.StartingSequenceNumber!, /^\d+$/);
        assert.equal(shard.SequenceNumberRange!.EndingSequenceNumber, undefined);
      }
      assert.ok(description.StreamCreationTimestamp instanceof Date);
      const summary = (await client.send(new DescribeStreamSummaryCommand({ StreamARN: description.StreamARN }))).StreamDescriptionSummary!;
      assert.equal(summary.OpenShardCount, 3);
      assert.equal(summary.ConsumerCount, 0);
      assert.equal(summary.StreamId, undefined, 'StreamId is never sent: clients would route to AWS');
      assert.equal(summary.EncryptionType, 'NONE');
    });

    it('answers a duplicate name and management calls on a stream that is not ACTIVE', async () => {
      const name = uniqueName();
      await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
      await assert.rejects(client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 })), {
        name: 'ResourceInUseException',
        message: `Stream ${name} under account ${account} already exists.`,
      });
      await waitForStreamStatus(client, name);
      await client.send(new DeleteStreamCommand({ StreamName: name }));
      assert.equal(await status(name), 'DELETING');
      await assert.rejects(client.send(new DeleteStreamCommand({ StreamName: name })), {
        name: 'ResourceInUseException',
        message: `Stream ${name} under account ${account} not ACTIVE, instead in state DELETING`,
      });
      await waitFor(async () => {
        try {
          await status(name);
          return undefined;
        } catch (error) {
          return (error as Error).name === 'ResourceNotFoundException' ? true : undefined;
        }
      });
      await assert.rejects(client.send(new DescribeStreamCommand({ StreamName: name })), {
        name: 'ResourceNotFoundException',
        message: `Stream ${name} under account ${account} not found.`,
      });
    });

    it('creates an on-demand stream with four shards when no shard count is given', async () => {
      const name = uniqueName();
      await client.send(new CreateStreamCommand({ StreamName: name, StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
      const summary = (await client.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!;
      assert.deepEqual(summary.StreamModeDetails, { StreamMode: 'ON_DEMAND' });
      assert.equal(summary.OpenShardCount, 4);
      await assert.rejects(client.send(new CreateStreamCommand({ StreamName: uniqueName(), ShardCount: 2, StreamModeDetails: { StreamMode: 'ON_DEMAND' } })), {
        name: 'InvalidArgumentException',
      });
    });

    it('refuses a shard count over the account limit', async () => {
      await assert.rejects(client.send(new CreateStreamCommand({ StreamName: uniqueName(), ShardCount: 100_000 })), (error: Error) => {
        assert.equal(error.name, 'LimitExceededException');
        assert.match(error.message, /^This request would exceed the shard limit for the account 000000000000 in us-east-1\. Current shard count for the account: \d+\. Limit: 500\./);
        return true;
      });
    });

    it('lists streams with summaries and pages with NextToken', async () => {
      const names = [uniqueName('list'), uniqueName('list'), uniqueName('list')];
      for (const name of names) await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
      const seen: string[] = [];
      let token: string | undefined;
      for (let page = 0; page < 100; page++) {
        const answer = await client.send(new ListStreamsCommand({ Limit: 2, ...(token ? { NextToken: token } : {}) }));
        assert.ok(answer.StreamNames!.length <= 2);
        assert.equal(answer.StreamSummaries!.length, answer.StreamNames!.length);
        seen.push(...answer.StreamNames!);
        if (answer.HasMoreStreams) assert.ok(answer.NextToken, 'HasMoreStreams comes with a NextToken');
        if (!answer.HasMoreStreams) break;
        token = answer.NextToken;
      }
      for (const name of names) assert.ok(seen.includes(name));
      assert.deepEqual([...seen].sort(), seen, 'names in order');
      const summary = (await client.send(new ListStreamsCommand({}))).StreamSummaries!.find((item) => item.StreamName === names[0]);
      assert.equal(summary!.StreamARN, `arn:aws:kinesis:us-east-1:${account}:stream/${names[0]}`);
    });

    it('pages DescribeStream shards and ListShards with NextToken alone', async () => {
      const { name } = await createActiveStream(client, { shardCount: 5 });
      const first = (await client.send(new DescribeStreamCommand({ StreamName: name, Limit: 2 }))).StreamDescription!;
      assert.equal(first.Shards!.length, 2);
      assert.equal(first.HasMoreShards, true);
      const rest = (await client.send(new DescribeStreamCommand({ StreamName: name, ExclusiveStartShardId: first.Shards![1]!.ShardId }))).StreamDescription!;
      assert.deepEqual(rest.Shards!.map((shard) => shard.ShardId), ['shardId-000000000002', 'shardId-000000000003', 'shardId-000000000004']);

      const page = await client.send(new ListShardsCommand({ StreamName: name, MaxResults: 3 }));
      assert.equal(page.Shards!.length, 3);
      assert.ok(page.NextToken);
      const next = await client.send(new ListShardsCommand({ NextToken: page.NextToken }));
      assert.deepEqual(next.Shards!.map((shard) => shard.ShardId), ['shardId-000000000003', 'shardId-000000000004']);
      assert.equal(next.NextToken, undefined);
      await assert.rejects(client.send(new ListShardsCommand({ StreamName: name, NextToken: page.NextToken })), {
        name: 'InvalidArgumentException',
        message: 'NextToken and StreamName cannot be provided together.',
      });
      await assert.rejects(client.send(new ListShardsCommand({})), { name: 'InvalidArgumentException', message: 'Either NextToken or StreamName should be provided.' });
      const latest = await client.send(new ListShardsCommand({ StreamName: name, ShardFilter: { Type: 'AT_LATEST' } }));
      assert.equal(latest.Shards!.length, 5);
      const afterId = await client.send(new ListShardsCommand({ StreamName: name, ShardFilter: { Type: 'AFTER_SHARD_ID', ShardId: 'shardId-000000000003' } }));
      assert.deepEqual(afterId.Shards!.map((shard) => shard.ShardId), ['shardId-000000000004']);
    });
  });
}
