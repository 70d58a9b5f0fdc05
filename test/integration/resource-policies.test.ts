// PutResourcePolicy, GetResourcePolicy and DeleteResourcePolicy through the AWS SDK v3
// client over HTTP/2 and HTTP/1.1, on streams and consumers: the policy kept as given, "{}"
// for none, refusals of policies that are not resource policies and of unknown resources,
// and a policy gone with its stream. What the policies allow and deny is tested in strict
// mode (auth-strict-resource-policies.test.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateStreamCommand,
  DeleteResourcePolicyCommand,
  DeleteStreamCommand,
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
  RegisterStreamConsumerCommand,
} from '@aws-sdk/client-kinesis';
import { httpVersions, kinesisSuite, uniqueName } from '../helpers/server.js';
import { createActiveStream, waitForStreamStatus } from '../helpers/streams.js';

const account = '000000000000';
const policyFor = (resource: string, action = 'kinesis:GetRecords') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'reader', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:user/reader` }, Action: action, Resource: resource }] });

for (const version of httpVersions) {
  describe(`resource policies over ${version}`, () => {
    const { client } = kinesisSuite(version, { transitionMs: 50 });

    const get = async (arn: string) => (await client.send(new GetResourcePolicyCommand({ ResourceARN: arn }))).Policy;
    const put = (arn: string, policy: string) => client.send(new PutResourcePolicyCommand({ ResourceARN: arn, Policy: policy }));
    const remove = (arn: string) => client.send(new DeleteResourcePolicyCommand({ ResourceARN: arn }));

    it('keeps a stream policy as given, replaces it, and deletes it; "{}" when there is none', async () => {
      const { arn } = await createActiveStream(client);
      assert.equal(await get(arn), '{}');
      const first = policyFor(arn);
      await put(arn, first);
      assert.equal(await get(arn), first);
      const second = policyFor(arn, 'kinesis:PutRecord');
      await put(arn, second);
      assert.equal(await get(arn), second);
      await remove(arn);
      assert.equal(await get(arn), '{}');
      await remove(arn);
      assert.equal(await get(arn), '{}');
    });

    it("a consumer's policy is its own, apart from its stream's", async () => {
      const { arn } = await createActiveStream(client);
      const consumerArn = (await client.send(new RegisterStreamConsumerCommand({ StreamARN: arn, ConsumerName: 'reader' }))).Consumer!.ConsumerARN!;
      const policy = policyFor(consumerArn, 'kinesis:SubscribeToShard');
      await put(consumerArn, policy);
      assert.equal(await get(consumerArn), policy);
      assert.equal(await get(arn), '{}');
      await remove(consumerArn);
      assert.equal(await get(consumerArn), '{}');
    });

    it('a deleted stream takes its policy with it', async () => {
      const { name, arn } = await createActiveStream(client);
      await put(arn, policyFor(arn));
      await client.send(new DeleteStreamCommand({ StreamName: name }));
      // Again under the same name once the deletion is over.
      for (let tries = 0; tries < 100; tries++) {
        try {
          await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
          break;
        } catch (error) {
          if ((error as Error).name !== 'ResourceInUseException') throw error;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
      await waitForStreamStatus(client, name);
      assert.equal(await get(arn), '{}');
    });

    it('refuses a policy that is not a resource policy, and unknown or malformed resources, changing nothing', async () => {
      const { arn } = await createActiveStream(client);
      await assert.rejects(put(arn, 'not a policy'), { name: 'InvalidArgumentException', message: 'Invalid resource policy: Syntax errors in policy.' });
      await assert.rejects(put(arn, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kinesis:*', Resource: '*' }] })), {
        name: 'InvalidArgumentException',
        message: 'Invalid resource policy: Missing required field Principal',
      });
      assert.equal(await get(arn), '{}');
      const missing = uniqueName();
      const missingArn = `arn:aws:kinesis:us-east-1:${account}:stream/${missing}`;
      await assert.rejects(put(missingArn, policyFor(missingArn)), { name: 'ResourceNotFoundException', message: `Stream ${missing} under account ${account} not found.` });
      await assert.rejects(get(`${arn}/consumer/nobody:1`), { name: 'ResourceNotFoundException' });
      await assert.rejects(remove(`arn:aws:kinesis:us-east-1:${account}:stream/a/b`), { name: 'InvalidArgumentException' });
    });
  });
}
