import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaults, loadConfig } from '../../src/config/config.js';

describe('config', () => {
  it('uses the documented defaults', () => {
    assert.deepEqual(loadConfig([], {}), defaults);
    assert.equal(defaults.port, 4567);
    assert.equal(defaults.host, '127.0.0.1');
    assert.equal(defaults.dataDir, './data');
  });

  it('reads flags in both --name value and --name=value forms, over environment variables', () => {
    const config = loadConfig(['--port', '0', '--transition-ms=5', '--in-memory'], { SEALSTREAM_PORT: '9000', SEALSTREAM_REGION: 'eu-west-1' });
    assert.equal(config.port, 0);
    assert.equal(config.transitionMs, 5);
    assert.equal(config.inMemory, true);
    assert.equal(config.region, 'eu-west-1');
  });

  it('maps every flag to SEALSTREAM_<NAME>', () => {
    const config = loadConfig([], { SEALSTREAM_TRANSITION_MS: '7', SEALSTREAM_ACCOUNT_ID: '123456789012', SEALSTREAM_IN_MEMORY: 'true', SEALSTREAM_KEY_CACHE_TTL_MS: '10' });
    assert.equal(config.transitionMs, 7);
    assert.equal(config.accountId, '123456789012');
    assert.equal(config.inMemory, true);
    assert.equal(config.keyCacheTtlMs, 10);
  });

  it('refuses unknown flags and bad values with a clear message', () => {
    assert.throws(() => loadConfig(['--prot', '1'], {}), /unknown flag --prot/);
    assert.throws(() => loadConfig(['--port', '70000'], {}), /invalid value '70000' for --port/);
    assert.throws(() => loadConfig(['--account-id', '12'], {}), /12-digit account id/);
    assert.throws(() => loadConfig([], { SEALSTREAM_TRANSITION_MS: 'soon' }), /invalid value 'soon' for --transition-ms/);
    assert.throws(() => loadConfig(['--log-level', 'loud'], {}), /--log-level/);
    assert.throws(() => loadConfig(['--port'], {}), /needs a value/);
  });

  it('takes a number of crypto threads from 0 to 64, or leaves it to the cores', () => {
    assert.equal(loadConfig([], {}).cryptoThreads, undefined);
    assert.equal(loadConfig(['--crypto-threads', '0'], {}).cryptoThreads, 0);
    assert.equal(loadConfig([], { SEALSTREAM_CRYPTO_THREADS: '3' }).cryptoThreads, 3);
    assert.throws(() => loadConfig(['--crypto-threads', '65'], {}), /invalid value '65' for --crypto-threads: expected a number of threads from 0 to 64/);
    assert.throws(() => loadConfig(['--crypto-threads', '-1'], {}), /--crypto-threads/);
  });
});
