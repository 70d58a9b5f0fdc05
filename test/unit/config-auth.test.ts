import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopbackHost, loadConfig } from '../../src/config/config.js';

describe('config: authentication mode', () => {
  it('is open by default on a loopback host', () => {
    assert.equal(loadConfig([], {}).auth, 'open');
    assert.equal(loadConfig(['--host', 'localhost'], {}).auth, 'open');
    assert.equal(loadConfig(['--host', '::1'], {}).auth, 'open');
  });

  it('is strict by default on any other host', () => {
    assert.equal(loadConfig(['--host', '0.0.0.0'], {}).auth, 'strict');
    assert.equal(loadConfig(['--host', '10.1.2.3'], {}).auth, 'strict');
  });

  it('refuses open mode on a non-loopback host unless --allow-open-auth is given', () => {
    assert.throws(() => loadConfig(['--host', '0.0.0.0', '--auth', 'open'], {}), /--allow-open-auth/);
    assert.throws(() => loadConfig(['--host', '0.0.0.0'], { SEALSTREAM_AUTH: 'open' }), /--allow-open-auth/);
    assert.equal(loadConfig(['--host', '0.0.0.0', '--auth', 'open', '--allow-open-auth'], {}).auth, 'open');
  });

  it('takes strict on loopback, and refuses other modes', () => {
    assert.equal(loadConfig(['--auth=strict'], {}).auth, 'strict');
    assert.throws(() => loadConfig(['--auth', 'lax'], {}), /invalid value 'lax' for --auth: expected open or strict/);
  });

  it('reads the root credentials file flag', () => {
    assert.equal(loadConfig(['--auth', 'strict', '--root-credentials-file', '/etc/sealstream/root.json'], {}).rootCredentialsFile, '/etc/sealstream/root.json');
  });

  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1']) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['0.0.0.0', '::', '192.168.1.1', 'example.com', '128.0.0.1']) assert.equal(isLoopbackHost(host), false, host);
  });
});
