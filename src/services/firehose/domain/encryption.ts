// Server-side encryption of buffered records (aws-wire.md §3.3–3.4), the envelope scheme
// streams use (DESIGN.md): key material from KMS GenerateDataKey under the delivery
// stream's key, with {"aws:firehose:arn": <delivery stream ARN>} as encryption context
// (the context Firehose's grant is constrained to); each generation stored once, encrypted,
// under firehose/key-material/<stream uuid>/<generation id>; each record sealed with its own
// HKDF-derived key (crypto/envelope.ts). Plaintext material lives in memory only, for
// --key-cache-ttl-ms.
//
// Who asks KMS: a put on a customer CMK asks as the caller (callers need kms:GenerateDataKey
// on the CMK, aws-wire.md §3.4 rule 8); the AWS_OWNED_CMK is used as the service; delivery
// opens records as Firehose itself (its grant), never as a client.
import { randomBytes } from 'node:crypto';
import type { StorageEngine } from '../../../storage/engine.js';
import type { Caller } from '../../context.js';
import { AwsError } from '../../errors.js';
import { firehoseErrors } from '../errors.js';
import type { DeliveryStreamDoc, SealingKey } from './delivery-streams.js';
import { encryptionContextOf, firehosePrincipal, serviceCaller, type FirehoseKeys } from './key-access.js';

export const generationIdLength = 16;
const maxCachedEntries = 1000;

interface StoredGeneration {
  keyArn: string;
  /** The data key as KMS encrypted it, base64. */
  ciphertextBlob: string;
  /** Whose key: the service's (AWS_OWNED_CMK) or the customer's CMK. */
  owner: 'service' | 'customer';
  createdAt: number;
}

export interface WriteMaterial {
  generationId: Buffer;
  material: Buffer;
}

interface Cached<T> {
  value: T;
  expiresAt: number;
}

const generationKey = (stream: DeliveryStreamDoc, generationId: Buffer) => `firehose/key-material/${stream.uuid}/${generationId.toString('hex')}`;

// InvalidKMSResourceException for the four KMS errors its documentation names, with the
// KMS code in `code` (aws-wire.md §3.4, §4.11); throttling is retryable [INF].
const invalidKmsCodes = new Set(['NotFoundException', 'DisabledException', 'KMSInvalidStateException', 'AccessDeniedException', 'InvalidKeyUsageException', 'IncorrectKeyException', 'UnsupportedOperationException', 'InvalidCiphertextException', 'KMSOptInRequired']);

export function toFirehoseError(error: unknown): unknown {
  if (!(error instanceof AwsError)) return error;
  if (invalidKmsCodes.has(error.code)) return firehoseErrors.invalidKmsResource(error.code, error.message || `KMS answered ${error.code}.`);
  if (error.code === 'ThrottlingException' || error.code === 'KMSThrottlingException' || error.status >= 500) {
    return firehoseErrors.serviceUnavailable('KMS is unavailable or throttling; try again later.');
  }
  return error;
}

/** Firehose acting in the delivery stream's account, as the principal its grants name. */
export function firehoseCaller(stream: DeliveryStreamDoc): Caller {
  return { accountId: stream.accountId, principalArn: firehosePrincipal(stream.region), accessKeyId: 'firehose-service', region: stream.region, sourceIp: '127.0.0.1' };
}

export class DeliveryStreamEncryption {
  private readonly writes = new Map<string, Cached<WriteMaterial>>();
  private readonly reads = new Map<string, Cached<Buffer>>();
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(
    private readonly engine: StorageEngine,
    private readonly keys: FirehoseKeys,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  /** The material a record put now is sealed with; a new generation when the cached one expired or the key changed. */
  async forWrite(stream: DeliveryStreamDoc, key: SealingKey, caller: Caller): Promise<WriteMaterial> {
    const asService = key.keyType === 'AWS_OWNED_CMK';
    const slot = `${stream.uuid}|${key.keyArn}|${asService ? 'service' : caller.principalArn}`;
    const cached = this.writes.get(slot);
    if (cached && this.now() < cached.expiresAt) return cached.value;
    return this.once(`write|${slot}`, async () => {
      const acting = asService ? serviceCaller(stream.region) : caller;
      let dataKey;
      try {
        dataKey = await this.keys.port.generateDataKey(acting, key.keyArn, encryptionContextOf(stream.arn));
      } catch (error) {
        throw toFirehoseError(error);
      }
      const generationId = randomBytes(generationIdLength);
      const stored: StoredGeneration = { keyArn: dataKey.keyArn, ciphertextBlob: dataKey.ciphertextBlob.toString('base64'), owner: asService ? 'service' : 'customer', createdAt: this.now() };
      // Stored durably before any record that names it is acknowledged.
      await this.engine.putMeta(generationKey(stream, generationId), stored, null);
      const expiresAt = this.now() + this.ttlMs;
      const value = { generationId, material: dataKey.plaintext };
      this.sweep();
      this.writes.set(slot, { value, expiresAt });
      this.reads.set(generationId.toString('hex'), { value: dataKey.plaintext, expiresAt });
      return value;
    });
  }

  /** The plaintext material of a generation, opened by Firehose itself for delivery. */
  async forRead(stream: DeliveryStreamDoc, generationId: Buffer): Promise<Buffer> {
    const slot = generationId.toString('hex');
    const cached = this.reads.get(slot);
    if (cached && this.now() < cached.expiresAt) return cached.value;
    return this.once(`read|${slot}`, async () => {
      const stored = await this.engine.getMeta<StoredGeneration>(generationKey(stream, generationId));
      if (!stored) throw new AwsError('InvalidKMSResourceException', `The key material of a buffered record of ${stream.name} is gone.`);
      const acting = stored.value.owner === 'service' ? serviceCaller(stream.region) : firehoseCaller(stream);
      let opened;
      try {
        opened = await this.keys.port.decrypt(acting, Buffer.from(stored.value.ciphertextBlob, 'base64'), encryptionContextOf(stream.arn));
      } catch (error) {
        throw toFirehoseError(error);
      }
      this.sweep();
      this.reads.set(slot, { value: opened.plaintext, expiresAt: this.now() + this.ttlMs });
      return opened.plaintext;
    });
  }

  /** Key material of a deleted delivery stream goes with it. */
  async forget(stream: DeliveryStreamDoc): Promise<void> {
    for (const entry of await this.engine.listMeta(`firehose/key-material/${stream.uuid}/`)) await this.engine.deleteMeta(entry.key, entry.version);
  }

  private once<T>(slot: string, make: () => Promise<T>): Promise<T> {
    let promise = this.pending.get(slot) as Promise<T> | undefined;
    if (!promise) {
      promise = make().finally(() => this.pending.delete(slot));
      this.pending.set(slot, promise);
    }
    return promise;
  }

  /** Drops expired material when a cache grows, so memory stays bounded by what is in use. */
  private sweep(): void {
    const now = this.now();
    for (const cache of [this.writes, this.reads] as Map<string, Cached<unknown>>[]) {
      if (cache.size < maxCachedEntries) continue;
      for (const [slot, entry] of cache) if (now >= entry.expiresAt) cache.delete(slot);
    }
  }
}
