// The audit trail is durable (DESIGN.md: an acknowledged write survives kill -9): a call
// whose answer came back is on record after the server is killed and started again.
// `sealstream audit export` prints the same records, with a server running on the data
// dir and without one.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStreamCommand } from '@aws-sdk/client-kinesis';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { cliPath, kinesisClient, removeDir, spawnServer, type ChildServer } from '../helpers/server.js';
import { kmsClient } from '../helpers/kms.js';
import { cloudTrailClient, lookupAll, recordOf } from '../helpers/cloudtrail.js';

const run = promisify(execFile);

async function exportAudit(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cliPath, 'audit', 'export', ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('audit trail durability and export', () => {
  let dataDir: string | undefined;
  let server: ChildServer | undefined;
  after(async () => {
    if (server && server.process.exitCode === null) {
      server.process.kill('SIGKILL');
      await server.exited;
    }
    await removeDir(dataDir);
  });

  it('keeps acknowledged management calls through kill -9, and exports them as JSON lines with or without a server', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sealstream-audit-'));
    const first = await spawnServer(['--data-dir', dataDir, '--transition-ms', '10']);
    const kinesis = kinesisClient(first.endpoint, 'h1');
    const kms = kmsClient(first.endpoint);
    let keyArn: string;
    try {
      await kinesis.send(new CreateStreamCommand({ StreamName: 'audited', ShardCount: 1 }));
      keyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
      // Killed the moment the last answer arrives: nothing gets a chance to flush later.
      first.process.kill('SIGKILL');
      await first.exited;
    } finally {
      kinesis.destroy();
      kms.destroy();
    }

    server = await spawnServer(['--data-dir', dataDir]);
    const cloudTrail = cloudTrailClient(server.endpoint, 'h2');
    let eventIds: string[];
    try {
      const { events } = await lookupAll(cloudTrail);
      assert.deepEqual(events.map((event) => event.EventName), ['CreateKey', 'CreateStream']);
      assert.ok(events[0]!.Resources!.some((resource) => resource.ResourceName === keyArn));
      assert.equal(recordOf(events[1]!).requestParameters.streamName, 'audited');
      eventIds = events.map((event) => event.EventId!).reverse();
    } finally {
      cloudTrail.destroy();
    }

    // Beside the running server: oldest first, one record a line.
    const beside = await exportAudit(['--data-dir', dataDir]);
    assert.equal(beside.code, 0, beside.stderr);
    const lines = beside.stdout.trimEnd().split('\n');
    const records = lines.map((line) => JSON.parse(line));
    assert.deepEqual(records.map((record) => record.eventID), eventIds);
    assert.deepEqual(records.map((record) => record.eventName), ['CreateStream', 'CreateKey']);
    assert.ok(records.every((record) => record.eventVersion === '1.09' && record.eventType === 'AwsApiCall' && record.managementEvent === true));

    const firstTime = records[0].eventTime as string;
    assert.equal((await exportAudit(['--data-dir', dataDir, '--start', new Date(Date.now() + 60_000).toISOString()])).stdout, '');
    const bounded = await exportAudit(['--data-dir', dataDir, '--start', firstTime, '--end', new Date().toISOString()]);
    assert.equal(bounded.stdout.trimEnd().split('\n').length, 2);

    server.process.kill('SIGTERM');
    await server.exited;
    const alone = await exportAudit(['--data-dir', dataDir]);
    assert.equal(alone.code, 0, alone.stderr);
    assert.equal(alone.stdout, beside.stdout);
  });

  it('refuses a data dir without a store and a time that is not ISO 8601', async () => {
    const missing = await exportAudit(['--data-dir', join(tmpdir(), 'sealstream-no-such-dir')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no Sealstream store in .*sealstream-no-such-dir/);
    const badTime = await exportAudit(['--data-dir', tmpdir(), '--start', 'yesterday']);
    assert.equal(badTime.code, 2);
    assert.match(badTime.stderr, /--start is not an ISO 8601 time: yesterday/);
  });
});
