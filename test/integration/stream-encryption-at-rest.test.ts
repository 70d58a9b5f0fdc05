// Nothing of an encrypted stream's payload or partition key is readable in the data dir,
// and everything reads back intact after a restart (DESIGN.md, "Contracts").
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  PutRecordsCommand,
  StartStreamEncryptionCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { kinesisClient, removeDir, spawnServer } from '../helpers/server.js';
import { kmsClient } from '../helpers/kms.js';
import { cborCall } from '../helpers/raw.js';
import { waitForStreamStatus } from '../helpers/streams.js';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name));
}

describe('stream encryption at rest', () => {
  let dataDir: string | undefined;
  after(() => removeDir(dataDir));

  it('leaves no payload marker or partition key in the data dir, and reads everything back after a restart', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sealstream-sse-'));
    const name = 'sealed-orders';
    const marker = 'PAYLOAD-MARKER-7f3a9c';
    const partitionKeyMarker = 'PARTITION-KEY-MARKER-51d2';
    const first = await spawnServer(['--data-dir', dataDir, '--transition-ms', '20']);
    const client: KinesisClient = kinesisClient(first.endpoint);
    const kms = kmsClient(first.endpoint);
    const written: string[] = [];
    try {
      await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 2 }));
      await waitForStreamStatus(client, name);
      const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      await client.send(new StartStreamEncryptionCommand({ StreamName: name, EncryptionType: 'KMS', KeyId: key }));
      await waitForStreamStatus(client, name);
      for (let call = 0; call < 5; call++) {
        const records = Array.from({ length: 100 }, (_, index) => {
          const text = `${marker}-${call}-${index}`;
          written.push(text);
          return { PartitionKey: `${partitionKeyMarker}-${index}`, Data: Buffer.from(text) };
        });
        const answer = await client.send(new PutRecordsCommand({ StreamName: name, Records: records }));
        assert.equal(answer.EncryptionType, 'KMS');
      }
    } finally {
      client.destroy();
      kms.destroy();
      first.process.kill('SIGTERM');
      assert.equal(await first.exited, 0);
    }

    const files = await filesUnder(dataDir);
    assert.ok(files.length >= 2, 'the store and the root key are on disk');
    for (const file of files) {
      const bytes = await readFile(file);
      for (const secret of [marker, partitionKeyMarker]) {
        assert.equal(bytes.indexOf(Buffer.from(secret)), -1, `${secret} found in ${file}`);
        assert.equal(bytes.indexOf(Buffer.from(secret, 'utf16le')), -1, `${secret} (UTF-16) found in ${file}`);
      }
    }

    const second = await spawnServer(['--data-dir', dataDir]);
    const reader = kinesisClient(second.endpoint, 'h1');
    try {
      const read: string[] = [];
      for (const shardId of ['shardId-000000000000', 'shardId-000000000001']) {
        const iterator = (await reader.send(new GetShardIteratorCommand({ StreamName: name, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
        const records = (await reader.send(new GetRecordsCommand({ ShardIterator: iterator }))).Records!;
        for (const record of records) {
          assert.equal(record.EncryptionType, 'KMS');
          assert.ok(record.PartitionKey!.startsWith(partitionKeyMarker));
          read.push(Buffer.from(record.Data!).toString());
        }
      }
      assert.deepEqual([...read].sort(), [...written].sort());
      // The same records through the CBOR protocol of the Java SDK and the KCL.
      const iterator = await cborCall(second.endpoint, 'GetShardIterator', { StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' });
      const page = await cborCall(second.endpoint, 'GetRecords', { ShardIterator: iterator.body.ShardIterator, Limit: 1 });
      const [record] = page.body.Records as Array<{ Data: Uint8Array; EncryptionType: string }>;
      assert.equal(record!.EncryptionType, 'KMS');
      assert.ok(Buffer.from(record!.Data).toString().startsWith(marker));
    } finally {
      reader.destroy();
      second.process.kill('SIGTERM');
      await second.exited;
    }
  });
});
