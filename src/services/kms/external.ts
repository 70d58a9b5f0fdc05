// External KMS mode (issue 3, scope 7): with --kms-endpoint, every KMS operation served
// on Sealstream's port is forwarded to an AWS-KMS-compatible service (real AWS KMS, or
// another Sealstream) through @aws-sdk/client-kms, and its answer or error comes back
// unchanged. The shape engine has already decoded and validated the request, so its typed
// input (blobs as Buffers, timestamps as Dates) is exactly what the SDK command takes.
import * as kmsSdk from '@aws-sdk/client-kms';
import { KMSClient } from '@aws-sdk/client-kms';
import { ConfigError, type Config } from '../../config/config.js';
import { InternalError } from '../../internal-error.js';
import type { Caller, OperationHandler, ServiceDefinition } from '../context.js';
import { AwsError, type MessageKey } from '../errors.js';
import type { DataKey, DecryptedDataKey, KmsPort } from './port.js';
import { kmsOperationNames } from './service.js';
import type { KeyMetadata } from '../../generated/kms-shapes.js';

export type ExternalKmsConfig = Pick<Config, 'kmsEndpoint' | 'kmsAccessKeyId' | 'kmsSecretAccessKey'>;

type SdkCommand = Parameters<KMSClient['send']>[0];
type SdkCommandConstructor = new (input: object) => SdkCommand;

// An external KMS is a real network dependency: connecting must not hang a request for
// ever. AWS KMS answers in milliseconds; these bounds are ours [INF].
const connectionTimeoutMs = 5_000;
const requestTimeoutMs = 30_000;

// These come with no message at all from AWS (aws-wire.md §0.3, §4.9).
const messagelessCodes = new Set(['InvalidCiphertextException', 'KMSInvalidSignatureException']);
// Errors of AWS's front door carry a capital `Message` (aws-wire.md §0.3).
const capitalMessageCodes = new Set(['AccessDeniedException']);
// What the SDK puts in `message` when the body had neither `message` nor `Message`
// (@aws-sdk/core AwsJsonRpcProtocol.handleError).
const sdkNoMessage = 'UnknownError';

/** One SDK client per region (the caller's), made on first use and kept. */
export class ExternalKmsClients {
  readonly endpoint: string;
  readonly #credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  readonly #clients = new Map<string, KMSClient>();

  constructor(config: ExternalKmsConfig) {
    if (!config.kmsEndpoint) throw new ConfigError('external KMS mode needs --kms-endpoint');
    if ((config.kmsAccessKeyId === undefined) !== (config.kmsSecretAccessKey === undefined)) {
      throw new ConfigError('--kms-access-key-id and --kms-secret-access-key go together: give both, or neither to use the AWS SDK credential chain');
    }
    this.endpoint = config.kmsEndpoint;
    this.#credentials =
      config.kmsAccessKeyId !== undefined && config.kmsSecretAccessKey !== undefined
        ? { accessKeyId: config.kmsAccessKeyId, secretAccessKey: config.kmsSecretAccessKey }
        : undefined;
  }

  /** Closes the clients' connections (server shutdown). */
  close(): void {
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
  }

  client(region: string): KMSClient {
    let client = this.#clients.get(region);
    if (!client) {
      // Credentials from the flags, else the SDK's default chain (environment, profile,
      // instance role); retries stay the SDK's default (3 attempts).
      client = new KMSClient({
        endpoint: this.endpoint,
        region,
        ...(this.#credentials ? { credentials: this.#credentials } : {}),
        requestHandler: { connectionTimeout: connectionTimeoutMs, requestTimeout: requestTimeoutMs },
      });
      this.#clients.set(region, client);
    }
    return client;
  }

  /** Sends `<operation>Command`; the answer with Buffers for blobs, or the external error as an AwsError. */
  async send(region: string, operation: string, input: object): Promise<Record<string, unknown>> {
    const Command = commandFor(operation);
    let output: unknown;
    try {
      output = await this.client(region).send(new Command(input));
    } catch (error) {
      throw fromSdkError(error, this.endpoint, operation);
    }
    const { $metadata: _metadata, ...members } = toBuffers(output) as Record<string, unknown>;
    return members;
  }

  destroy(): void {
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
  }
}

function commandFor(operation: string): SdkCommandConstructor {
  const Command = (kmsSdk as unknown as Record<string, SdkCommandConstructor | undefined>)[`${operation}Command`];
  if (typeof Command !== 'function') throw new InternalError('KMS_EXTERNAL_OPERATION', `@aws-sdk/client-kms has no ${operation}Command`);
  return Command;
}

/**
 * An error the external KMS answered becomes the same AwsError (code, message, HTTP status;
 * a fault stays a 500). Anything else (refused connection, timeout) is an internal fault
 * of this server: the client sees KMSInternalException, the log says what happened.
 */
export function fromSdkError(error: unknown, endpoint: string, operation: string): Error {
  if (isServiceError(error)) {
    const status = error.$metadata.httpStatusCode ?? (error.$fault === 'server' ? 500 : 400);
    const messageless = messagelessCodes.has(error.name) || error.message === '' || error.message === sdkNoMessage;
    const messageKey: MessageKey = messageless ? 'none' : capitalMessageCodes.has(error.name) ? 'Message' : 'message';
    return new AwsError(error.name, messageless ? '' : error.message, { status, messageKey });
  }
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new InternalError('KMS_EXTERNAL_UNAVAILABLE', `the external KMS at ${endpoint} did not answer ${operation} (${reason})`, { cause: error });
}

interface ServiceError extends Error {
  $fault: 'client' | 'server';
  $metadata: { httpStatusCode?: number };
}

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && '$fault' in error && '$metadata' in error && typeof error.$metadata === 'object' && error.$metadata !== null;
}

/** The SDK gives blobs as plain Uint8Arrays; the shape engine encodes Buffers. */
function toBuffers(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return value.map(toBuffers);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([name, member]) => [name, toBuffers(member)]));
  }
  return value;
}

/** The KMS API on Sealstream's port, every operation the built-in one has, forwarded. */
export function createExternalKmsService(config: ExternalKmsConfig, clients = new ExternalKmsClients(config)): ServiceDefinition {
  const operations: Record<string, OperationHandler> = {};
  for (const name of kmsOperationNames()) {
    commandFor(name); // a built-in operation the SDK does not know is a fault at start, not at first use
    // No local authorization: the external KMS judges the credentials Sealstream signs with.
    operations[name] = (input: object, context) => clients.send(context.caller.region, name, input);
  }
  return { name: 'kms', operations };
}

/** The port Kinesis and Firehose SSE use, over the same SDK clients. */
export function createExternalKmsPort(clients: ExternalKmsClients): KmsPort {
  return {
    async generateDataKey(caller: Caller, keyId: string, encryptionContext: Record<string, string>): Promise<DataKey> {
      const output = await clients.send(caller.region, 'GenerateDataKey', { KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: encryptionContext });
      return { keyArn: output['KeyId'] as string, plaintext: output['Plaintext'] as Buffer, ciphertextBlob: output['CiphertextBlob'] as Buffer };
    },
    async decrypt(caller: Caller, ciphertextBlob: Uint8Array, encryptionContext: Record<string, string>): Promise<DecryptedDataKey> {
      const output = await clients.send(caller.region, 'Decrypt', { CiphertextBlob: ciphertextBlob, EncryptionContext: encryptionContext });
      return { keyArn: output['KeyId'] as string, plaintext: output['Plaintext'] as Buffer };
    },
    async describeKey(caller: Caller, keyId: string): Promise<KeyMetadata> {
      const output = await clients.send(caller.region, 'DescribeKey', { KeyId: keyId });
      return output['KeyMetadata'] as KeyMetadata;
    },
  };
}
