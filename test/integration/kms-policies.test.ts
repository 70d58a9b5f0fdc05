// KMS key policies through @aws-sdk/client-kms, built-in and external mode: the default
// policy, GetKeyPolicy/PutKeyPolicy storing documents byte for byte, ListKeyPolicies,
// and their errors (aws-wire.md §4.2, §4.5, §4.8).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  GetKeyPolicyCommand,
  ListKeyPoliciesCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { kmsModes, kmsSuite } from '../helpers/kms.js';
import { account, createAliasFor, keyArnOf, rejectsWith } from '../helpers/kms-fixtures.js';

const noSuchPolicy = 'No such policy exists';

// Deliberately not JSON.stringify's layout: what is stored must come back as it was sent.
const customPolicy = `{
    "Version":"2012-10-17",   "Id": "custom-1",
  "Statement": [ { "Sid": "Root", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::${account}:root" }, "Action": "kms:*", "Resource": "*" } ]
}`;

for (const mode of kmsModes) {
  describe(`KMS key policies (${mode})`, () => {
    const { client, newKey } = kmsSuite(mode);
    const policyOf = async (keyId: string, policyName?: string) =>
      client.send(new GetKeyPolicyCommand({ KeyId: keyId, ...(policyName !== undefined ? { PolicyName: policyName } : {}) }));

    it('a key created without a policy has the default key policy, named default', async () => {
      const key = await newKey();
      for (const policyName of [undefined, 'default']) {
        const answer = await policyOf(key.KeyId!, policyName);
        assert.equal(answer.PolicyName, 'default');
        assert.deepEqual(JSON.parse(answer.Policy!), {
          Version: '2012-10-17',
          Id: 'key-default-1',
          Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }],
        });
      }
      // Byte-stable between calls (aws-wire.md §4.8).
      assert.equal((await policyOf(key.Arn!)).Policy, (await policyOf(key.KeyId!)).Policy);
    });

    it('a policy given at CreateKey or by PutKeyPolicy comes back byte for byte', async () => {
      const key = await newKey({ Policy: customPolicy });
      assert.equal((await policyOf(key.KeyId!)).Policy, customPolicy);
      const replaced = customPolicy.replace('custom-1', 'custom-2').replace('\n', '\r\n\t');
      await client.send(new PutKeyPolicyCommand({ KeyId: key.Arn!, Policy: replaced }));
      assert.equal((await policyOf(key.KeyId!)).Policy, replaced);
      await client.send(new PutKeyPolicyCommand({ KeyId: key.KeyId!, PolicyName: 'default', Policy: customPolicy }));
      assert.equal((await policyOf(key.KeyId!)).Policy, customPolicy);
    });

    it('a malformed policy is MalformedPolicyDocumentException and changes nothing', async () => {
      const key = await newKey({ Policy: customPolicy });
      await rejectsWith(
        client.send(new PutKeyPolicyCommand({ KeyId: key.KeyId!, Policy: '{"Version": "2012-10-17", "Statement": [' })),
        'MalformedPolicyDocumentException',
        'The new key policy will not allow you to update the key policy in the future.',
      );
      await rejectsWith(
        client.send(new PutKeyPolicyCommand({ KeyId: key.KeyId!, Policy: '{"Version": "2012-10-17"}' })),
        'MalformedPolicyDocumentException',
        'Policy is missing required element - Statement',
      );
      assert.equal((await policyOf(key.KeyId!)).Policy, customPolicy);
    });

    it('refuses a policy that would lock the caller out, unless BypassPolicyLockoutSafetyCheck', async () => {
      const lockout = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:user/someone-else` }, Action: 'kms:*', Resource: '*' }],
      });
      const lockedOut = 'The new key policy will not allow you to update the key policy in the future.';
      const key = await newKey({ Policy: customPolicy });
      await rejectsWith(client.send(new PutKeyPolicyCommand({ KeyId: key.KeyId!, Policy: lockout })), 'MalformedPolicyDocumentException', lockedOut);
      assert.equal((await policyOf(key.KeyId!)).Policy, customPolicy, 'a refused policy changes nothing');
      await rejectsWith(client.send(new CreateKeyCommand({ Policy: lockout })), 'MalformedPolicyDocumentException', lockedOut);
      // An explicit Deny of kms:PutKeyPolicy to the account locks it out too.
      const denied = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
          { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:PutKeyPolicy', Resource: '*' },
        ],
      });
      await rejectsWith(client.send(new PutKeyPolicyCommand({ KeyId: key.KeyId!, Policy: denied })), 'MalformedPolicyDocumentException', lockedOut);
      await client.send(new PutKeyPolicyCommand({ KeyId: key.KeyId!, Policy: lockout, BypassPolicyLockoutSafetyCheck: true }));
      assert.equal((await policyOf(key.KeyId!)).Policy, lockout);
    });

    it('policy names other than default are NotFoundException', async () => {
      const key = await newKey();
      await rejectsWith(policyOf(key.KeyId!, 'other'), 'NotFoundException', noSuchPolicy);
      await rejectsWith(client.send(new PutKeyPolicyCommand({ KeyId: key.KeyId!, PolicyName: 'other', Policy: customPolicy })), 'NotFoundException', noSuchPolicy);
    });

    it('ListKeyPolicies answers default alone', async () => {
      const key = await newKey();
      const listed = await client.send(new ListKeyPoliciesCommand({ KeyId: key.KeyId! }));
      assert.deepEqual(listed.PolicyNames, ['default']);
      assert.equal(listed.Truncated, false);
      assert.equal(listed.NextMarker, undefined);
    });

    it('the policy operations take a key ID or ARN, not an alias, and work in every key state', async () => {
      const key = await newKey();
      const alias = await createAliasFor(client, key.KeyId!);
      await rejectsWith(policyOf(alias), 'NotFoundException', `Invalid keyId '${alias}'`);
      await rejectsWith(client.send(new ListKeyPoliciesCommand({ KeyId: alias })), 'NotFoundException', `Invalid keyId '${alias}'`);
      const missing = '6f5e4d3c-2b1a-4a9b-8c7d-0e1f2a3b4c5d';
      await rejectsWith(policyOf(missing), 'NotFoundException', `Key '${keyArnOf(missing)}' does not exist`);

      await client.send(new DisableKeyCommand({ KeyId: key.KeyId! }));
      await client.send(new PutKeyPolicyCommand({ KeyId: key.KeyId!, Policy: customPolicy }));
      assert.equal((await policyOf(key.KeyId!)).Policy, customPolicy);
      await client.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId!, PendingWindowInDays: 7 }));
      const pending = customPolicy.replace('custom-1', 'pending');
      await client.send(new PutKeyPolicyCommand({ KeyId: key.KeyId!, Policy: pending }));
      assert.equal((await policyOf(key.KeyId!)).Policy, pending);
      assert.deepEqual((await client.send(new ListKeyPoliciesCommand({ KeyId: key.KeyId! }))).PolicyNames, ['default']);
    });

    it('the AWS-managed key has its fixed policy, which allows nobody to replace it', async () => {
      const managed = (await client.send(new DescribeKeyCommand({ KeyId: 'alias/aws/kinesis' }))).KeyMetadata!;
      const policy = JSON.parse((await policyOf(managed.KeyId!)).Policy!);
      assert.equal(policy.Id, 'auto-kinesis-1');
      assert.equal(policy.Statement[0].Condition.StringEquals['kms:ViaService'], 'kinesis.us-east-1.amazonaws.com');
      await rejectsWith(
        client.send(new PutKeyPolicyCommand({ KeyId: managed.KeyId!, Policy: customPolicy })),
        'AccessDeniedException',
        `User: arn:aws:iam::${account}:root is not authorized to perform: kms:PutKeyPolicy on resource: ${managed.Arn} because no resource-based policy allows the kms:PutKeyPolicy action`,
      );
      assert.equal(JSON.parse((await policyOf(managed.KeyId!)).Policy!).Id, 'auto-kinesis-1');
    });
  });
}
