// Tags through the AWS SDK v3 client over HTTP/2 and HTTP/1.1: the stream-name form
// (AddTagsToStream, RemoveTagsFromStream, ListTagsForStream) and the ARN form
// (TagResource, UntagResource, ListTagsForResource) on streams and consumers, with AWS's
// texts for every refusal (kinesalite's tag tests, recorded from AWS).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddTagsToStreamCommand,
  CreateStreamCommand,
  ListTagsForResourceCommand,
  ListTagsForStreamCommand,
  RegisterStreamConsumerCommand,
  RemoveTagsFromStreamCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-kinesis';
import { httpVersions, kinesisSuite, uniqueName } from '../helpers/server.js';
import { createActiveStream, waitForStreamStatus } from '../helpers/streams.js';

const account = '000000000000';
const invalidCharacters = 'Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @ :.';
const illegalCharacters = "because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@',':'.";

function manyTags(count: number, prefix: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (let index = 0; index < count; index++) tags[`${prefix}${String(index).padStart(2, '0')}`] = String(index);
  return tags;
}

for (const version of httpVersions) {
  describe(`tags over ${version}`, () => {
    const { client } = kinesisSuite(version, { transitionMs: 300 });

    const tagsOf = async (name: string) => (await client.send(new ListTagsForStreamCommand({ StreamName: name }))).Tags;

    const activeStream = (tags?: Record<string, string>) => createActiveStream(client, { tags });

    it('adds, overwrites and lists tags in key order, AWS-valid characters included', async () => {
      const { name } = await activeStream({ team: 'orders' });
      await client.send(new AddTagsToStreamCommand({ StreamName: name, Tags: { b: 'ü0 _./=+-@:', 'ü0 _.': 'a', '/=+-@:': 'a', a: '', team: 'payments' } }));
      const listed = await client.send(new ListTagsForStreamCommand({ StreamName: name }));
      assert.deepEqual(listed.Tags, [
        { Key: '/=+-@:', Value: 'a' },
        { Key: 'a', Value: '' },
        { Key: 'b', Value: 'ü0 _./=+-@:' },
        { Key: 'team', Value: 'payments' },
        { Key: 'ü0 _.', Value: 'a' },
      ]);
      assert.equal(listed.HasMoreTags, false);
    });

    it('pages with Limit and ExclusiveStartTagKey, HasMoreTags true exactly while tags remain', async () => {
      const { name } = await activeStream(manyTags(7, 'key-'));
      const first = await client.send(new ListTagsForStreamCommand({ StreamName: name, Limit: 3 }));
      assert.deepEqual(first.Tags!.map((tag) => tag.Key), ['key-00', 'key-01', 'key-02']);
      assert.equal(first.HasMoreTags, true);
      const second = await client.send(new ListTagsForStreamCommand({ StreamName: name, Limit: 3, ExclusiveStartTagKey: 'key-02' }));
      assert.deepEqual(second.Tags!.map((tag) => tag.Key), ['key-03', 'key-04', 'key-05']);
      assert.equal(second.HasMoreTags, true);
      const last = await client.send(new ListTagsForStreamCommand({ StreamName: name, Limit: 3, ExclusiveStartTagKey: 'key-05' }));
      assert.deepEqual(last.Tags, [{ Key: 'key-06', Value: '6' }]);
      assert.equal(last.HasMoreTags, false);
      const exact = await client.send(new ListTagsForStreamCommand({ StreamName: name, Limit: 2, ExclusiveStartTagKey: 'key-04' }));
      assert.deepEqual(exact.Tags!.map((tag) => tag.Key), ['key-05', 'key-06']);
      assert.equal(exact.HasMoreTags, false);
      // A start key that is not a tag still starts after it in key order.
      const between = await client.send(new ListTagsForStreamCommand({ StreamName: name, ExclusiveStartTagKey: 'key-035' }));
      assert.deepEqual(between.Tags!.map((tag) => tag.Key), ['key-04', 'key-05', 'key-06']);
    });

    it('removes the named tags and ignores keys the stream does not have, by name or by ARN', async () => {
      const { name, arn } = await activeStream({ a: '1', b: '2', c: '3' });
      await client.send(new RemoveTagsFromStreamCommand({ StreamName: name, TagKeys: ['a', 'missing'] }));
      assert.deepEqual(await tagsOf(name), [{ Key: 'b', Value: '2' }, { Key: 'c', Value: '3' }]);
      await client.send(new RemoveTagsFromStreamCommand({ StreamARN: arn, TagKeys: ['c'] }));
      await client.send(new AddTagsToStreamCommand({ StreamARN: arn, Tags: { d: '4' } }));
      assert.deepEqual((await client.send(new ListTagsForStreamCommand({ StreamARN: arn }))).Tags, [{ Key: 'b', Value: '2' }, { Key: 'd', Value: '4' }]);
    });

    it('refuses a 51st tag with AWS text and keeps the tags as they were', async () => {
      const { name } = await activeStream(manyTags(49, 'key-'));
      await client.send(new AddTagsToStreamCommand({ StreamName: name, Tags: { 'key-49': 'last' } }));
      await assert.rejects(client.send(new AddTagsToStreamCommand({ StreamName: name, Tags: { 'key-00': 'changed', extra: 'x' } })), {
        name: 'InvalidArgumentException',
        message: `Failed to add tags to stream ${name} under account ${account} because a given stream cannot have more than 50 tags associated with it.`,
      });
      const tags = await tagsOf(name);
      assert.equal(tags!.length, 50);
      assert.deepEqual(tags![0], { Key: 'key-00', Value: '0' });
      // Overwriting at the limit adds nothing and is allowed.
      await client.send(new AddTagsToStreamCommand({ StreamName: name, Tags: { 'key-00': 'changed' } }));
      assert.deepEqual((await tagsOf(name))![0], { Key: 'key-00', Value: 'changed' });
    });

    it('refuses invalid characters with AWS texts, and % with its own text', async () => {
      const { name } = await activeStream({ keep: 'me' });
      const refused: Array<Record<string, string>> = [{ 'abc;def': '1' }, { 'abc\tdef': '1' }, { 'abc\ndef': '1' }, { a: 'abc,def' }];
      for (const tags of refused) {
        await assert.rejects(client.send(new AddTagsToStreamCommand({ StreamName: name, Tags: tags })), { name: 'InvalidArgumentException', message: invalidCharacters });
      }
      await assert.rejects(client.send(new AddTagsToStreamCommand({ StreamName: name, Tags: { ok: '1', a: 'abc%def' } })), {
        name: 'InvalidArgumentException',
        message: `Failed to add tags to stream ${name} under account ${account} ${illegalCharacters}`,
      });
      await assert.rejects(client.send(new RemoveTagsFromStreamCommand({ StreamName: name, TagKeys: ['abc;def'] })), {
        name: 'InvalidArgumentException',
        message: invalidCharacters,
      });
      await assert.rejects(client.send(new RemoveTagsFromStreamCommand({ StreamName: name, TagKeys: ['keep', 'abc%def'] })), {
        name: 'InvalidArgumentException',
        message: `Failed to remove tags from stream ${name} under account ${account} ${illegalCharacters}`,
      });
      assert.deepEqual(await tagsOf(name), [{ Key: 'keep', Value: 'me' }]);
    });

    it('answers ResourceNotFoundException for a stream that does not exist, before looking at the tags', async () => {
      const name = uniqueName('missing');
      const notFound = { name: 'ResourceNotFoundException', message: `Stream ${name} under account ${account} not found.` };
      await assert.rejects(client.send(new AddTagsToStreamCommand({ StreamName: name, Tags: { 'a;b': '1' } })), notFound);
      await assert.rejects(client.send(new RemoveTagsFromStreamCommand({ StreamName: name, TagKeys: [';'] })), notFound);
      await assert.rejects(client.send(new ListTagsForStreamCommand({ StreamName: name, ExclusiveStartTagKey: 'a', Limit: 1 })), notFound);
      await assert.rejects(client.send(new TagResourceCommand({ ResourceARN: `arn:aws:kinesis:us-east-1:${account}:stream/${name}`, Tags: { a: '1' } })), notFound);
    });

    it('lists the tags of a CREATING stream but changes them only once it is ACTIVE', async () => {
      const name = uniqueName();
      await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1, Tags: { team: 'orders' } }));
      assert.deepEqual(await tagsOf(name), [{ Key: 'team', Value: 'orders' }]);
      const notActive = { name: 'ResourceInUseException', message: `Stream ${name} under account ${account} not ACTIVE, instead in state CREATING` };
      await assert.rejects(client.send(new AddTagsToStreamCommand({ StreamName: name, Tags: { a: '1' } })), notActive);
      await assert.rejects(client.send(new RemoveTagsFromStreamCommand({ StreamName: name, TagKeys: ['team'] })), notActive);
      await assert.rejects(
        client.send(new UntagResourceCommand({ ResourceARN: `arn:aws:kinesis:us-east-1:${account}:stream/${name}`, TagKeys: ['team'] })),
        notActive,
      );
      await waitForStreamStatus(client, name);
      await client.send(new AddTagsToStreamCommand({ StreamName: name, Tags: { a: '1' } }));
      assert.deepEqual(await tagsOf(name), [{ Key: 'a', Value: '1' }, { Key: 'team', Value: 'orders' }]);
    });

    it('validates Limit and the tag map against the model', async () => {
      const { name } = await activeStream();
      await assert.rejects(client.send(new ListTagsForStreamCommand({ StreamName: name, Limit: 51 })), {
        name: 'ValidationException',
        message: "1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50",
      });
      await assert.rejects(client.send(new AddTagsToStreamCommand({ StreamName: name, Tags: {} })), {
        name: 'ValidationException',
        message: "1 validation error detected: Value '{}' at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1",
      });
    });

    it('tags, untags and lists a stream by ARN with TagResource, UntagResource and ListTagsForResource', async () => {
      const { name, arn } = await activeStream({ team: 'orders' });
      await client.send(new TagResourceCommand({ ResourceARN: arn, Tags: { env: 'test', a: 'b' } }));
      assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, [
        { Key: 'a', Value: 'b' },
        { Key: 'env', Value: 'test' },
        { Key: 'team', Value: 'orders' },
      ]);
      await client.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['a', 'team'] }));
      assert.deepEqual(await tagsOf(name), [{ Key: 'env', Value: 'test' }]);
      await assert.rejects(client.send(new TagResourceCommand({ ResourceARN: arn, Tags: manyTags(50, 'x') })), {
        name: 'InvalidArgumentException',
        message: `Failed to add tags to stream ${name} under account ${account} because a given stream cannot have more than 50 tags associated with it.`,
      });
    });

    it('tags a consumer apart from its stream, from registration on', async () => {
      const { name, arn } = await activeStream({ team: 'orders' });
      const consumer = (await client.send(new RegisterStreamConsumerCommand({ StreamARN: arn, ConsumerName: 'reader', Tags: { role: 'reader' } }))).Consumer!;
      const consumerArn = consumer.ConsumerARN!;
      assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceARN: consumerArn }))).Tags, [{ Key: 'role', Value: 'reader' }]);
      await client.send(new TagResourceCommand({ ResourceARN: consumerArn, Tags: { env: 'test' } }));
      await client.send(new UntagResourceCommand({ ResourceARN: consumerArn, TagKeys: ['role'] }));
      assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceARN: consumerArn }))).Tags, [{ Key: 'env', Value: 'test' }]);
      assert.deepEqual(await tagsOf(name), [{ Key: 'team', Value: 'orders' }]);
      await assert.rejects(client.send(new TagResourceCommand({ ResourceARN: consumerArn, Tags: manyTags(50, 'x') })), {
        name: 'InvalidArgumentException',
        message: `Failed to add tags to consumer reader under stream ${name} and account ${account} because a given consumer cannot have more than 50 tags associated with it.`,
      });
      await assert.rejects(client.send(new TagResourceCommand({ ResourceARN: consumerArn, Tags: { 'a;b': '1' } })), {
        name: 'InvalidArgumentException',
        message: invalidCharacters,
      });
    });

    it('answers ResourceNotFoundException for a consumer ARN that names no consumer', async () => {
      const { name, arn } = await activeStream();
      const consumer = (await client.send(new RegisterStreamConsumerCommand({ StreamARN: arn, ConsumerName: 'reader' }))).Consumer!;
      const stale = `${arn}/consumer/reader:1000`;
      await assert.rejects(client.send(new ListTagsForResourceCommand({ ResourceARN: stale })), {
        name: 'ResourceNotFoundException',
        message: `Consumer reader with creation timestamp 1000 under stream ${name} and account ${account} not found.`,
      });
      const seconds = consumer.ConsumerARN!.slice(consumer.ConsumerARN!.lastIndexOf(':') + 1);
      const otherName = `${arn}/consumer/other:${seconds}`;
      await assert.rejects(client.send(new TagResourceCommand({ ResourceARN: otherName, Tags: { a: '1' } })), {
        name: 'ResourceNotFoundException',
        message: `Consumer other with creation timestamp ${seconds} under stream ${name} and account ${account} not found.`,
      });
      const missingStream = uniqueName('missing');
      await assert.rejects(client.send(new UntagResourceCommand({ ResourceARN: `arn:aws:kinesis:us-east-1:${account}:stream/${missingStream}/consumer/reader:1000`, TagKeys: ['a'] })), {
        name: 'ResourceNotFoundException',
        message: `Consumer reader with creation timestamp 1000 under stream ${missingStream} and account ${account} not found.`,
      });
    });

    it('refuses a ResourceARN that names neither a stream nor a consumer', async () => {
      const odd = `arn:aws:kinesis:us-east-1:${account}:deliverystream/x`;
      await assert.rejects(client.send(new ListTagsForResourceCommand({ ResourceARN: odd })), {
        name: 'InvalidArgumentException',
        message: `ResourceARN ${odd} is not a valid stream or consumer ARN.`,
      });
      await assert.rejects(client.send(new ListTagsForResourceCommand({ ResourceARN: 'not-an-arn' })), {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value 'not-an-arn' at 'resourceARN' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws.*:kinesis:.*:\\d{12}:.*stream/\\S+",
      });
    });
  });
}
