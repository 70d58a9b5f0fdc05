// Enhanced fan-out consumers through the AWS SDK v3 client over HTTP/2 and HTTP/1.1:
// register (CREATING, then ACTIVE), describe, list with paging, deregister (DELETING,
// then gone), and every refusal with its code and text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DeregisterStreamConsumerCommand,
  DescribeStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  ListStreamConsumersCommand,
  RegisterStreamConsumerCommand,
  type ConsumerDescription,
} from '@aws-sdk/client-kinesis';
import { httpVersions, kinesisSuite, uniqueName, waitFor } from '../helpers/server.js';
import { createActiveStream } from '../helpers/streams.js';

const account = '000000000000';
const consumerArnPattern = '^(arn):aws.*:kinesis:.*:\\d{12}:.*stream\\/[a-zA-Z0-9_.-]+\\/consumer\\/[a-zA-Z0-9_.-]+:[0-9]+';

for (const version of httpVersions) {
  describe(`consumers over ${version}`, () => {
    const { client } = kinesisSuite(version, { transitionMs: 300 });
    const activeStream = () => createActiveStream(client);

    const describeByArn = async (consumerArn: string) => (await client.send(new DescribeStreamConsumerCommand({ ConsumerARN: consumerArn }))).ConsumerDescription!;
    const waitForStatus = (consumerArn: string, status: string) =>
      waitFor(async () => {
        const described = await describeByArn(consumerArn);
        return described.ConsumerStatus === status ? described : undefined;
      });
    const listNames = async (streamArn: string) => ((await client.send(new ListStreamConsumersCommand({ StreamARN: streamArn }))).Consumers ?? []).map((consumer) => consumer.ConsumerName);

    it('registers a consumer CREATING with an ARN that ends in its creation second, then ACTIVE', async () => {
      const stream = await activeStream();
      const before = Math.floor(Date.now() / 1000);
      const consumer = (await client.send(new RegisterStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: 'reader' }))).Consumer!;
      const seconds = consumer.ConsumerCreationTimestamp!.getTime() / 1000;
      assert.ok(Number.isInteger(seconds) && seconds >= before && seconds <= Math.floor(Date.now() / 1000));
      assert.equal(consumer.ConsumerName, 'reader');
      assert.equal(consumer.ConsumerStatus, 'CREATING');
      assert.equal(consumer.ConsumerARN, `arn:aws:kinesis:us-east-1:${account}:stream/${stream.name}/consumer/reader:${seconds}`);

      const creating = await describeByArn(consumer.ConsumerARN!);
      assert.deepEqual(creating, { ...consumer, StreamARN: stream.arn } satisfies ConsumerDescription);
      const active = await waitForStatus(consumer.ConsumerARN!, 'ACTIVE');
      assert.deepEqual(active, { ...consumer, ConsumerStatus: 'ACTIVE', StreamARN: stream.arn });
      const byName = (await client.send(new DescribeStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: 'reader' }))).ConsumerDescription!;
      assert.deepEqual(byName, active);
      const byAll = (await client.send(new DescribeStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: 'reader', ConsumerARN: consumer.ConsumerARN }))).ConsumerDescription!;
      assert.deepEqual(byAll, active);
    });

    it('counts consumers in DescribeStreamSummary and lists them in registration order', async () => {
      const stream = await activeStream();
      assert.deepEqual((await client.send(new ListStreamConsumersCommand({ StreamARN: stream.arn }))).Consumers, []);
      for (const name of ['first', 'second', 'third']) await client.send(new RegisterStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: name }));
      const summary = (await client.send(new DescribeStreamSummaryCommand({ StreamARN: stream.arn }))).StreamDescriptionSummary!;
      assert.equal(summary.ConsumerCount, 3);
      const listed = await client.send(new ListStreamConsumersCommand({ StreamARN: stream.arn }));
      assert.equal(listed.NextToken, undefined);
      assert.deepEqual(listed.Consumers!.map((consumer) => [consumer.ConsumerName, consumer.ConsumerStatus]), [
        ['first', 'CREATING'],
        ['second', 'CREATING'],
        ['third', 'CREATING'],
      ]);
      const withTimestamp = await client.send(new ListStreamConsumersCommand({ StreamARN: stream.arn, StreamCreationTimestamp: stream.createdAt }));
      assert.equal(withTimestamp.Consumers!.length, 3);
    });

    it('pages with MaxResults and NextToken, a token coming back exactly while consumers remain', async () => {
      const stream = await activeStream();
      const names = ['c0', 'c1', 'c2', 'c3', 'c4'];
      for (const name of names) await client.send(new RegisterStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: name }));
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await client.send(new ListStreamConsumersCommand({ StreamARN: stream.arn, MaxResults: 2, ...(token ? { NextToken: token } : {}) }));
        pages += 1;
        seen.push(...page.Consumers!.map((consumer) => consumer.ConsumerName!));
        assert.equal(page.NextToken === undefined, seen.length === names.length);
        token = page.NextToken;
      } while (token !== undefined);
      assert.equal(pages, 3);
      assert.deepEqual(seen, names);
      const exact = await client.send(new ListStreamConsumersCommand({ StreamARN: stream.arn, MaxResults: 5 }));
      assert.equal(exact.Consumers!.length, 5);
      assert.equal(exact.NextToken, undefined);
      // The effective maximum is 100 a page, whatever MaxResults says.
      assert.equal((await client.send(new ListStreamConsumersCommand({ StreamARN: stream.arn, MaxResults: 10000 }))).Consumers!.length, 5);
    });

    it('refuses NextToken misuse and a StreamCreationTimestamp of another incarnation', async () => {
      const stream = await activeStream();
      const other = await activeStream();
      for (const name of ['a', 'b']) await client.send(new RegisterStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: name }));
      const token = (await client.send(new ListStreamConsumersCommand({ StreamARN: stream.arn, MaxResults: 1 }))).NextToken!;
      assert.ok(token);
      await assert.rejects(client.send(new ListStreamConsumersCommand({ StreamARN: stream.arn, NextToken: token, StreamCreationTimestamp: stream.createdAt })), {
        name: 'InvalidArgumentException',
        message: 'NextToken and StreamCreationTimestamp cannot be provided together.',
      });
      const invalid = { name: 'InvalidArgumentException', message: 'Invalid NextToken.' };
      await assert.rejects(client.send(new ListStreamConsumersCommand({ StreamARN: other.arn, NextToken: token })), invalid);
      await assert.rejects(client.send(new ListStreamConsumersCommand({ StreamARN: stream.arn, NextToken: `${token.slice(0, -4)}AAAA` })), invalid);
      await assert.rejects(client.send(new ListStreamConsumersCommand({ StreamARN: stream.arn, StreamCreationTimestamp: new Date(stream.createdAt.getTime() - 60_000) })), {
        name: 'ResourceNotFoundException',
        message: `Stream ${stream.name} under account ${account} not found.`,
      });
    });

    it('deregisters a consumer DELETING, then gone; a re-registered consumer gets a new ARN', async () => {
      const stream = await activeStream();
      const first = (await client.send(new RegisterStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: 'reader' }))).Consumer!;
      await waitForStatus(first.ConsumerARN!, 'ACTIVE');
      await client.send(new DeregisterStreamConsumerCommand({ ConsumerARN: first.ConsumerARN }));
      assert.equal((await describeByArn(first.ConsumerARN!)).ConsumerStatus, 'DELETING');
      assert.deepEqual(await listNames(stream.arn), ['reader']);
      // Deregistering again while DELETING succeeds (the model lists no ResourceInUseException for it).
      await client.send(new DeregisterStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: 'reader' }));
      await assert.rejects(client.send(new RegisterStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: 'reader' })), {
        name: 'ResourceInUseException',
        message: `Consumer reader under stream ${stream.name} and account ${account} already exists.`,
      });

      const firstSeconds = first.ConsumerCreationTimestamp!.getTime() / 1000;
      await waitFor(async () => ((await listNames(stream.arn)).length === 0 ? true : undefined));
      await assert.rejects(describeByArn(first.ConsumerARN!), {
        name: 'ResourceNotFoundException',
        message: `Consumer reader with creation timestamp ${firstSeconds} under stream ${stream.name} and account ${account} not found.`,
      });
      await assert.rejects(client.send(new DescribeStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: 'reader' })), {
        name: 'ResourceNotFoundException',
        message: `Consumer reader under stream ${stream.name} and account ${account} not found.`,
      });
      assert.equal((await client.send(new DescribeStreamSummaryCommand({ StreamARN: stream.arn }))).StreamDescriptionSummary!.ConsumerCount, 0);

      // ARNs carry the creation second: register again in a later second than the first.
      await waitFor(async () => (Math.floor(Date.now() / 1000) > firstSeconds ? true : undefined), 3000);
      const second = (await client.send(new RegisterStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: 'reader' }))).Consumer!;
      assert.notEqual(second.ConsumerARN, first.ConsumerARN);
      assert.ok(second.ConsumerARN!.startsWith(`${stream.arn}/consumer/reader:`));
      assert.equal((await describeByArn(second.ConsumerARN!)).ConsumerName, 'reader');
      await assert.rejects(describeByArn(first.ConsumerARN!), { name: 'ResourceNotFoundException' });
    });

    it('deregisters a consumer still CREATING, by StreamARN and ConsumerName', async () => {
      const stream = await activeStream();
      const consumer = (await client.send(new RegisterStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: 'brief' }))).Consumer!;
      await client.send(new DeregisterStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: 'brief' }));
      assert.equal((await describeByArn(consumer.ConsumerARN!)).ConsumerStatus, 'DELETING');
      await waitFor(async () => ((await listNames(stream.arn)).length === 0 ? true : undefined));
    });

    it('refuses a duplicate name, a missing stream and a stream that is not ACTIVE', async () => {
      const stream = await activeStream();
      await client.send(new RegisterStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: 'reader' }));
      await assert.rejects(client.send(new RegisterStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: 'reader' })), {
        name: 'ResourceInUseException',
        message: `Consumer reader under stream ${stream.name} and account ${account} already exists.`,
      });
      const missing = uniqueName('missing');
      await assert.rejects(client.send(new RegisterStreamConsumerCommand({ StreamARN: `arn:aws:kinesis:us-east-1:${account}:stream/${missing}`, ConsumerName: 'reader' })), {
        name: 'ResourceNotFoundException',
        message: `Stream ${missing} under account ${account} not found.`,
      });
      const creating = uniqueName();
      await client.send(new CreateStreamCommand({ StreamName: creating, ShardCount: 1 }));
      await assert.rejects(client.send(new RegisterStreamConsumerCommand({ StreamARN: `arn:aws:kinesis:us-east-1:${account}:stream/${creating}`, ConsumerName: 'reader' })), {
        name: 'ResourceInUseException',
        message: `Stream ${creating} under account ${account} not ACTIVE, instead in state CREATING`,
      });
      await assert.rejects(client.send(new RegisterStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: 'tagged', Tags: { 'a;b': '1' } })), {
        name: 'InvalidArgumentException',
        message: 'Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @ :.',
      });
      assert.deepEqual(await listNames(stream.arn), ['reader']);
    });

    it('allows 20 consumers per stream and refuses the 21st', async () => {
      const stream = await activeStream();
      for (let batch = 0; batch < 4; batch++) {
        const arns: string[] = [];
        for (let index = 0; index < 5; index++) {
          const registered = await client.send(new RegisterStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: `c${batch * 5 + index}` }));
          arns.push(registered.Consumer!.ConsumerARN!);
        }
        // At most 5 may be CREATING at once: let this batch become ACTIVE first.
        for (const arn of arns) await waitForStatus(arn, 'ACTIVE');
      }
      await assert.rejects(client.send(new RegisterStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: 'c20' })), {
        name: 'LimitExceededException',
        message: `Stream ${stream.name} under account ${account} already has 20 registered consumers, the maximum of 20.`,
      });
      // A duplicate name is still reported as such at the limit (the KCL relies on it).
      await assert.rejects(client.send(new RegisterStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: 'c0' })), { name: 'ResourceInUseException' });
      assert.equal((await client.send(new DescribeStreamSummaryCommand({ StreamARN: stream.arn }))).StreamDescriptionSummary!.ConsumerCount, 20);
    });

    it('names a consumer by ARN, or StreamARN and ConsumerName, and refuses anything else', async () => {
      const stream = await activeStream();
      const consumer = (await client.send(new RegisterStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: 'reader' }))).Consumer!;
      const neither = { name: 'InvalidArgumentException', message: 'Either ConsumerARN or both StreamARN and ConsumerName must be provided.' };
      await assert.rejects(client.send(new DescribeStreamConsumerCommand({ ConsumerName: 'reader' })), neither);
      await assert.rejects(client.send(new DescribeStreamConsumerCommand({ StreamARN: stream.arn })), neither);
      await assert.rejects(client.send(new DeregisterStreamConsumerCommand({})), neither);
      await assert.rejects(client.send(new DescribeStreamConsumerCommand({ ConsumerARN: consumer.ConsumerARN, ConsumerName: 'other' })), {
        name: 'InvalidArgumentException',
        message: `ConsumerARN ${consumer.ConsumerARN} and ConsumerName other do not name the same consumer.`,
      });
      const other = await activeStream();
      await assert.rejects(client.send(new DeregisterStreamConsumerCommand({ ConsumerARN: consumer.ConsumerARN, StreamARN: other.arn })), {
        name: 'InvalidArgumentException',
        message: `ConsumerARN ${consumer.ConsumerARN} does not belong to the stream ${other.arn}.`,
      });
      await assert.rejects(client.send(new DeregisterStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: 'nobody' })), {
        name: 'ResourceNotFoundException',
        message: `Consumer nobody under stream ${stream.name} and account ${account} not found.`,
      });
      const missing = uniqueName('missing');
      await assert.rejects(client.send(new DescribeStreamConsumerCommand({ StreamARN: `arn:aws:kinesis:us-east-1:${account}:stream/${missing}`, ConsumerName: 'reader' })), {
        name: 'ResourceNotFoundException',
        message: `Stream ${missing} under account ${account} not found.`,
      });
      await assert.rejects(client.send(new ListStreamConsumersCommand({ StreamARN: `arn:aws:kinesis:us-east-1:${account}:stream/${missing}` })), {
        name: 'ResourceNotFoundException',
        message: `Stream ${missing} under account ${account} not found.`,
      });
      // The refused deregistrations changed nothing.
      assert.notEqual((await describeByArn(consumer.ConsumerARN!)).ConsumerStatus, 'DELETING');
    });

    it('answers ValidationException for a ConsumerARN that does not fit the model', async () => {
      await assert.rejects(client.send(new DescribeStreamConsumerCommand({ ConsumerARN: 'not-an-arn' })), {
        name: 'ValidationException',
        message: `1 validation error detected: Value 'not-an-arn' at 'consumerARN' failed to satisfy constraint: Member must satisfy regular expression pattern: ${consumerArnPattern}`,
      });
      await assert.rejects(client.send(new ListStreamConsumersCommand({ StreamARN: `arn:aws:kinesis:us-east-1:${account}:stream/x`, MaxResults: 0 })), {
        name: 'ValidationException',
        message: "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
      });
    });

    it('keeps a stream with consumers unless DeleteStream enforces consumer deletion', async () => {
      const stream = await activeStream();
      await client.send(new RegisterStreamConsumerCommand({ StreamARN: stream.arn, ConsumerName: 'reader' }));
      await assert.rejects(client.send(new DeleteStreamCommand({ StreamName: stream.name })), { name: 'ResourceInUseException' });
      await client.send(new DeleteStreamCommand({ StreamName: stream.name, EnforceConsumerDeletion: true }));
      await waitFor(async () => {
        try {
          await client.send(new DescribeStreamSummaryCommand({ StreamName: stream.name }));
          return undefined;
        } catch (error) {
          return (error as Error).name === 'ResourceNotFoundException' ? true : undefined;
        }
      });
    });
  });

  describe(`consumers in CREATING over ${version}`, () => {
    // Long enough that six registrations in a row all happen while the first is CREATING.
    const { client } = kinesisSuite(version, { transitionMs: 1500 });

    it('allows 5 consumers CREATING at once and refuses a 6th', async () => {
      const { name, arn: streamArn } = await createActiveStream(client);
      const started = Date.now();
      for (let index = 0; index < 5; index++) await client.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: `c${index}` }));
      await assert.rejects(client.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: 'c5' })), {
        name: 'LimitExceededException',
        message: `Stream ${name} under account ${account} already has 5 consumers in CREATING status; retry once one of them is ACTIVE.`,
      });
      assert.ok(Date.now() - started < 1500, 'the registrations outlasted the transition, so the test proved nothing');
      const listed = (await client.send(new ListStreamConsumersCommand({ StreamARN: streamArn }))).Consumers!;
      assert.deepEqual(listed.map((consumer) => consumer.ConsumerStatus), ['CREATING', 'CREATING', 'CREATING', 'CREATING', 'CREATING']);
    });
  });
}
