// The decision cache: hits, invalidation by epoch, the bound, and what it must not keep.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DecisionCache, type AuthorizationQuery, type PolicySet } from '../../src/services/iam/domain/policy/index.js';
import { allow, bob, deny, keyArn, streamArn } from '../helpers/policies.js';

const query = (overrides: Partial<AuthorizationQuery> = {}): AuthorizationQuery => ({ principal: bob, action: 'kms:Decrypt', resource: keyArn, context: { 'aws:SourceIp': '203.0.113.7' }, ...overrides });

/** A loader that counts its calls and serves whatever policies the test sets. */
function loader(initial: PolicySet) {
  const state = { policies: initial, loads: 0 };
  return {
    state,
    load: (): PolicySet => {
      state.loads++;
      return state.policies;
    },
  };
}

describe('decision cache', () => {
  it('answers a repeated question without loading policies again', () => {
    const cache = new DecisionCache();
    const { state, load } = loader({ identityPolicies: [allow('kms:Decrypt', '*')] });
    assert.equal(cache.decide(query(), 1, load).allowed, true);
    assert.equal(cache.decide(query(), 1, load).allowed, true);
    assert.equal(state.loads, 1);
    assert.deepEqual({ hits: cache.stats.hits, misses: cache.stats.misses, size: cache.stats.size }, { hits: 1, misses: 1, size: 1 });
  });

  it('a new epoch drops what it knew: a changed policy takes effect at once', () => {
    const cache = new DecisionCache();
    const { state, load } = loader({ identityPolicies: [allow('kms:Decrypt', '*')] });
    assert.equal(cache.decide(query(), 1, load).allowed, true);
    state.policies = { identityPolicies: [allow('kms:Decrypt', '*'), deny('kms:Decrypt', '*')] };
    assert.equal(cache.decide(query(), 1, load).allowed, true, 'same epoch: the cached decision stands');
    const after = cache.decide(query(), 2, load);
    assert.deepEqual([after.allowed, !after.allowed && after.reason], [false, 'explicit-deny-identity']);
    assert.equal(state.loads, 2);
  });

  it('keeps no decision reached under an epoch that has since moved on', () => {
    const cache = new DecisionCache();
    const { load } = loader({ identityPolicies: [allow('kms:Decrypt', '*')] });
    cache.decide(query({ resource: streamArn('x') }), 5, load);
    const stale = cache.decide(query(), 4, load);
    assert.equal(stale.allowed, true);
    assert.equal(cache.stats.epoch, 5);
    assert.equal(cache.get(query(), 5), undefined);
  });

  it('an asynchronous load that straddles an epoch bump is not kept', async () => {
    const cache = new DecisionCache();
    let release!: () => void;
    const pending = cache.decideAsync(query(), 1, () => new Promise<PolicySet>((resolve) => (release = () => resolve({ identityPolicies: [allow('kms:Decrypt', '*')] }))));
    cache.get(query({ resource: streamArn('other') }), 2);
    release();
    assert.equal((await pending).allowed, true);
    assert.equal(cache.get(query(), 2), undefined);
  });

  it('never keeps a decision that read the clock', () => {
    const cache = new DecisionCache();
    const { state, load } = loader({ identityPolicies: [allow('kms:Decrypt', '*', { Condition: { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } } })] });
    const at = (time: string) => query({ context: { 'aws:SourceIp': '203.0.113.7', 'aws:CurrentTime': time } });
    assert.equal(cache.decide(at('2029-12-31T23:59:59Z'), 1, load).allowed, true);
    assert.equal(cache.decide(at('2030-01-01T00:00:01Z'), 1, load).allowed, false);
    assert.equal(cache.decide(at('2029-12-31T23:59:59Z'), 1, load).allowed, true);
    assert.equal(state.loads, 3);
    assert.equal(cache.stats.size, 0);
  });

  it('still caches decisions that merely carry a clock key they never read', () => {
    const cache = new DecisionCache();
    const { state, load } = loader({ identityPolicies: [allow('kms:Decrypt', '*')] });
    const at = (time: string) => query({ context: { 'aws:CurrentTime': time } });
    cache.decide(at('2024-01-01T00:00:00Z'), 1, load);
    cache.decide(at('2024-01-01T00:00:01Z'), 1, load);
    assert.equal(state.loads, 1);
  });

  it('is bounded, dropping the least recently used entry', () => {
    const cache = new DecisionCache({ maxEntries: 2 });
    const { state, load } = loader({ identityPolicies: [allow('kinesis:*', '*')] });
    const on = (name: string) => query({ action: 'kinesis:PutRecord', resource: streamArn(name) });
    cache.decide(on('a'), 1, load);
    cache.decide(on('b'), 1, load);
    cache.decide(on('a'), 1, load);
    cache.decide(on('c'), 1, load);
    assert.equal(cache.stats.size, 2);
    assert.notEqual(cache.get(on('a'), 1), undefined, 'a was used recently');
    assert.equal(cache.get(on('b'), 1), undefined, 'b was the least recently used');
    assert.equal(state.loads, 3);
  });

  it('tells apart questions that differ in any part', () => {
    const variants: AuthorizationQuery[] = [
      query(),
      query({ principal: { ...bob, arn: `${bob.arn}2` } }),
      query({ principal: { ...bob, type: 'Root' } }),
      query({ principal: { ...bob, accountId: '444455556666' } }),
      query({ principal: { ...bob, roleArn: 'arn:aws:iam::111122223333:role/r' } }),
      query({ action: 'kms:Encrypt' }),
      query({ resource: `${keyArn}2` }),
      query({ isResourcePolicyRequired: true }),
      query({ grantAllows: true }),
      query({ resourceAccountId: '444455556666' }),
    ];
    const cache = new DecisionCache();
    const { state, load } = loader({ identityPolicies: [allow('kms:*', '*')] });
    for (const variant of variants) cache.decide(variant, 1, load);
    assert.equal(state.loads, variants.length);
    for (const variant of variants) cache.decide(variant, 1, load);
    assert.equal(state.loads, variants.length);
    assert.equal(cache.stats.size, variants.length);
  });

  it('answers a root question with a root decision only', () => {
    const cache = new DecisionCache();
    const { load } = loader({ identityPolicies: [] });
    assert.equal(cache.decide(query({ principal: { ...bob, type: 'Root' } }), 1, load).allowed, true);
    assert.equal(cache.decide(query(), 1, load).allowed, false);
  });

  it('shares a decision across requests that differ only in keys no policy read', () => {
    const cache = new DecisionCache();
    const { state, load } = loader({ identityPolicies: [allow('kms:Decrypt', '*')] });
    cache.decide(query({ context: { 'aws:SourceIp': '203.0.113.7' } }), 1, load);
    cache.decide(query({ context: { 'aws:SourceIp': '198.51.100.1', 'kms:EncryptionContext:x': 'y' } }), 1, load);
    assert.equal(state.loads, 1);
  });

  it('keeps one decision per value of a key a policy read', () => {
    const cache = new DecisionCache();
    const { state, load } = loader({ identityPolicies: [allow('kms:Decrypt', '*', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })] });
    const from = (address: string | undefined) => query({ context: address === undefined ? {} : { 'AWS:SourceIP': address } });
    assert.equal(cache.decide(from('203.0.113.7'), 1, load).allowed, true);
    assert.equal(cache.decide(from('198.51.100.1'), 1, load).allowed, false);
    assert.equal(cache.decide(from(undefined), 1, load).allowed, false);
    assert.equal(state.loads, 3);
    assert.equal(cache.decide(from('203.0.113.7'), 1, load).allowed, true);
    assert.equal(cache.decide(from('198.51.100.1'), 1, load).allowed, false);
    assert.equal(cache.decide(from(undefined), 1, load).allowed, false);
    assert.equal(state.loads, 3);
    assert.equal(cache.stats.size, 3);
  });

  it('compares multivalued context values item by item', () => {
    const cache = new DecisionCache();
    const { load } = loader({ identityPolicies: [allow('kms:Decrypt', '*', { Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['app'] } } })] });
    assert.equal(cache.decide(query({ context: { 'kms:EncryptionContextKeys': ['app'] } }), 1, load).allowed, true);
    assert.equal(cache.decide(query({ context: { 'kms:EncryptionContextKeys': ['app', 'other'] } }), 1, load).allowed, false);
    assert.equal(cache.decide(query({ context: { 'kms:EncryptionContextKeys': ['other'] } }), 1, load).allowed, false);
  });

  it('serves no decision reached for one encryption context to a request with another', () => {
    const crafted = query({ context: { 'kms:EncryptionContext:a': '1', 'kms:EncryptionContext:b': '2' } });
    const forged = query({ context: { 'kms:EncryptionContext:a': '1s1:2' } });
    const cache = new DecisionCache();
    const { load } = loader({ identityPolicies: [allow('kms:Decrypt', '*', { Condition: { StringEquals: { 'kms:EncryptionContext:b': '2' } } })] });
    assert.equal(cache.decide(crafted, 1, load).allowed, true);
    assert.equal(cache.decide(forged, 1, load).allowed, false);
  });
});
