// The TLS flags: each also a SEALSTREAM_* variable, and only accepted in the combinations
// that give the HTTPS port exactly one certificate.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaults, loadConfig } from '../../src/config/config.js';

describe('TLS configuration', () => {
  it('is off by default', () => {
    assert.equal(defaults.tlsPort, undefined);
    assert.equal(defaults.tlsSelfSigned, false);
    assert.equal(loadConfig([], {}).tlsPort, undefined);
  });

  it('reads --tls-port with --tls-self-signed, or with --tls-cert and --tls-key, from flags or SEALSTREAM_TLS_*', () => {
    const selfSigned = loadConfig(['--tls-port', '4568', '--tls-self-signed'], {});
    assert.equal(selfSigned.tlsPort, 4568);
    assert.equal(selfSigned.tlsSelfSigned, true);
    const files = loadConfig([], { SEALSTREAM_TLS_PORT: '0', SEALSTREAM_TLS_CERT: '/etc/cert.pem', SEALSTREAM_TLS_KEY: '/etc/key.pem' });
    assert.deepEqual([files.tlsPort, files.tlsCert, files.tlsKey, files.tlsSelfSigned], [0, '/etc/cert.pem', '/etc/key.pem', false]);
  });

  it('refuses incomplete or contradictory TLS flags with a clear message', () => {
    assert.throws(() => loadConfig(['--tls-port', '4568'], {}), /--tls-port needs --tls-cert and --tls-key, or --tls-self-signed/);
    assert.throws(() => loadConfig(['--tls-port', '4568', '--tls-cert', 'c.pem'], {}), /--tls-port needs --tls-cert and --tls-key/);
    assert.throws(() => loadConfig(['--tls-self-signed'], {}), /need --tls-port/);
    assert.throws(() => loadConfig(['--tls-cert', 'c.pem', '--tls-key', 'k.pem'], {}), /need --tls-port/);
    assert.throws(() => loadConfig(['--tls-port', '4568', '--tls-self-signed', '--tls-cert', 'c.pem', '--tls-key', 'k.pem'], {}), /either --tls-self-signed or --tls-cert with --tls-key, not both/);
    assert.throws(() => loadConfig(['--port', '4568', '--tls-port', '4568', '--tls-self-signed'], {}), /--tls-port 4568 is also --port/);
    assert.throws(() => loadConfig(['--tls-port', 'https'], {}), /invalid value 'https' for --tls-port/);
  });
});
