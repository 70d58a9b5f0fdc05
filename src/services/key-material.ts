// Envelope key material, the mechanism Kinesis and Firehose server-side encryption share
// (DESIGN.md, "Envelope encryption of a stream"). Each generation of key material is a
// KMS GenerateDataKey answer, stored once, encrypted as KMS returned it, under
// <prefix>/<stream uuid>/<generation id> before any record that names it is acknowledged.
// The plaintext lives only in memory, per slot, until the TTL passes; then writers ask KMS
// for a new generation and readers ask KMS to decrypt again, so a disabled or deleted key
// stops writes and reads within one cache lifetime. Concurrent requests for one slot share
// one KMS call. What stays with each service: who asks KMS, what a slot is keyed by, and
// how KMS's errors read to its clients.
import { randomBytes } from 'node:crypto';
import type { StorageEngine } from '../storage/engine.js';
import type { Caller } from './context.js';
import type { KmsPort } from './kms/port.js';

export const generationIdLength = 16;
const maxCachedEntries = 1000;

/** A generation as stored, with whatever the service notes beside it (`Note`). */
export type StoredGeneration<Note> = Note & {
  keyArn: string;
  /** The data key as KMS encrypted it, base64. */
  ciphertextBlob: string;
  createdAt: number;
};

export interface WriteMaterial {
  generationId: Buffer;
  material: Buffer;
  keyArn: string;
}

/** The stream whose records the material seals. */
export interface MaterialScope {
  uuid: string;
  encryptionContext: Record<string, string>;
}

export interface WriteRequest<Note> {
  scope: MaterialScope;
  keyId: string;
  /** Who asks KMS for the data key. */
  caller: Caller;
  /** Whose write cache the generation serves, within the scope. */
  writer: string;
  /** Whose read cache the new material is put in, as the one who will read it back. */
  reader: string;
  note: Note;
}

export interface ReadRequest<Note> {
  scope: MaterialScope;
  generationId: Buffer;
  /** Whose read cache, as in WriteRequest. */
  reader: string;
  /** Who asks KMS to decrypt the stored generation. */
  callerFor(stored: StoredGeneration<Note>): Caller;
  /** The requester whose permission `permit` checks on cached material; absent when the service reads on its own behalf. */
  caller?: Caller;
  /** What the service answers when the generation is no longer stored. */
  whenGone(): Error;
}

export interface KeyMaterialOptions {
  engine: StorageEngine;
  kms: KmsPort;
  /** The metadata prefix of the service's generations, such as `kinesis/key-material`. */
  prefix: string;
  ttlMs: number;
  now: () => number;
  /** KMS's errors as the service's clients see them. */
  toServiceError(error: unknown): unknown;
  /** The service whose requests use the key, for KMS's kms:ViaService condition (`kinesis`). */
  via: string;
  /**
   * Asked on every use of cached material, so a caller whose permission to use the key
   * was taken away loses it at once, not when the cache expires (issue 8, "checked on
   * every request even when the key material is cached"). A cache miss asks KMS, which
   * checks the same permission itself.
   */
  permit?(caller: Caller, action: 'kms:GenerateDataKey' | 'kms:Decrypt', keyArn: string, scope: MaterialScope): void | Promise<void>;
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

export class KeyMaterial<Note extends object> {
  private readonly writes = new Map<string, CachedWrite>();
  private readonly pendingWrites = new Map<string, Promise<WriteMaterial>>();
  private readonly reads = new Map<string, CachedRead>();
  private readonly pendingReads = new Map<string, Promise<CachedRead>>();

  constructor(private readonly options: KeyMaterialOptions) {}

  /** The cached generation of the writer, or a new one when it expired or was made under another key. */
  async forWrite(request: WriteRequest<Note>): Promise<WriteMaterial> {
    const slot = writeSlot(request);
    const cached = this.writes.get(slot);
    if (cached && cached.keyId === request.keyId && this.options.now() < cached.expiresAt) {
      await this.permit(request.caller, 'kms:GenerateDataKey', cached.keyArn, request.scope);
      return cached;
    }
    let pending = this.pendingWrites.get(slot);
    if (!pending) {
      pending = this.generate(request).finally(() => this.pendingWrites.delete(slot));
      this.pendingWrites.set(slot, pending);
    }
    return pending;
  }

  /**
   * The plaintext material of a stored generation, for reading the records that name it.
   * Given at once, not as a promise, when it is cached and the permission is known at once
   * (or there is none to ask): a subscriber's event then goes out in the turn its record
   * was stored (EnvelopeThreads.openByGeneration).
   */
  forRead(request: ReadRequest<Note>): Buffer | Promise<Buffer> {
    const slot = readSlot(request.generationId, request.reader);
    const cached = this.reads.get(slot);
    if (cached && this.options.now() < cached.expiresAt) {
      const permitted = request.caller && this.permit(request.caller, 'kms:Decrypt', cached.keyArn, request.scope);
      return permitted instanceof Promise ? permitted.then(() => cached.material) : cached.material;
    }
    let pending = this.pendingReads.get(slot);
    if (!pending) {
      pending = this.open(request).finally(() => this.pendingReads.delete(slot));
      this.pendingReads.set(slot, pending);
    }
    return pending.then((entry) => entry.material);
  }

  /** A new generation whatever is cached, asked of KMS at once; it becomes the writer's cached one. */
  async generate(request: WriteRequest<Note>): Promise<WriteMaterial> {
    const { engine, kms, now, ttlMs } = this.options;
    let dataKey;
    try {
      dataKey = await kms.generateDataKey(request.caller, request.keyId, request.scope.encryptionContext, this.options.via);
    } catch (error) {
      throw this.options.toServiceError(error);
    }
    const generationId = randomBytes(generationIdLength);
    const stored = { keyArn: dataKey.keyArn, ciphertextBlob: dataKey.ciphertextBlob.toString('base64'), ...request.note, createdAt: now() } as StoredGeneration<Note>;
    // Stored, durably, before any record that names it is acknowledged.
    await engine.putMeta(this.generationKey(request.scope, generationId), stored, null);
    const expiresAt = now() + ttlMs;
    const entry: CachedWrite = { generationId, material: dataKey.plaintext, keyArn: dataKey.keyArn, keyId: request.keyId, expiresAt };
    this.sweep();
    this.writes.set(writeSlot(request), entry);
    this.reads.set(readSlot(generationId, request.reader), { material: dataKey.plaintext, keyArn: dataKey.keyArn, expiresAt });
    return entry;
  }

  /** Throws, or rejects, with the service's error when the caller may not use the key; returns at once when the answer is known at once. */
  private permit(caller: Caller, action: 'kms:GenerateDataKey' | 'kms:Decrypt', keyArn: string, scope: MaterialScope): void | Promise<void> {
    if (!this.options.permit) return;
    let permitted: void | Promise<void>;
    try {
      permitted = this.options.permit(caller, action, keyArn, scope);
    } catch (error) {
      throw this.options.toServiceError(error);
    }
    if (permitted instanceof Promise) {
      return permitted.catch((error: unknown) => {
        throw this.options.toServiceError(error);
      });
    }
  }

  /** Deletes every stored generation of a stream that is gone. */
  async forget(uuid: string): Promise<void> {
    const { engine, prefix } = this.options;
    for (const entry of await engine.listMeta(`${prefix}/${uuid}/`)) await engine.deleteMeta(entry.key, entry.version);
  }

  private async open(request: ReadRequest<Note>): Promise<CachedRead> {
    const { engine, kms, now, ttlMs } = this.options;
    const stored = await engine.getMeta<StoredGeneration<Note>>(this.generationKey(request.scope, request.generationId));
    if (!stored) throw request.whenGone();
    const caller = request.callerFor(stored.value);
    let opened;
    try {
      opened = await kms.decrypt(caller, Buffer.from(stored.value.ciphertextBlob, 'base64'), request.scope.encryptionContext, this.options.via);
    } catch (error) {
      throw this.options.toServiceError(error);
    }
    const entry: CachedRead = { material: opened.plaintext, keyArn: opened.keyArn, expiresAt: now() + ttlMs };
    this.sweep();
    this.reads.set(readSlot(request.generationId, request.reader), entry);
    return entry;
  }

  private generationKey(scope: MaterialScope, generationId: Buffer): string {
    return `${this.options.prefix}/${scope.uuid}/${generationId.toString('hex')}`;
  }

  /** Drops expired material when a cache grows, so memory stays bounded by what is in use. */
  private sweep(): void {
    const now = this.options.now();
    for (const cache of [this.writes, this.reads] as Map<string, { expiresAt: number }>[]) {
      if (cache.size < maxCachedEntries) continue;
      for (const [slot, entry] of cache) if (now >= entry.expiresAt) cache.delete(slot);
    }
  }
}

const writeSlot = (request: WriteRequest<unknown>) => `${request.scope.uuid}|${request.writer}`;
const readSlot = (generationId: Buffer, reader: string) => `${generationId.toString('hex')}|${reader}`;
