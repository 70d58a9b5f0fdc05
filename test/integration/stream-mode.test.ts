// UpdateStreamMode through the AWS SDK v3 client over HTTP/2 and HTTP/1.1: PROVISIONED to
// ON_DEMAND and back by StreamARN, through an UPDATING transition.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  PutRecordCommand,
  SplitShardCommand,
  UpdateStreamModeCommand,
} from '@aws-sdk/client-kinesis';
import { httpVersions, kinesisSuite, uniqueName } from '../helpers/server.js';
import { createActiveStream, streamSummary, waitForStreamStatus } from '../helpers/streams.js';

const account = '000000000000';
const arnOf = (name: string) => `arn:aws:kinesis:us-east-1:${account}:stream/${name}`;

for (const version of httpVersions) {
  describe(`stream mode over ${version}`, () => {
    const { client } = kinesisSuite(version, { transitionMs: 250 });

    const summary = (name: string) => streamSummary(client, name);
    const waitActive = (name: string) => waitForStreamStatus(client, name);
    const setMode = (name: string, mode: 'ON_DEMAND' | 'PROVISIONED') =>
      client.send(new UpdateStreamModeCommand({ StreamARN: arnOf(name), StreamModeDetails: { StreamMode: mode } }));

    it('switches a provisioned stream to on-demand and back, keeping its shards', async () => {
      const { name } = await createActiveStream(client, { shardCount: 2 });
      await setMode(name, 'ON_DEMAND');
      assert.equal((await summary(name)).StreamStatus, 'UPDATING');
      await assert.rejects(setMode(name, 'PROVISIONED'), {
        name: 'ResourceInUseException',
        message: `Stream ${name} under account ${account} not ACTIVE, instead in state UPDATING`,
      });
      // Writes go on during the transition.
      await client.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from('x') }));
      await waitActive(name);
      let described = await summary(name);
      assert.deepEqual(described.StreamModeDetails, { StreamMode: 'ON_DEMAND' });
      assert.equal(described.OpenShardCount, 2);
      await assert.rejects(client.send(new SplitShardCommand({ StreamName: name, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '5' })), {
        name: 'ValidationException',
        message: `Request is invalid. Stream ${name} under account ${account} is in On-Demand mode.`,
      });

      await setMode(name, 'PROVISIONED');
      await waitActive(name);
      described = await summary(name);
      assert.deepEqual(described.StreamModeDetails, { StreamMode: 'PROVISIONED' });
      await client.send(new SplitShardCommand({ StreamName: name, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '5' }));
    });

    it('accepts the mode the stream already has', async () => {
      const { name } = await createActiveStream(client);
      await setMode(name, 'PROVISIONED');
      await waitActive(name);
      assert.deepEqual((await summary(name)).StreamModeDetails, { StreamMode: 'PROVISIONED' });
    });

    it('answers unknown streams and malformed input as AWS does', async () => {
      const missing = uniqueName();
      await assert.rejects(setMode(missing, 'ON_DEMAND'), { name: 'ResourceNotFoundException', message: `Stream ${missing} under account ${account} not found.` });
      await assert.rejects(client.send(new UpdateStreamModeCommand({ StreamARN: 'not-an-arn', StreamModeDetails: { StreamMode: 'ON_DEMAND' } })), {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value 'not-an-arn' at 'streamARN' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+",
      });
      await assert.rejects(client.send(new UpdateStreamModeCommand({ StreamARN: arnOf(missing), StreamModeDetails: { StreamMode: 'SOMETIMES' as never } })), {
        name: 'ValidationException',
        message: "1 validation error detected: Value 'SOMETIMES' at 'streamModeDetails.streamMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]",
      });
    });
  });
}
