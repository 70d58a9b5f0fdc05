// Composition root: config -> storage engine -> services -> server. No logic of its own.
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import { createLogger } from './log.js';
import { createDispatcher } from './protocol/dispatch.js';
import { openAuthentication } from './protocol/open-authentication.js';
import { strictAuthentication } from './protocol/strict-authentication.js';
import { createPolicyAuthorizer, identityPolicies } from './services/authorizer.js';
import { kmsKeyPolicies } from './services/kms/authorization.js';
import { loadRootCredentials } from './services/iam/root-credentials.js';
import { allowAll } from './services/context.js';
import { createKinesis, trimExpiredRecords } from './services/kinesis/create.js';
import { createKinesisService } from './services/kinesis/service.js';
import { createFirehose } from './services/firehose/create.js';
import { createFirehoseService } from './services/firehose/service.js';
import { createBuiltInFirehoseKeys, createExternalFirehoseKeys } from './services/firehose/domain/key-access.js';
import { createKms } from './services/kms/create.js';
import { createKmsService } from './services/kms/service.js';
import { createBuiltInKmsPort } from './services/kms/port.js';
import { createIam } from './services/iam/create.js';
import { kinesisResourcePolicies } from './services/kinesis/domain/resource-policies.js';
import { PolicyEpoch } from './services/policy-epoch.js';
import { createCloudTrail } from './services/cloudtrail/create.js';
import { createCloudTrailService } from './services/cloudtrail/service.js';
import { openRootKey, type RootKey } from './crypto/root-key.js';
import { EnvelopeThreads, defaultEnvelopeThreads } from './crypto/envelope-threads.js';
import type { StorageEngine } from './storage/engine.js';
import { LmdbEngine } from './storage/engines/lmdb.js';
import { MemoryEngine } from './storage/engines/memory.js';
import { listen, type ListeningServer } from './transport/server.js';
import { listenTls } from './transport/tls.js';
import { loadCertificateFiles, selfSignedCertificate, type ServerCertificate } from './transport/certificates.js';
import type { SubscriptionLimits } from './services/kinesis/domain/subscriptions.js';

export const version = '0.1.0';

export interface RunningServer {
  port: number;
  engine: StorageEngine;
  log: Logger;
  /** Where Firehose S3 destinations deliver: <data-dir>/s3, or a temporary directory with --in-memory (kept after close). */
  s3Dir: string;
  /** The HTTPS port and the certificate it presents, when --tls-port is set. */
  tls: { port: number; certificatePem: string; certificatePath: string } | undefined;
  /** Drains in-flight requests, then closes the store. */
  close(): Promise<void>;
}

const retentionSweepMs = 60_000;

export interface StartOptions {
  log?: Logger;
  /** For tests only, never a flag: shorter SubscribeToShard heartbeat, lifetime and takeover times. */
  subscriptionLimits?: Partial<SubscriptionLimits>;
  /** For tests only, never a flag: the clock of authentication and of STS sessions (expiry tests). */
  authClock?: () => number;
}

export async function startSealstream(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const startedAt = Date.now();
  const log = options.log ?? createLogger(config.logLevel);
  const dataDir = config.inMemory ? undefined : resolve(config.dataDir);
  // The certificate before anything opens: a bad one stops the start with nothing left behind.
  let certificate: ServerCertificate | undefined;
  if (config.tlsPort !== undefined) {
    certificate = config.tlsSelfSigned ? await selfSignedCertificate(dataDir) : loadCertificateFiles(config.tlsCert!, config.tlsKey!);
  }
  let engine: StorageEngine;
  if (dataDir === undefined) {
    engine = new MemoryEngine();
  } else {
    mkdirSync(dataDir, { recursive: true });
    engine = new LmdbEngine({ path: join(dataDir, 'store') });
  }
  await engine.open();

  // KMS: the built-in key store under the root key, or an external AWS-KMS-compatible
  // service for every key operation (--kms-endpoint). Kinesis asks it for data keys
  // through the same port either way.
  // The AWS SDK's KMS client is loaded only in external mode: it is a tenth of a second of start-up.
  const externalKms = config.kmsEndpoint ? await import('./services/kms/external.js') : undefined;
  const external = externalKms ? new externalKms.ExternalKmsClients(config) : undefined;
  // IAM seals access keys' secrets under the root key in either KMS mode. One the store
  // was not written under stops the start here, with the store closed and unchanged.
  let rootKey: RootKey;
  try {
    rootKey = await openRootKey(engine, { file: config.rootKeyFile, dataDir, log });
  } catch (error) {
    await engine.close();
    throw error;
  }
  const builtIn = external ? undefined : createKms({ engine, rootKey });
  const kmsService = builtIn ? createKmsService(builtIn) : externalKms!.createExternalKmsService(config, external);

  // IAM and STS in every auth mode; in strict mode their users, keys and policies decide
  // who may do what (issue 8), in open mode every request acts as the account root.
  const rootCredentials = config.auth === 'strict' || config.rootCredentialsFile ? loadRootCredentials({ file: config.rootCredentialsFile, dataDir, log }) : undefined;
  const iam = createIam({ engine, rootKey, accountId: config.accountId, rootCredentials, ...(options.authClock ? { now: options.authClock } : {}) });
  // Kinesis's resource policies are read from the store (Kinesis is made after, given the authorizer).
  const streamPolicyEpoch = new PolicyEpoch();
  const authorizer =
    config.auth === 'strict'
      ? createPolicyAuthorizer({
          identities: identityPolicies(iam.credentials),
          ...(builtIn ? { keys: kmsKeyPolicies(builtIn) } : {}),
          streams: kinesisResourcePolicies(engine, streamPolicyEpoch),
          log,
        })
      : allowAll;
  const authenticate =
    config.auth === 'strict' ? strictAuthentication({ credentials: iam.credentials, ...(options.authClock ? { now: options.authClock } : {}) }) : openAuthentication({ accountId: config.accountId, defaultRegion: config.region });
  const kmsPort = builtIn ? createBuiltInKmsPort({ kms: builtIn, authorizer, log }) : externalKms!.createExternalKmsPort(external!);

  const envelopes = new EnvelopeThreads(config.cryptoThreads ?? defaultEnvelopeThreads());
  const kinesis = await createKinesis({ engine, transitionMs: config.transitionMs, kms: kmsPort, keyCacheTtlMs: config.keyCacheTtlMs, subscriptionLimits: options.subscriptionLimits, authorizer, envelopes, policyEpoch: streamPolicyEpoch });
  // Firehose delivers S3 objects to real files even with --in-memory: under a fresh
  // temporary directory then (made on the first delivery), logged, so deliveries can be
  // looked at (README, Firehose).
  const s3Dir = dataDir === undefined ? join(tmpdir(), `sealstream-s3-${randomUUID()}`) : join(dataDir, 's3');
  const firehoseKeys = builtIn ? createBuiltInFirehoseKeys(builtIn, kmsPort) : createExternalFirehoseKeys(external!, kmsPort, engine);
  const firehose = await createFirehose({ engine, kinesis, keys: firehoseKeys, s3Dir, transitionMs: config.transitionMs, keyCacheTtlMs: config.keyCacheTtlMs, log });
  // The audit trail of management calls (issue 8), in the same store; LookupEvents reads it.
  const { cloudTrail, audit } = await createCloudTrail({ engine, accountId: config.accountId, log });
  const handle = createDispatcher({
    services: [createKinesisService(kinesis), kmsService, createFirehoseService(firehose, { allowHttpEndpoints: config.allowHttpEndpoints }), iam.iamService, iam.stsService, createCloudTrailService(cloudTrail)],
    authenticate,
    authorizer,
    audit,
    log,
    health: () => ({ status: 'ok', version, storage: engine.capabilities.name, durable: engine.capabilities.durable }),
  });
  const server = await listen({ host: config.host, port: config.port, log, handle });
  let tlsServer: ListeningServer | undefined;
  if (certificate) {
    try {
      tlsServer = await listenTls({ host: config.host, port: config.tlsPort!, key: certificate.key, cert: certificate.cert, log, handle });
    } catch (error) {
      await server.close();
      await firehose.close();
      external?.close();
      await cloudTrail.trail.flush();
      await engine.close();
      await envelopes.close();
      certificate.dispose();
      throw error;
    }
  }

  const sweep = setInterval(() => {
    trimExpiredRecords(kinesis).catch((error: unknown) => log.error({ err: error }, 'retention sweep failed'));
  }, retentionSweepMs);
  sweep.unref();

  log.info(
    { host: config.host, port: server.port, auth: config.auth, rootCredentialsFile: rootCredentials?.path, tlsPort: tlsServer?.port, tlsCertificate: certificate?.certificatePath, storage: engine.capabilities.name, dataDir: config.inMemory ? undefined : resolve(config.dataDir), startupMs: Date.now() - startedAt },
    'sealstream listening',
  );

  if (dataDir === undefined) log.info({ s3Dir }, 'firehose S3 destinations deliver to a temporary directory (--in-memory)');

  return {
    port: server.port,
    engine,
    log,
    s3Dir,
    tls: tlsServer && certificate ? { port: tlsServer.port, certificatePem: certificate.cert, certificatePath: certificate.certificatePath } : undefined,
    async close() {
      clearInterval(sweep);
      await Promise.all([server.close(), tlsServer?.close()]);
      certificate?.dispose();
      // Delivery stops (a batch cut short stays in flight for the next start) before the store closes.
      await firehose.close();
      external?.close();
      await cloudTrail.trail.flush();
      await engine.close();
      await envelopes.close();
      log.info('sealstream stopped');
    },
  };
}
