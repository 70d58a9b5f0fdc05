// DescribeLimits through the AWS SDK v3 client over HTTP/2 and HTTP/1.1: the quotas and
// the caller's usage in its own account and region (aws-wire.md §1.7).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeLimitsCommand,
  SplitShardCommand,
} from '@aws-sdk/client-kinesis';
import { httpVersions, kinesisClient, kinesisSuite, uniqueName, waitFor } from '../helpers/server.js';
import { waitForStreamStatus } from '../helpers/streams.js';

for (const version of httpVersions) {
  describe(`limits over ${version}`, () => {
    // A server of its own: DescribeLimits counts every stream of the account.
    const suite = kinesisSuite(version, { transitionMs: 50 });
    const { client } = suite;
    const otherRegion = kinesisClient(() => suite.server.endpoint, version, 'eu-west-1');
    after(() => otherRegion.destroy());

    const limits = async (target = client) => {
      const output = await target.send(new DescribeLimitsCommand({}));
      return { ShardLimit: output.ShardLimit, OpenShardCount: output.OpenShardCount, OnDemandStreamCount: output.OnDemandStreamCount, OnDemandStreamCountLimit: output.OnDemandStreamCountLimit };
    };

    it('counts open shards and on-demand streams of the caller’s account and region', async () => {
      assert.deepEqual(await limits(), { ShardLimit: 500, OpenShardCount: 0, OnDemandStreamCount: 0, OnDemandStreamCountLimit: 50 });

      const provisioned = uniqueName();
      const onDemand = uniqueName();
      await client.send(new CreateStreamCommand({ StreamName: provisioned, ShardCount: 3 }));
      await client.send(new CreateStreamCommand({ StreamName: onDemand, StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
      assert.deepEqual(await limits(), { ShardLimit: 500, OpenShardCount: 7, OnDemandStreamCount: 1, OnDemandStreamCountLimit: 50 });
      assert.deepEqual(await limits(otherRegion), { ShardLimit: 500, OpenShardCount: 0, OnDemandStreamCount: 0, OnDemandStreamCountLimit: 50 });

      // A split closes one shard and opens two.
      await waitForStreamStatus(client, provisioned);
      await client.send(new SplitShardCommand({ StreamName: provisioned, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '1000' }));
      assert.equal((await limits()).OpenShardCount, 8);

      await client.send(new DeleteStreamCommand({ StreamName: onDemand }));
      await waitFor(async () => ((await limits()).OnDemandStreamCount === 0 ? true : undefined));
      assert.deepEqual(await limits(), { ShardLimit: 500, OpenShardCount: 4, OnDemandStreamCount: 0, OnDemandStreamCountLimit: 50 });
    });
  });
}
