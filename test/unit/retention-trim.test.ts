// Records older than the retention period disappear: from reads at once, and from
// storage when trimExpiredRecords runs (aws-wire.md §1.6, §1.7). In-process, with a
// clock, because the shortest retention period is 24 hours.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { trimExpiredRecords } from '../../src/services/kinesis/create.js';
import { logName } from '../../src/services/kinesis/domain/streams.js';
import { createStream } from '../../src/services/kinesis/operations/create-stream.js';
import { decreaseStreamRetentionPeriod } from '../../src/services/kinesis/operations/decrease-stream-retention-period.js';
import { getRecords } from '../../src/services/kinesis/operations/get-records.js';
import { getShardIterator } from '../../src/services/kinesis/operations/get-shard-iterator.js';
import { increaseStreamRetentionPeriod } from '../../src/services/kinesis/operations/increase-stream-retention-period.js';
import { putRecord } from '../../src/services/kinesis/operations/put-record.js';
import { createInProcessKinesis, type InProcessKinesis } from '../helpers/in-process.js';

const hour = 3_600_000;

describe('retention trimming', () => {
  let service: InProcessKinesis;
  before(async () => {
    service = await createInProcessKinesis({ transitionMs: 1000 });
  });
  after(() => service.close());

  const create = async (name: string) => {
    await createStream(service.kinesis, { StreamName: name, ShardCount: 1 }, service.context);
    service.clock.now += 1000;
  };
  const put = (name: string, data: string) => putRecord(service.kinesis, { StreamName: name, PartitionKey: 'k', Data: Buffer.from(data) }, service.context);
  const read = async (name: string, type: 'TRIM_HORIZON' | 'AT_TIMESTAMP' = 'TRIM_HORIZON', timestamp?: Date) => {
    const { ShardIterator } = await getShardIterator(
      service.kinesis,
      { StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: type, ...(timestamp ? { Timestamp: timestamp } : {}) },
      service.context,
    );
    const output = await getRecords(service.kinesis, { ShardIterator: ShardIterator! }, service.context);
    return output.Records.map((record) => Buffer.from(record.Data).toString());
  };
  const stored = async (name: string) => {
    const stream = await service.kinesis.streams.get({ name, accountId: '000000000000', region: 'us-east-1' });
    const log = logName(stream, stream.shards[0]!);
    const records = await service.kinesis.engine.read(log, 0, { limit: 100 });
    return { bounds: await service.kinesis.engine.bounds(log), count: records.length };
  };

  it('drops a record once it is older than 24 hours, from reads at once and from storage on the sweep', async () => {
    const name = 'retained-24';
    await create(name);
    const oldWrittenAt = new Date(service.clock.now);
    await put(name, 'old');
    service.clock.now += 23 * hour;
    await put(name, 'new');
    service.clock.now += hour - 1;
    assert.deepEqual(await read(name), ['old', 'new'], 'just under 24 hours old is still retained');

    service.clock.now += 2;
    assert.deepEqual(await read(name), ['new']);
    assert.deepEqual(await read(name, 'AT_TIMESTAMP', oldWrittenAt), ['new'], 'a timestamp before the trim horizon starts at the oldest record left');
    assert.equal((await stored(name)).count, 2, 'the sweep has not run yet');

    await trimExpiredRecords(service.kinesis);
    let { bounds, count } = await stored(name);
    assert.equal(count, 1);
    assert.equal(bounds.firstSeq, 2);

    service.clock.now += 24 * hour;
    assert.deepEqual(await read(name), []);
    await trimExpiredRecords(service.kinesis);
    ({ bounds, count } = await stored(name));
    assert.equal(count, 0);
    assert.equal(bounds.firstSeq, undefined);
    assert.equal(bounds.lastSeq, 2, 'sequence numbers are never reused after a trim');
    await put(name, 'later');
    assert.deepEqual(await read(name), ['later']);
  });

  it('keeps records for a raised period and drops them as soon as it is lowered again', async () => {
    const name = 'retained-48';
    await create(name);
    await increaseStreamRetentionPeriod(service.kinesis, { StreamName: name, RetentionPeriodHours: 48 }, service.context);
    await put(name, 'kept');
    service.clock.now += 30 * hour;
    await trimExpiredRecords(service.kinesis);
    assert.deepEqual(await read(name), ['kept']);
    assert.equal((await stored(name)).count, 1);

    await decreaseStreamRetentionPeriod(service.kinesis, { StreamName: name, RetentionPeriodHours: 24 }, service.context);
    assert.deepEqual(await read(name), []);
    await trimExpiredRecords(service.kinesis);
    assert.equal((await stored(name)).count, 0);
  });
});
