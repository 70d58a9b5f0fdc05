// External KMS mode without sockets: the operation list cannot drift from the built-in
// table, SDK errors map back to the same AwsError, clients are made once per region.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KMSServiceException, NotFoundException, InvalidCiphertextException } from '@aws-sdk/client-kms';
import { ConfigError } from '../../src/config/config.js';
import { InternalError } from '../../src/internal-error.js';
import { AwsError } from '../../src/services/errors.js';
import { createExternalKmsService, ExternalKmsClients, fromSdkError } from '../../src/services/kms/external.js';
import { kmsOperationNames } from '../../src/services/kms/service.js';

const config = { kmsEndpoint: 'http://127.0.0.1:9', kmsAccessKeyId: 'AKIAUNITTEST00000001', kmsSecretAccessKey: 'unit-secret' };
const metadata = (status: number) => ({ $metadata: { httpStatusCode: status } });

describe('external KMS (unit)', () => {
  it('serves exactly the operations of the built-in table, each with its SDK command', () => {
    const service = createExternalKmsService(config);
    assert.equal(service.name, 'kms');
    assert.deepEqual(Object.keys(service.operations).sort(), kmsOperationNames().sort());
    assert.ok(kmsOperationNames().includes('GenerateDataKey'));
  });

  it('maps a modelled SDK exception to the same code, message and status', () => {
    const error = new NotFoundException({ message: "Key 'arn:aws:kms:us-east-1:111122223333:key/x' does not exist", ...metadata(400) });
    const mapped = fromSdkError(error, config.kmsEndpoint, 'DescribeKey');
    assert.ok(mapped instanceof AwsError);
    assert.equal(mapped.code, 'NotFoundException');
    assert.equal(mapped.message, "Key 'arn:aws:kms:us-east-1:111122223333:key/x' does not exist");
    assert.equal(mapped.status, 400);
    assert.equal(mapped.messageKey, 'message');
  });

  it('keeps InvalidCiphertextException messageless, and any error the SDK found no message for', () => {
    const invalid = fromSdkError(new InvalidCiphertextException({ message: 'UnknownError', ...metadata(400) }), config.kmsEndpoint, 'Decrypt');
    assert.ok(invalid instanceof AwsError);
    assert.equal(invalid.messageKey, 'none');
    const unknown = fromSdkError(
      new KMSServiceException({ name: 'UnknownOperationException', $fault: 'client', message: 'UnknownError', ...metadata(400) }),
      config.kmsEndpoint,
      'Decrypt',
    );
    assert.ok(unknown instanceof AwsError);
    assert.equal(unknown.code, 'UnknownOperationException');
    assert.equal(unknown.messageKey, 'none');
  });

  it('keeps a fault a 500, even when the SDK knows no status', () => {
    const withStatus = fromSdkError(new KMSServiceException({ name: 'KMSInternalException', $fault: 'server', message: 'boom', ...metadata(500) }), config.kmsEndpoint, 'Encrypt');
    assert.ok(withStatus instanceof AwsError);
    assert.equal(withStatus.status, 500);
    const withoutStatus = fromSdkError(new KMSServiceException({ name: 'DependencyTimeoutException', $fault: 'server', message: 'slow', $metadata: {} }), config.kmsEndpoint, 'Encrypt');
    assert.ok(withoutStatus instanceof AwsError);
    assert.equal(withoutStatus.status, 500);
    assert.equal(withoutStatus.code, 'DependencyTimeoutException');
  });

  it('makes anything that is not an answer of the external KMS an internal fault naming the endpoint', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const mapped = fromSdkError(refused, config.kmsEndpoint, 'GenerateDataKey');
    assert.ok(mapped instanceof InternalError);
    assert.equal(mapped.code, 'KMS_EXTERNAL_UNAVAILABLE');
    assert.match(mapped.message, /the external KMS at http:\/\/127\.0\.0\.1:9 did not answer GenerateDataKey \(Error: connect ECONNREFUSED/);
  });

  it('makes one SDK client per region and keeps it', () => {
    const clients = new ExternalKmsClients(config);
    try {
      assert.equal(clients.client('eu-west-1'), clients.client('eu-west-1'));
      assert.notEqual(clients.client('eu-west-1'), clients.client('us-east-1'));
    } finally {
      clients.destroy();
    }
  });

  it('refuses half a pair of credentials, and a missing endpoint', () => {
    assert.throws(() => new ExternalKmsClients({ ...config, kmsSecretAccessKey: undefined }), (error) => error instanceof ConfigError && /go together/.test(error.message));
    assert.throws(() => new ExternalKmsClients({ ...config, kmsAccessKeyId: undefined }), ConfigError);
    assert.throws(() => new ExternalKmsClients({ ...config, kmsEndpoint: undefined }), /needs --kms-endpoint/);
  });
});
