// SubscribeToShard through botocore (boto3's `subscribe_to_shard`), which speaks HTTP/1.1
// and reads the event stream from a chunked body, and insists on initial-response first
// (aws-wire.md §1.9). Skipped, with the reason, where python3 with boto3 is not installed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, spawn } from 'node:child_process';
import { DeleteStreamCommand, PutRecordCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { kinesisClient, startServer, testCredentials, type TestServer } from '../helpers/server.js';
import { activeConsumer } from '../helpers/fan-out.js';
import { createActiveStream } from '../helpers/streams.js';

const hasBoto3 = spawnSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0;

// Reads events until `wanted` records have arrived, or until the stream fails; prints what it saw as JSON.
const script = `
import json, sys, boto3, botocore.config
endpoint, consumer_arn, wanted = sys.argv[1], sys.argv[2], int(sys.argv[3])
client = boto3.client('kinesis', endpoint_url=endpoint, region_name='us-east-1',
    aws_access_key_id='${testCredentials.accessKeyId}', aws_secret_access_key='${testCredentials.secretAccessKey}',
    config=botocore.config.Config(retries={'total_max_attempts': 1}))
seen = {'records': [], 'continuations': [], 'error': None}
try:
    response = client.subscribe_to_shard(ConsumerARN=consumer_arn, ShardId='shardId-000000000000', StartingPosition={'Type': 'TRIM_HORIZON'})
    print('subscribed', flush=True)
    for event in response['EventStream']:
        shard_event = event['SubscribeToShardEvent']
        seen['records'] += [record['Data'].decode() for record in shard_event['Records']]
        seen['continuations'].append(shard_event.get('ContinuationSequenceNumber'))
        if wanted and len(seen['records']) >= wanted:
            break
except Exception as error:
    seen['error'] = type(error).__name__ + ': ' + str(error)
print(json.dumps(seen), flush=True)
`;

interface Seen {
  records: string[];
  continuations: (string | null)[];
  error: string | null;
}

describe('SubscribeToShard through botocore', { skip: hasBoto3 ? false : 'python3 with boto3 is not installed here' }, () => {
  let server: TestServer;
  let client: KinesisClient;
  before(async () => {
    server = await startServer();
    client = kinesisClient(server.endpoint);
  });
  after(async () => {
    client.destroy();
    await server.close();
  });

  /** Runs the script; `onSubscribed` runs once botocore has the initial response. */
  function runBotocore(consumerArn: string, wanted: number, onSubscribed: () => Promise<void> = async () => {}): Promise<Seen> {
    const child = spawn('python3', ['-c', script, server.endpoint, consumerArn, String(wanted)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    return new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const wasSubscribed = output.includes('subscribed\n');
        output += chunk.toString();
        if (!wasSubscribed && output.includes('subscribed\n')) onSubscribed().catch(reject);
      });
      child.on('exit', (code) => {
        const last = output.trim().split('\n').pop() ?? '';
        if (code !== 0) reject(new Error(`botocore exited with ${code}: ${errors}`));
        else resolve(JSON.parse(last) as Seen);
      });
    });
  }

  it('receives the records, in order, each event with a ContinuationSequenceNumber', { timeout: 60_000 }, async () => {
    const stream = await createActiveStream(client);
    const consumerArn = await activeConsumer(client, stream.arn);
    for (const text of ['one', 'two']) await client.send(new PutRecordCommand({ StreamName: stream.name, PartitionKey: 'pk', Data: Buffer.from(text) }));
    const seen = await runBotocore(consumerArn, 3, async () => {
      await client.send(new PutRecordCommand({ StreamName: stream.name, PartitionKey: 'pk', Data: Buffer.from('three') }));
    });
    assert.equal(seen.error, null);
    assert.deepEqual(seen.records, ['one', 'two', 'three']);
    assert.ok(seen.continuations.every((continuation) => typeof continuation === 'string' && /^\d+$/.test(continuation)));
  });

  it('raises the exception event as botocore\'s EventStreamError with its code and message', { timeout: 60_000 }, async () => {
    const stream = await createActiveStream(client);
    const consumerArn = await activeConsumer(client, stream.arn);
    const seen = await runBotocore(consumerArn, 0, async () => {
      await client.send(new DeleteStreamCommand({ StreamName: stream.name, EnforceConsumerDeletion: true }));
    });
    assert.equal(seen.error, `EventStreamError: An error occurred (ResourceNotFoundException) when calling the SubscribeToShard operation: Stream ${stream.name} under account 000000000000 not found.`);
  });
});
