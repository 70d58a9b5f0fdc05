// PutRecord/PutRecordBatch and delivery to the local S3 store: AWS's object names, records
// concatenated without delimiters, GZIP, size- and interval-triggered flushes, and the
// partial-failure shape of PutRecordBatch (aws-wire.md §3.5–3.7, §5.7 item 38).
import { after, before, describe as suite, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateDeliveryStreamCommand, PutRecordBatchCommand, PutRecordCommand, type FirehoseClient } from '@aws-sdk/client-firehose';
import { removeDir, startServer, uniqueName, waitFor, type TestServer } from '../helpers/server.js';
import { bucketArn, firehoseClient, objectsOf, roleArn, waitActive } from '../helpers/firehose.js';

const two = '\\d{2}';
const timeFolders = `\\d{4}/${two}/${two}/${two}/`;
const timeSuffix = `\\d{4}-${two}-${two}-${two}-${two}-${two}`;
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

suite('firehose delivery to S3', () => {
  let server: TestServer;
  let client: FirehoseClient;

  before(async () => {
    server = await startServer({ transitionMs: 20 });
    client = firehoseClient(server.endpoint);
  });
  after(async () => {
    client.destroy();
    await server.close();
    await removeDir(server.server.s3Dir);
  });

  async function create(name: string, bucket: string, extra: Record<string, unknown> = {}): Promise<void> {
    await client.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: name,
        ExtendedS3DestinationConfiguration: { RoleARN: roleArn, BucketARN: bucketArn(bucket), BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 }, ...extra },
      }),
    );
    await waitActive(client, name);
  }

  it('answers with RecordIds and Encrypted false, and delivers the records concatenated into an object named as AWS names it', async () => {
    const name = uniqueName('plain');
    const bucket = uniqueName('bucket');
    await create(name, bucket);
    const single = await client.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: Buffer.from('first|') } }));
    assert.equal(single.Encrypted, false);
    assert.ok(single.RecordId!.length >= 40);
    const objects = await waitFor(async () => {
      const found = await objectsOf(server.server.s3Dir, bucket);
      return found.length > 0 ? found : undefined;
    });
    assert.equal(objects.length, 1);
    assert.match(objects[0]!.key, new RegExp(`^${timeFolders}${name}-1-${timeSuffix}-${uuid}$`));
    assert.equal(objects[0]!.body.toString(), 'first|');
    // The folders and the name's time are the same UTC hour.
    const [year, month, day, hour] = objects[0]!.key.split('/');
    assert.ok(objects[0]!.key.includes(`${name}-1-${year}-${month}-${day}-${hour}-`));

    const batch = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: ['a', 'b', 'c'].map((text) => ({ Data: Buffer.from(text) })) }));
    assert.equal(batch.FailedPutCount, 0);
    assert.equal(batch.Encrypted, false);
    assert.equal(batch.RequestResponses!.length, 3);
    assert.equal(new Set(batch.RequestResponses!.map((entry) => entry.RecordId)).size, 3);
    const all = await waitFor(async () => {
      const found = await objectsOf(server.server.s3Dir, bucket);
      return found.map((object) => object.body.toString()).join('').length === 'first|abc'.length ? found : undefined;
    });
    assert.equal(all.map((object) => object.body.toString()).join(''), 'first|abc', 'in order, nothing between records, nothing twice');
  });

  it('compresses with GZIP into .gz objects under a custom prefix followed by the time folders', async () => {
    const name = uniqueName('gzip');
    const bucket = uniqueName('bucket');
    await create(name, bucket, { CompressionFormat: 'GZIP', Prefix: 'logs/' });
    await client.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: [{ Data: Buffer.from('{"n":1}\n') }, { Data: Buffer.from('{"n":2}\n') }] }));
    const objects = await waitFor(async () => {
      const found = await objectsOf(server.server.s3Dir, bucket);
      return found.map((object) => object.body.toString()).join('') === '{"n":1}\n{"n":2}\n' ? found : undefined;
    });
    for (const object of objects) assert.match(object.key, new RegExp(`^logs/${timeFolders}${name}-1-${timeSuffix}-${uuid}\\.gz$`));
  });

  it('evaluates a timestamp expression in the prefix instead of adding the time folders', async () => {
    const name = uniqueName('expression');
    const bucket = uniqueName('bucket');
    await create(name, bucket, { Prefix: "year=!{timestamp:yyyy}/month=!{timestamp:MM}/", ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/' });
    await client.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: Buffer.from('x') } }));
    const [object] = await waitFor(async () => {
      const found = await objectsOf(server.server.s3Dir, bucket);
      return found.length > 0 ? found : undefined;
    });
    assert.match(object!.key, new RegExp(`^year=\\d{4}/month=${two}/${name}-1-${timeSuffix}-${uuid}$`));
  });

  it('flushes as soon as the buffer holds SizeInMBs, long before a 900-second interval', async () => {
    const name = uniqueName('size');
    const bucket = uniqueName('bucket');
    await create(name, bucket, { BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 900 } });
    const record = Buffer.alloc(300 * 1024, 'z');
    const small = await client.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: Buffer.from('tiny') } }));
    assert.ok(small.RecordId);
    assert.deepEqual(await objectsOf(server.server.s3Dir, bucket), [], 'nothing is delivered before the buffer is full or its interval ends');
    await client.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: Array.from({ length: 4 }, () => ({ Data: record })) }));
    const objects = await waitFor(async () => {
      const found = await objectsOf(server.server.s3Dir, bucket);
      return found.length > 0 ? found : undefined;
    });
    assert.equal(objects[0]!.body.subarray(0, 4).toString(), 'tiny');
  });

  it('refuses records for a stream that is still CREATING', async () => {
    const name = uniqueName('creating');
    const slow = await startServer({ transitionMs: 60_000 });
    const slowClient = firehoseClient(slow.endpoint);
    try {
      await slowClient.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: name, S3DestinationConfiguration: { RoleARN: roleArn, BucketARN: bucketArn('b') } }));
      await assert.rejects(slowClient.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: Buffer.from('x') } })), (error: Error) => {
        assert.equal(error.name, 'ResourceInUseException');
        assert.match(error.message, /not ACTIVE, instead in state CREATING/);
        return true;
      });
    } finally {
      slowClient.destroy();
      await slow.close();
      await removeDir(slow.server.s3Dir);
    }
  });

  it('fails the records over the 5 MiB/s quota one by one, with the partial-failure shape', async () => {
    const name = uniqueName('quota');
    const bucket = uniqueName('bucket');
    await create(name, bucket, { BufferingHints: { SizeInMBs: 128, IntervalInSeconds: 900 } });
    const record = Buffer.alloc(1_000_000, 'q');
    let answer;
    // Each call carries ~3.8 MiB; the quota refills 5 MiB a second, so a few calls in a row overflow it.
    for (let call = 0; call < 20; call++) {
      answer = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: Array.from({ length: 4 }, () => ({ Data: record })) }));
      if (answer.FailedPutCount! > 0) break;
    }
    assert.ok(answer!.FailedPutCount! > 0, 'the quota was never reached');
    assert.equal(answer!.RequestResponses!.length, 4);
    assert.equal(answer!.Encrypted, false);
    const failed = answer!.RequestResponses!.filter((entry) => entry.ErrorCode !== undefined);
    assert.equal(failed.length, answer!.FailedPutCount);
    for (const entry of failed) {
      assert.deepEqual({ ErrorCode: entry.ErrorCode, ErrorMessage: entry.ErrorMessage, RecordId: entry.RecordId }, { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.', RecordId: undefined });
    }
  });
});
