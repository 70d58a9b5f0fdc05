// EnableEnhancedMonitoring and DisableEnhancedMonitoring through the AWS SDK v3 client over
// HTTP/2 and HTTP/1.1: the stream's set of shard-level metrics, "ALL", the set before and
// after in each answer, EnhancedMonitoring in both descriptions, an UPDATING transition,
// and AWS's errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DescribeStreamCommand,
  DisableEnhancedMonitoringCommand,
  EnableEnhancedMonitoringCommand,
  PutRecordCommand,
  type MetricsName,
} from '@aws-sdk/client-kinesis';
import { httpVersions, kinesisSuite, uniqueName } from '../helpers/server.js';
import { createActiveStream, streamSummary, waitForStreamStatus } from '../helpers/streams.js';

const account = '000000000000';
const everyMetric = [
  'IncomingBytes',
  'IncomingRecords',
  'OutgoingBytes',
  'OutgoingRecords',
  'WriteProvisionedThroughputExceeded',
  'ReadProvisionedThroughputExceeded',
  'IteratorAgeMilliseconds',
];

for (const version of httpVersions) {
  describe(`enhanced monitoring over ${version}`, () => {
    const { client } = kinesisSuite(version, { transitionMs: 250 });

    const waitActive = (name: string) => waitForStreamStatus(client, name);
    const enable = (name: string, metrics: MetricsName[]) => client.send(new EnableEnhancedMonitoringCommand({ StreamName: name, ShardLevelMetrics: metrics }));
    const disable = (name: string, metrics: MetricsName[]) => client.send(new DisableEnhancedMonitoringCommand({ StreamName: name, ShardLevelMetrics: metrics }));
    const described = async (name: string) => {
      const summary = (await streamSummary(client, name)).EnhancedMonitoring;
      const full = (await client.send(new DescribeStreamCommand({ StreamName: name }))).StreamDescription!.EnhancedMonitoring;
      assert.deepEqual(full, summary, 'DescribeStream and DescribeStreamSummary agree');
      return summary![0]!.ShardLevelMetrics;
    };

    it('enables metrics, adds more, answers the sets before and after, and goes UPDATING for each change', async () => {
      const { name, arn } = await createActiveStream(client);
      assert.deepEqual(await described(name), []);
      const first = await enable(name, ['OutgoingBytes', 'IncomingBytes']);
      assert.deepEqual(
        { StreamName: first.StreamName, StreamARN: first.StreamARN, CurrentShardLevelMetrics: first.CurrentShardLevelMetrics, DesiredShardLevelMetrics: first.DesiredShardLevelMetrics },
        { StreamName: name, StreamARN: arn, CurrentShardLevelMetrics: [], DesiredShardLevelMetrics: ['IncomingBytes', 'OutgoingBytes'] },
      );
      assert.equal((await streamSummary(client, name)).StreamStatus, 'UPDATING');
      await assert.rejects(enable(name, ['IncomingRecords']), {
        name: 'ResourceInUseException',
        message: `Stream ${name} under account ${account} not ACTIVE, instead in state UPDATING`,
      });
      // Writes go on during the transition.
      await client.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from('x') }));
      await waitActive(name);
      assert.deepEqual(await described(name), ['IncomingBytes', 'OutgoingBytes']);

      const second = await client.send(new EnableEnhancedMonitoringCommand({ StreamARN: arn, ShardLevelMetrics: ['IncomingBytes', 'IteratorAgeMilliseconds'] }));
      assert.deepEqual(second.CurrentShardLevelMetrics, ['IncomingBytes', 'OutgoingBytes']);
      assert.deepEqual(second.DesiredShardLevelMetrics, ['IncomingBytes', 'OutgoingBytes', 'IteratorAgeMilliseconds']);
      await waitActive(name);
      assert.deepEqual(await described(name), ['IncomingBytes', 'OutgoingBytes', 'IteratorAgeMilliseconds']);
    });

    it('"ALL" enables every metric and disables every metric', async () => {
      const { name } = await createActiveStream(client);
      const enabled = await enable(name, ['ALL']);
      assert.deepEqual(enabled.DesiredShardLevelMetrics, everyMetric);
      await waitActive(name);
      assert.deepEqual(await described(name), everyMetric);

      const narrowed = await disable(name, ['IncomingRecords', 'OutgoingRecords']);
      assert.deepEqual(narrowed.CurrentShardLevelMetrics, everyMetric);
      assert.deepEqual(narrowed.DesiredShardLevelMetrics, everyMetric.filter((metric) => metric !== 'IncomingRecords' && metric !== 'OutgoingRecords'));
      await waitActive(name);

      const cleared = await disable(name, ['ALL']);
      assert.deepEqual(cleared.DesiredShardLevelMetrics, []);
      await waitActive(name);
      assert.deepEqual(await described(name), []);
    });

    it('disabling a metric that is not enabled changes nothing in the set', async () => {
      const { name } = await createActiveStream(client);
      await enable(name, ['IncomingBytes']);
      await waitActive(name);
      const answer = await disable(name, ['OutgoingBytes']);
      assert.deepEqual(answer.CurrentShardLevelMetrics, ['IncomingBytes']);
      assert.deepEqual(answer.DesiredShardLevelMetrics, ['IncomingBytes']);
      await waitActive(name);
      assert.deepEqual(await described(name), ['IncomingBytes']);
    });

    it('answers unknown streams and malformed input as AWS does, changing nothing', async () => {
      const missing = uniqueName();
      await assert.rejects(enable(missing, ['IncomingBytes']), { name: 'ResourceNotFoundException', message: `Stream ${missing} under account ${account} not found.` });
      await assert.rejects(disable(missing, ['IncomingBytes']), { name: 'ResourceNotFoundException', message: `Stream ${missing} under account ${account} not found.` });
      const { name } = await createActiveStream(client);
      await assert.rejects(enable(name, ['Everything' as MetricsName]), {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value 'Everything' at 'shardLevelMetrics.1.member' failed to satisfy constraint: Member must satisfy enum value set: [IncomingBytes, IncomingRecords, OutgoingBytes, OutgoingRecords, WriteProvisionedThroughputExceeded, ReadProvisionedThroughputExceeded, IteratorAgeMilliseconds, ALL]",
      });
      await assert.rejects(enable(name, []), { name: 'ValidationException' });
      assert.equal((await streamSummary(client, name)).StreamStatus, 'ACTIVE');
      assert.deepEqual(await described(name), []);
    });
  });
}
