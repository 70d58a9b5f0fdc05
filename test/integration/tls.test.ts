// The HTTPS port (--tls-port): every service answers there as on the plain port, over
// HTTP/2 and HTTP/1.1 chosen by ALPN; the self-signed certificate names localhost and
// 127.0.0.1, is kept in the data dir across restarts (fresh per start in memory), and an
// operator's own certificate files are served as given.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import https from 'node:https';
import tls from 'node:tls';
import { GetRecordsCommand, GetShardIteratorCommand, ListStreamsCommand, PutRecordCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { CreateDeliveryStreamCommand, PutRecordBatchCommand, PutRecordCommand as FirehosePutRecordCommand } from '@aws-sdk/client-firehose';
import { CreateKeyCommand, DecryptCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { NodeHttp2Handler } from '@smithy/node-http-handler';
import { generate } from 'selfsigned';
import { httpVersions, removeDir, spawnServer, startServer, testCredentials, type TestServer } from '../helpers/server.js';
import { bucketArn, roleArn, waitActive } from '../helpers/firehose.js';
import { tlsFirehoseClient, tlsKinesisClient, tlsKmsClient, tlsOf, tlsStsClient } from '../helpers/tls.js';
import { createActiveStream } from '../helpers/streams.js';

/** The ALPN protocol the server picks when the client offers `offered`, and the certificate it shows. */
function handshake(port: number, offered: string[], ca: string, servername = 'localhost'): Promise<{ protocol: string | false; certificate: X509Certificate }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ALPNProtocols: offered, ca, servername }, () => {
      resolve({ protocol: socket.alpnProtocol ?? false, certificate: socket.getPeerX509Certificate()! });
      socket.destroy();
    });
    socket.on('error', reject);
  });
}

describe('the HTTPS port with a self-signed certificate', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ tlsPort: 0, tlsSelfSigned: true });
  });
  after(() => server.close());

  for (const version of httpVersions) {
    it(`serves Kinesis PutRecord and GetRecords over ${version === 'h2' ? 'HTTP/2' : 'HTTP/1.1'} and TLS`, async () => {
      const client = tlsKinesisClient(server, version);
      try {
        const stream = await createActiveStream(client, { prefix: 'tls' });
        const put = await client.send(new PutRecordCommand({ StreamName: stream.name, PartitionKey: 'pk', Data: Buffer.from('over tls') }));
        const iterator = (await client.send(new GetShardIteratorCommand({ StreamName: stream.name, ShardId: put.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
        const records = (await client.send(new GetRecordsCommand({ ShardIterator: iterator }))).Records!;
        assert.deepEqual(records.map((record) => Buffer.from(record.Data!).toString()), ['over tls']);
        assert.equal(records[0]!.SequenceNumber, put.SequenceNumber);
      } finally {
        client.destroy();
      }
    });
  }

  it('serves KMS over HTTPS', async () => {
    const kms = tlsKmsClient(server);
    try {
      const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      const sealed = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('secret') }));
      const opened = await kms.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob }));
      assert.equal(Buffer.from(opened.Plaintext!).toString(), 'secret');
      assert.equal(opened.KeyId, sealed.KeyId);
    } finally {
      kms.destroy();
    }
  });

  it('serves Firehose over HTTPS', async () => {
    const firehose = tlsFirehoseClient(server);
    try {
      const name = `tls-${Date.now()}`;
      const created = await firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: name, ExtendedS3DestinationConfiguration: { RoleARN: roleArn, BucketARN: bucketArn('tls') } }));
      assert.equal(created.DeliveryStreamARN, `arn:aws:firehose:us-east-1:000000000000:deliverystream/${name}`);
      await waitActive(firehose, name);
      const put = await firehose.send(new FirehosePutRecordCommand({ DeliveryStreamName: name, Record: { Data: Buffer.from('over tls') } }));
      const batch = await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: [{ Data: Buffer.from('one') }, { Data: Buffer.from('two') }] }));
      assert.equal(batch.FailedPutCount, 0);
      const recordIds = [put.RecordId, ...batch.RequestResponses!.map((response) => response.RecordId)];
      assert.equal(new Set(recordIds.filter((id) => typeof id === 'string' && id.length > 0)).size, 3);
    } finally {
      firehose.destroy();
    }
  });

  it('serves STS (the Query protocol) over HTTPS', async () => {
    const sts = tlsStsClient(server);
    try {
      const identity = await sts.send(new GetCallerIdentityCommand({}));
      assert.equal(identity.Account, '000000000000');
      assert.match(identity.Arn!, /^arn:aws:iam::000000000000:(root|user\/.+)$/);
    } finally {
      sts.destroy();
    }
  });

  it('answers GET /health over HTTPS', async () => {
    const { port, ca } = tlsOf(server);
    const body = await new Promise<string>((resolve, reject) => {
      https.get({ host: '127.0.0.1', port, path: '/health', ca }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve(text));
      }).on('error', reject);
    });
    assert.equal(JSON.parse(body).status, 'ok');
  });

  it('offers h2 and http/1.1 by ALPN, preferring h2', async () => {
    const { port, ca } = tlsOf(server);
    assert.equal((await handshake(port, ['h2', 'http/1.1'], ca)).protocol, 'h2');
    assert.equal((await handshake(port, ['http/1.1'], ca)).protocol, 'http/1.1');
  });

  it('presents a certificate for localhost, 127.0.0.1 and ::1 that clients dialling localhost accept', async () => {
    const { port, ca } = tlsOf(server);
    const { certificate } = await handshake(port, ['h2'], ca);
    assert.equal(certificate.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    assert.equal(certificate.checkHost('localhost'), 'localhost');
    assert.equal(certificate.checkIP('127.0.0.1'), '127.0.0.1');
    const byName = tlsKinesisClient(server, 'h2', 'localhost');
    try {
      assert.ok(Array.isArray((await byName.send(new ListStreamsCommand({}))).StreamNames));
    } finally {
      byName.destroy();
    }
  });

  it('is refused by a client that does not trust the certificate', async () => {
    const untrusting = new KinesisClient({
      endpoint: tlsOf(server).endpoint,
      region: 'us-east-1',
      credentials: testCredentials,
      maxAttempts: 1,
      requestHandler: new NodeHttp2Handler({ requestTimeout: 5_000 }),
    });
    try {
      await assert.rejects(untrusting.send(new ListStreamsCommand({})), (error: Error & { code?: string }) => /self-signed|SELF_SIGNED/i.test(`${error.message} ${error.code}`));
    } finally {
      untrusting.destroy();
    }
  });
});

describe('self-signed certificates on disk', () => {
  it('keeps the certificate in the data dir, its key private, and reuses it after a restart', async () => {
    const first = await startServer({ inMemory: false, tlsPort: 0, tlsSelfSigned: true });
    const dataDir = first.dataDir!;
    try {
      const { certificatePath, certificatePem } = first.server.tls!;
      assert.equal(certificatePath, join(dataDir, 'tls', 'localhost.crt'));
      assert.equal(statSync(join(dataDir, 'tls', 'localhost.key')).mode & 0o777, 0o600);
      await first.close();
      const second = await startServer({ dataDir, tlsPort: 0, tlsSelfSigned: true });
      try {
        assert.equal(second.server.tls!.certificatePem, certificatePem);
        const { certificate } = await handshake(second.server.tls!.port, ['h2'], certificatePem);
        assert.equal(certificate.toString(), new X509Certificate(certificatePem).toString());
      } finally {
        await second.close();
      }
    } finally {
      await removeDir(dataDir);
    }
  });

  it('makes a fresh certificate each start in memory, written for clients only while the server runs', async () => {
    const first = await startServer({ tlsPort: 0, tlsSelfSigned: true });
    const second = await startServer({ tlsPort: 0, tlsSelfSigned: true });
    const path = first.server.tls!.certificatePath;
    assert.notEqual(first.server.tls!.certificatePem, second.server.tls!.certificatePem);
    assert.ok(existsSync(path));
    await first.close();
    await second.close();
    assert.equal(existsSync(path), false);
  });
});

describe('an operator certificate', () => {
  it('serves --tls-cert with --tls-key, and refuses files that do not make a certificate', async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
    });
    const other = await generate([{ name: 'commonName', value: 'elsewhere' }], { keyType: 'ec', algorithm: 'sha256' });
    const dir = await mkdtemp(join(tmpdir(), 'sealstream-tls-files-'));
    try {
      const certFile = join(dir, 'server.crt');
      const keyFile = join(dir, 'server.key');
      await writeFile(certFile, pems.cert);
      await writeFile(keyFile, pems.private);
      const served = await startServer({ tlsPort: 0, tlsCert: certFile, tlsKey: keyFile });
      try {
        const { certificate } = await handshake(served.server.tls!.port, ['h2'], pems.cert);
        assert.equal(certificate.fingerprint256, new X509Certificate(pems.cert).fingerprint256);
        assert.equal(served.server.tls!.certificatePath, certFile);
      } finally {
        await served.close();
      }

      const otherKey = join(dir, 'other.key');
      await writeFile(otherKey, other.private);
      await assert.rejects(startServer({ tlsPort: 0, tlsCert: certFile, tlsKey: otherKey }), /do not make a usable certificate/);
      await assert.rejects(startServer({ tlsPort: 0, tlsCert: join(dir, 'missing.crt'), tlsKey: keyFile }), /--tls-cert .*missing\.crt cannot be read: ENOENT/);
      const garbage = join(dir, 'garbage.crt');
      await writeFile(garbage, 'not a certificate');
      await assert.rejects(startServer({ tlsPort: 0, tlsCert: garbage, tlsKey: keyFile }), /--tls-cert .*garbage\.crt is not a PEM file/);
    } finally {
      await removeDir(dir);
    }
  });
});

describe('the TLS flags from the command line', () => {
  it('starts the HTTPS port from SEALSTREAM_TLS_* variables and logs the port and the certificate path', async () => {
    const child = await spawnServer(['--in-memory'], { SEALSTREAM_TLS_PORT: '0', SEALSTREAM_TLS_SELF_SIGNED: 'true' });
    try {
      const listening = JSON.parse(child.output().split('\n').find((line) => line.includes('sealstream listening'))!);
      assert.ok(Number.isInteger(listening.tlsPort) && listening.tlsPort > 0);
      assert.match(listening.tlsCertificate, /localhost\.crt$/);
      assert.ok(existsSync(listening.tlsCertificate));
    } finally {
      child.process.kill('SIGTERM');
      await child.exited;
    }
  });

  it('refuses --tls-port without a certificate source, before listening', async () => {
    await assert.rejects(spawnServer(['--in-memory', '--tls-port', '0']), /--tls-port needs --tls-cert and --tls-key, or --tls-self-signed/);
  });
});
