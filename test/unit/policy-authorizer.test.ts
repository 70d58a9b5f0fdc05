// The strict-mode authorizer (services/authorizer.ts): a question it has already answered
// yes is answered at once, not as a promise, so the data path does not wait a turn for it
// (an encrypted stream's subscriber, key-material.ts); a first question, a refusal and a
// question asked after any policy changed still come as promises, from the stored policies.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPolicyAuthorizer } from '../../src/services/authorizer.js';
import type { Caller } from '../../src/services/context.js';
import { createLogger } from '../../src/log.js';
import { account, streamArn } from '../helpers/policies.js';

const bob: Caller = {
  accountId: account,
  principalArn: `arn:aws:iam::${account}:user/bob`,
  principalType: 'User',
  userName: 'bob',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  region: 'us-east-1',
  sourceIp: '127.0.0.1',
};
const orders = streamArn('orders');

/** Bob's stored policies, which the test changes, moving the epoch as IAM does. */
function identities(effect: 'Allow' | 'Deny') {
  const state = { effect, epoch: 1, loads: 0 };
  return {
    state,
    source: {
      policiesOf: async () => {
        state.loads++;
        return [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: state.effect, Action: 'kinesis:PutRecord', Resource: orders }] })];
      },
      trustPolicyOf: async () => undefined,
      policyEpoch: () => state.epoch,
    },
  };
}

describe('policy authorizer', () => {
  it('answers a question it has already allowed at once, and a first one as a promise', async () => {
    const { state, source } = identities('Allow');
    const authorize = createPolicyAuthorizer({ identities: source, log: createLogger('silent') });
    const first = authorize(bob, 'kinesis:PutRecord', orders);
    assert.ok(first instanceof Promise);
    await first;
    assert.equal(authorize(bob, 'kinesis:PutRecord', orders), undefined);
    assert.equal(state.loads, 1);
  });

  it('refuses as a promise, even when the refusal is remembered', async () => {
    const { source } = identities('Allow');
    const authorize = createPolicyAuthorizer({ identities: source, log: createLogger('silent') });
    for (let attempt = 0; attempt < 2; attempt++) {
      const refused = authorize(bob, 'kinesis:DeleteStream', orders);
      assert.ok(refused instanceof Promise);
      await assert.rejects(refused, { name: 'AccessDeniedException' });
    }
  });

  it('asks the stored policies again once any policy changed, and follows them', async () => {
    const { state, source } = identities('Allow');
    const authorize = createPolicyAuthorizer({ identities: source, log: createLogger('silent') });
    await authorize(bob, 'kinesis:PutRecord', orders);
    state.effect = 'Deny';
    state.epoch++;
    const asked = authorize(bob, 'kinesis:PutRecord', orders);
    assert.ok(asked instanceof Promise);
    await assert.rejects(asked, { name: 'AccessDeniedException' });
    assert.equal(state.loads, 2);
  });
});
