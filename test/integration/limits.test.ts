// DescribeLimits through the AWS SDK v3 client over HTTP/2 and HTTP/1.1: the quotas and
// the caller's usage in its own account and region (aws-wire.md §1.7).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeLimitsCommand,
  DescribeStreamSummaryCommand,
  SplitShardCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { httpVersions, kinesisClient, startServer, uniqueName, waitFor, type TestServer } from '../helpers/server.js';

for (const version of httpVersions) {
  describe(`limits over ${version}`, () => {
    let server: TestServer;
    let client: KinesisClient;
    let otherRegion: KinesisClient;
    before(async () => {
      // A server of its own: DescribeLimits counts every stream of the account.
      server = await startServer({ transitionMs: 50 });
      client = kinesisClient(server.endpoint, version);
      otherRegion = kinesisClient(server.endpoint, version, 'eu-west-1');
    });
    after(async () => {
      client.destroy();
      otherRegion.destroy();
      await server.close();
    });

    const limits = async (target = client) => {
      const output = await target.send(new DescribeLimitsCommand({}));
      return { ShardLimit: output.ShardLimit, OpenShardCount: output.OpenShardCount, OnDemandStreamCount: output.OnDemandStreamCount, OnDemandStreamCountLimit: output.OnDemandStreamCountLimit };
    };
    const waitActive = (name: string) =>
      waitFor(async () => ((await client.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!.StreamStatus === 'ACTIVE' ? true : undefined));

    it('counts open shards and on-demand streams of the caller’s account and region', async () => {
      assert.deepEqual(await limits(), { ShardLimit: 500, OpenShardCount: 0, OnDemandStreamCount: 0, OnDemandStreamCountLimit: 50 });

      const provisioned = uniqueName();
      const onDemand = uniqueName();
      await client.send(new CreateStreamCommand({ StreamName: provisioned, ShardCount: 3 }));
      await client.send(new CreateStreamCommand({ StreamName: onDemand, StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
      assert.deepEqual(await limits(), { ShardLimit: 500, OpenShardCount: 7, OnDemandStreamCount: 1, OnDemandStreamCountLimit: 50 });
      assert.deepEqual(await limits(otherRegion), { ShardLimit: 500, OpenShardCount: 0, OnDemandStreamCount: 0, OnDemandStreamCountLimit: 50 });

      // A split closes one shard and opens two.
      await waitActive(provisioned);
      await client.send(new SplitShardCommand({ StreamName: provisioned, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '1000' }));
      assert.equal((await limits()).OpenShardCount, 8);

      await client.send(new DeleteStreamCommand({ StreamName: onDemand }));
      await waitFor(async () => ((await limits()).OnDemandStreamCount === 0 ? true : undefined));
      assert.deepEqual(await limits(), { ShardLimit: 500, OpenShardCount: 4, OnDemandStreamCount: 0, OnDemandStreamCountLimit: 50 });
    });
  });
}
