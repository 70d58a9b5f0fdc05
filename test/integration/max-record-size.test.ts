// A stream's largest record through the AWS SDK v3 client over HTTP/2 and HTTP/1.1:
// MaxRecordSizeInKiB at CreateStream, then UpdateMaxRecordSize by StreamARN through an
// UPDATING transition, PutRecord and PutRecords held to the limit in force, and AWS's errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand, PutRecordsCommand, UpdateMaxRecordSizeCommand } from '@aws-sdk/client-kinesis';
import { httpVersions, kinesisSuite, uniqueName } from '../helpers/server.js';
import { createActiveStream, streamSummary, waitForStreamStatus } from '../helpers/streams.js';

const account = '000000000000';
const arnOf = (name: string) => `arn:aws:kinesis:us-east-1:${account}:stream/${name}`;
const kib = 1024;
const tooLarge = (length: number, path: string, limit: number) =>
  `1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=${length} cap=${length}]' at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${limit}`;

for (const version of httpVersions) {
  describe(`max record size over ${version}`, () => {
    const { client } = kinesisSuite(version, { transitionMs: 250 });

    const put = (name: string, bytes: number) => client.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.alloc(bytes, 7) }));
    const setLimit = (name: string, kibibytes: number) => client.send(new UpdateMaxRecordSizeCommand({ StreamARN: arnOf(name), MaxRecordSizeInKiB: kibibytes }));

    it('raises the limit through UPDATING, then takes records up to it and refuses one byte more', async () => {
      const { name } = await createActiveStream(client);
      assert.equal((await streamSummary(client, name)).MaxRecordSizeInKiB, 1024);
      await assert.rejects(put(name, 1024 * kib + 1), { name: 'ValidationException', message: tooLarge(1024 * kib + 1, 'data', 1024 * kib) });

      await setLimit(name, 2048);
      assert.equal((await streamSummary(client, name)).StreamStatus, 'UPDATING');
      await assert.rejects(setLimit(name, 4096), {
        name: 'ResourceInUseException',
        message: `Stream ${name} under account ${account} not ACTIVE, instead in state UPDATING`,
      });
      await waitForStreamStatus(client, name);
      assert.equal((await streamSummary(client, name)).MaxRecordSizeInKiB, 2048);

      await put(name, 2048 * kib);
      await assert.rejects(put(name, 2048 * kib + 1), { name: 'ValidationException', message: tooLarge(2048 * kib + 1, 'data', 2048 * kib) });
      await assert.rejects(
        client.send(new PutRecordsCommand({ StreamName: name, Records: [{ PartitionKey: 'a', Data: Buffer.alloc(1) }, { PartitionKey: 'b', Data: Buffer.alloc(2048 * kib + 1) }] })),
        { name: 'ValidationException', message: tooLarge(2048 * kib + 1, 'records.2.member.data', 2048 * kib) },
      );
      const iterator = (await client.send(new GetShardIteratorCommand({ StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      const records = (await client.send(new GetRecordsCommand({ ShardIterator: iterator }))).Records!;
      assert.deepEqual(records.map((record) => record.Data!.length), [2048 * kib]);
    });

    it('lowers a limit set at CreateStream; a record stored under the old limit stays readable', async () => {
      const name = uniqueName();
      await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1, MaxRecordSizeInKiB: 3072 }));
      await waitForStreamStatus(client, name);
      await put(name, 3000 * kib);
      await setLimit(name, 1024);
      await waitForStreamStatus(client, name);
      await assert.rejects(put(name, 1024 * kib + 1), { name: 'ValidationException', message: tooLarge(1024 * kib + 1, 'data', 1024 * kib) });
      const iterator = (await client.send(new GetShardIteratorCommand({ StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      assert.equal((await client.send(new GetRecordsCommand({ ShardIterator: iterator }))).Records![0]!.Data!.length, 3000 * kib);
    });

    it('answers unknown streams and limits outside 1024–10240 KiB as AWS does, changing nothing', async () => {
      const missing = uniqueName();
      await assert.rejects(setLimit(missing, 2048), { name: 'ResourceNotFoundException', message: `Stream ${missing} under account ${account} not found.` });
      const { name } = await createActiveStream(client);
      await assert.rejects(setLimit(name, 1023), {
        name: 'ValidationException',
        message: "1 validation error detected: Value '1023' at 'maxRecordSizeInKiB' failed to satisfy constraint: Member must have value greater than or equal to 1024",
      });
      await assert.rejects(setLimit(name, 10241), {
        name: 'ValidationException',
        message: "1 validation error detected: Value '10241' at 'maxRecordSizeInKiB' failed to satisfy constraint: Member must have value less than or equal to 10240",
      });
      await assert.rejects(client.send(new UpdateMaxRecordSizeCommand({ MaxRecordSizeInKiB: 2048 })), { name: 'InvalidArgumentException', message: 'Either StreamName or StreamARN must be provided.' });
      const summary = await streamSummary(client, name);
      assert.equal(summary.StreamStatus, 'ACTIVE');
      assert.equal(summary.MaxRecordSizeInKiB, 1024);
    });
  });
}
