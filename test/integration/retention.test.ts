// IncreaseStreamRetentionPeriod and DecreaseStreamRetentionPeriod through the AWS SDK v3
// client over HTTP/2 and HTTP/1.1, with AWS's texts (aws-wire.md §1.7). That records past
// the retention period disappear is proved in-process with a clock (test/unit/retention-trim.test.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DecreaseStreamRetentionPeriodCommand,
  DescribeStreamCommand,
  IncreaseStreamRetentionPeriodCommand,
} from '@aws-sdk/client-kinesis';
import { httpVersions, kinesisSuite, uniqueName } from '../helpers/server.js';
import { createActiveStream, streamSummary, waitForStreamStatus } from '../helpers/streams.js';

const account = '000000000000';

for (const version of httpVersions) {
  describe(`retention period over ${version}`, () => {
    const { client } = kinesisSuite(version, { transitionMs: 250 });

    const summary = (name: string) => streamSummary(client, name);
    const waitActive = (name: string) => waitForStreamStatus(client, name);
    const createActive = async () => (await createActiveStream(client)).name;
    const increase = (name: string, hours: number) => client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: name, RetentionPeriodHours: hours }));
    const decrease = (name: string, hours: number) => client.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: name, RetentionPeriodHours: hours }));
    const invalid = (message: string) => ({ name: 'InvalidArgumentException', message });

    it('raises and lowers the retention period through an UPDATING transition', async () => {
      const name = await createActive();
      await increase(name, 48);
      assert.equal((await summary(name)).StreamStatus, 'UPDATING');
      await assert.rejects(increase(name, 72), {
        name: 'ResourceInUseException',
        message: `Stream ${name} under account ${account} not ACTIVE, instead in state UPDATING`,
      });
      await waitActive(name);
      assert.equal((await client.send(new DescribeStreamCommand({ StreamName: name }))).StreamDescription!.RetentionPeriodHours, 48);

      const arn = `arn:aws:kinesis:us-east-1:${account}:stream/${name}`;
      await client.send(new DecreaseStreamRetentionPeriodCommand({ StreamARN: arn, RetentionPeriodHours: 25 }));
      assert.equal((await summary(name)).StreamStatus, 'UPDATING');
      await waitActive(name);
      assert.equal((await summary(name)).RetentionPeriodHours, 25);

      await increase(name, 8760);
      await waitActive(name);
      assert.equal((await summary(name)).RetentionPeriodHours, 8760);
      await decrease(name, 24);
      await waitActive(name);
      assert.equal((await summary(name)).RetentionPeriodHours, 24);
    });

    it('refuses periods outside 24–8760 hours on either call', async () => {
      const name = await createActive();
      for (const call of [increase, decrease]) {
        for (const hours of [23, 0, -1]) {
          await assert.rejects(call(name, hours), invalid(`Minimum allowed retention period is 24 hours. Requested retention period (${hours} hours) is too short.`));
        }
        await assert.rejects(call(name, 8761), invalid('Maximum allowed retention period is 8760 hours. Requested retention period (8761 hours) is too long.'));
      }
      assert.equal((await summary(name)).RetentionPeriodHours, 24, 'a refused call changes nothing');
      assert.equal((await summary(name)).StreamStatus, 'ACTIVE');
    });

    it('refuses going the wrong way, naming the other call', async () => {
      const name = await createActive();
      await assert.rejects(
        decrease(name, 25),
        invalid(`Requested retention period (25 hours) for stream ${name} can not be longer than existing retention period (24 hours). Use IncreaseRetentionPeriod API.`),
      );
      await increase(name, 25);
      await waitActive(name);
      await assert.rejects(
        increase(name, 24),
        invalid(`Requested retention period (24 hours) for stream ${name} can not be shorter than existing retention period (25 hours). Use DecreaseRetentionPeriod API.`),
      );
      assert.equal((await summary(name)).RetentionPeriodHours, 25);
    });

    it('answers an unknown stream and a missing period as AWS does', async () => {
      const missing = uniqueName();
      await assert.rejects(increase(missing, 48), { name: 'ResourceNotFoundException', message: `Stream ${missing} under account ${account} not found.` });
      await assert.rejects(decrease(missing, 24), { name: 'ResourceNotFoundException', message: `Stream ${missing} under account ${account} not found.` });
      await assert.rejects(client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: missing } as never)), {
        name: 'ValidationException',
        message: "1 validation error detected: Value null at 'retentionPeriodHours' failed to satisfy constraint: Member must not be null",
      });
    });
  });
}
