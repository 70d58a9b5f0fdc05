// Server-side encryption of a stream's records (DESIGN.md, "Envelope encryption of a
// stream"; aws-wire.md §2.5–2.7). Key material comes from KMS GenerateDataKey on the
// stream's CMK, acting as the caller, with the stream ARN as encryption context. Each
// generation of key material is stored once, encrypted (as KMS returned it), under
// kinesis/key-material/<stream uuid>/<generation id>, and records name their generation.
// Plaintext material lives only in memory and is reused until --key-cache-ttl-ms passes;
// then writers ask KMS for a new generation and readers ask KMS to decrypt again, so a
// disabled or deleted CMK stops puts and gets within one cache lifetime. Caches are per
// caller principal, as AWS's are per credential, so material one principal obtained never
// serves another.
import { randomBytes } from 'node:crypto';
import type { StorageEngine } from '../../../storage/engine.js';
import type { Caller } from '../../context.js';
import { AwsError } from '../../errors.js';
import type { KmsPort } from '../../kms/port.js';
import type { StreamDoc } from './streams.js';

export const generationIdLength = 16;
const maxCachedEntries = 1000;

interface StoredGeneration {
  keyArn: string;
  /** The data key as KMS encrypted it, base64. */
  ciphertextBlob: string;
  createdAt: number;
}

export interface WriteMaterial {
  generationId: Buffer;
  material: Buffer;
  keyArn: string;
}

interface CachedWrite extends WriteMaterial {
  keyId: string;
  expiresAt: number;
}

interface CachedRead {
  material: Buffer;
  keyArn: string;
  expiresAt: number;
}

export function encryptionContextOf(stream: StreamDoc): Record<string, string> {
  return { 'aws:kinesis:arn': stream.arn };
}

const generationKey = (stream: StreamDoc, generationId: Buffer) => `kinesis/key-material/${stream.uuid}/${generationId.toString('hex')}`;

// KMS's answers become the Kinesis KMS* exceptions with KMS's own text (aws-wire.md §2.6).
const kmsToKinesis: Record<string, string> = {
  NotFoundException: 'KMSNotFoundException',
  DisabledException: 'KMSDisabledException',
  KMSInvalidStateException: 'KMSInvalidStateException',
  AccessDeniedException: 'KMSAccessDeniedException',
  ThrottlingException: 'KMSThrottlingException',
  KMSOptInRequired: 'KMSOptInRequired',
  // Kinesis SSE takes only symmetric encryption keys; AWS's wording for the others is unrecorded [INF].
  InvalidKeyUsageException: 'InvalidArgumentException',
  UnsupportedOperationException: 'InvalidArgumentException',
};

export function toKinesisError(error: unknown): unknown {
  if (!(error instanceof AwsError)) return error;
  const code = kmsToKinesis[error.code];
  if (code) return new AwsError(code, error.message);
  // A stored data key KMS no longer opens: the stream's records under it are unreadable.
  if (error.code === 'InvalidCiphertextException') return new AwsError('KMSInvalidStateException', 'The stored key material of this stream can no longer be decrypted.');
  if (error.status >= 500) return new AwsError('InternalFailure', '', { status: 500, messageKey: 'none' });
  return error;
}

export class StreamEncryption {
  private readonly writes = new Map<string, CachedWrite>();
  private readonly pendingWrites = new Map<string, Promise<CachedWrite>>();
  private readonly reads = new Map<string, CachedRead>();
  private readonly pendingReads = new Map<string, Promise<CachedRead>>();

  constructor(
    private readonly engine: StorageEngine,
    private readonly kms: KmsPort,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  /** The material new records of an encrypted stream are sealed with; a new generation when the cached one expired or the key changed. */
  async forWrite(stream: StreamDoc, caller: Caller): Promise<WriteMaterial> {
    const keyId = stream.keyId!;
    const slot = `${stream.uuid}|${caller.principalArn}`;
    const cached = this.writes.get(slot);
    if (cached && cached.keyId === keyId && this.now() < cached.expiresAt) return cached;
    let pending = this.pendingWrites.get(slot);
    if (!pending) {
      pending = this.newGeneration(stream, keyId, caller).finally(() => this.pendingWrites.delete(slot));
      this.pendingWrites.set(slot, pending);
    }
    return pending;
  }

  /** The plaintext material of a generation, for reading the records that name it. */
  async forRead(stream: StreamDoc, generationId: Buffer, caller: Caller): Promise<Buffer> {
    const slot = `${generationId.toString('hex')}|${caller.principalArn}`;
    const cached = this.reads.get(slot);
    if (cached && this.now() < cached.expiresAt) return cached.material;
    let pending = this.pendingReads.get(slot);
    if (!pending) {
      pending = this.openGeneration(stream, generationId, caller).finally(() => this.pendingReads.delete(slot));
      this.pendingReads.set(slot, pending);
    }
    return (await pending).material;
  }

  /** Checks at once that the caller may use the key for this stream (StartStreamEncryption), and keeps what it got. */
  async start(stream: StreamDoc, keyId: string, caller: Caller): Promise<void> {
    await this.newGeneration(stream, keyId, caller);
  }

  /** Drops expired material; called when a cache grows, so memory stays bounded by what is in use. */
  private sweep(): void {
    const now = this.now();
    for (const cache of [this.writes, this.reads] as Map<string, { expiresAt: number }>[]) {
      if (cache.size < maxCachedEntries) continue;
      for (const [slot, entry] of cache) if (now >= entry.expiresAt) cache.delete(slot);
    }
  }

  private async newGeneration(stream: StreamDoc, keyId: string, caller: Caller): Promise<CachedWrite> {
    let dataKey;
    try {
      dataKey = await this.kms.generateDataKey(caller, keyId, encryptionContextOf(stream));
    } catch (error) {
      throw toKinesisError(error);
    }
    const generationId = randomBytes(generationIdLength);
    const stored: StoredGeneration = { keyArn: dataKey.keyArn, ciphertextBlob: dataKey.ciphertextBlob.toString('base64'), createdAt: this.now() };
    // Stored, durably, before any record that names it is acknowledged.
    await this.engine.putMeta(generationKey(stream, generationId), stored, null);
    const expiresAt = this.now() + this.ttlMs;
    const entry: CachedWrite = { generationId, material: dataKey.plaintext, keyArn: dataKey.keyArn, keyId, expiresAt };
    this.sweep();
    this.writes.set(`${stream.uuid}|${caller.principalArn}`, entry);
    this.reads.set(`${generationId.toString('hex')}|${caller.principalArn}`, { material: dataKey.plaintext, keyArn: dataKey.keyArn, expiresAt });
    return entry;
  }

  private async openGeneration(stream: StreamDoc, generationId: Buffer, caller: Caller): Promise<CachedRead> {
    const stored = await this.engine.getMeta<StoredGeneration>(generationKey(stream, generationId));
    if (!stored) throw new AwsError('KMSNotFoundException', `The key material of a record in stream ${stream.name} under account ${stream.accountId} is gone.`);
    let opened;
    try {
      opened = await this.kms.decrypt(caller, Buffer.from(stored.value.ciphertextBlob, 'base64'), encryptionContextOf(stream));
    } catch (error) {
      throw toKinesisError(error);
    }
    const entry: CachedRead = { material: opened.plaintext, keyArn: opened.keyArn, expiresAt: this.now() + this.ttlMs };
    this.sweep();
    this.reads.set(`${generationId.toString('hex')}|${caller.principalArn}`, entry);
    return entry;
  }
}
