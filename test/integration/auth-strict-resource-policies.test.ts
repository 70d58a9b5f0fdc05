// Stream and consumer resource policies in strict mode, over HTTP/2 and HTTP/1.1 through
// the AWS SDK v3 clients: a policy naming a user lets it do what no identity policy of its
// own allows, an explicit Deny in it wins over the user's identity policy, and a changed or
// deleted policy counts on the very next request.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteResourcePolicyCommand,
  DescribeStreamConsumerCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  PutRecordCommand,
  PutResourcePolicyCommand,
  RegisterStreamConsumerCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { httpVersions } from '../helpers/server.js';
import { createActiveStream } from '../helpers/streams.js';
import { allow, createUser, refused, strictSuite } from '../helpers/strict-auth.js';

const statement = (effect: 'Allow' | 'Deny', principal: string, action: string, resource: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Principal: { AWS: principal }, Action: action, Resource: resource }] });

const firstIterator = async (kinesis: KinesisClient, stream: string) =>
  (await kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator!;

for (const version of httpVersions) {
  describe(`strict mode: stream and consumer resource policies (${version})`, () => {
    const s = strictSuite(version);

    it("a stream policy naming a user allows what the user's own policies do not, until it is deleted", async () => {
      const { name, arn } = await createActiveStream(s.root.kinesis);
      const producer = await createUser(s.root.iam, {}, 'producer');
      const asProducer = s.as(producer.credentials).kinesis;
      const put = () => asProducer.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'pk', Data: Buffer.from('x') }));
      const notAllowed = `User: ${producer.arn} is not authorized to perform: kinesis:PutRecord on resource: ${arn} because no identity-based policy allows the kinesis:PutRecord action`;
      await refused(put(), 'AccessDeniedException', 400, notAllowed);

      await s.root.kinesis.send(new PutResourcePolicyCommand({ ResourceARN: arn, Policy: statement('Allow', producer.arn, 'kinesis:PutRecord', arn) }));
      assert.equal((await put()).ShardId, 'shardId-000000000000');
      // Only what the policy names.
      await refused(asProducer.send(new GetShardIteratorCommand({ StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'LATEST' })), 'AccessDeniedException', 400);

      await s.root.kinesis.send(new DeleteResourcePolicyCommand({ ResourceARN: arn }));
      await refused(put(), 'AccessDeniedException', 400, notAllowed);
    });

    it("an explicit Deny in a stream policy wins over the user's identity policy", async () => {
      const { name, arn } = await createActiveStream(s.root.kinesis);
      await s.root.kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'pk', Data: Buffer.from('kept') }));
      const reader = await createUser(s.root.iam, { kinesis: allow('kinesis:*') }, 'reader');
      const asReader = s.as(reader.credentials).kinesis;
      const read = async () => (await asReader.send(new GetRecordsCommand({ ShardIterator: await firstIterator(asReader, name) }))).Records!;
      assert.equal((await read()).length, 1);

      await s.root.kinesis.send(new PutResourcePolicyCommand({ ResourceARN: arn, Policy: statement('Deny', reader.arn, 'kinesis:GetRecords', arn) }));
      const iterator = await firstIterator(asReader, name);
      await refused(
        asReader.send(new GetRecordsCommand({ ShardIterator: iterator })),
        'AccessDeniedException',
        400,
        `User: ${reader.arn} is not authorized to perform: kinesis:GetRecords on resource: ${arn} with an explicit deny in a resource-based policy`,
      );

      await s.root.kinesis.send(new DeleteResourcePolicyCommand({ ResourceARN: arn }));
      assert.equal((await read()).length, 1);
    });

    it("a consumer's policy allows a user on that consumer, not on its stream", async () => {
      const { name, arn } = await createActiveStream(s.root.kinesis);
      const consumerArn = (await s.root.kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: arn, ConsumerName: 'fan-out' }))).Consumer!.ConsumerARN!;
      const user = await createUser(s.root.iam, {}, 'fan-out');
      const asUser = s.as(user.credentials).kinesis;
      const describe = () => asUser.send(new DescribeStreamConsumerCommand({ ConsumerARN: consumerArn }));
      await refused(describe(), 'AccessDeniedException', 400);
      await s.root.kinesis.send(new PutResourcePolicyCommand({ ResourceARN: consumerArn, Policy: statement('Allow', user.arn, 'kinesis:DescribeStreamConsumer', consumerArn) }));
      assert.equal((await describe()).ConsumerDescription!.ConsumerARN, consumerArn);
      await refused(asUser.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'pk', Data: Buffer.from('x') })), 'AccessDeniedException', 400);
    });
  });
}
