// What Kinesis's stream documents (kinesis/domain/streams.ts) and Firehose's
// delivery-stream documents (firehose/domain/delivery-streams.ts) have in common: one JSON
// document per named resource in the engine's metadata store, changed only by
// compare-and-set. Transitions carry the time they end and are settled whenever the
// document is read, so a restart in the middle of one neither loses nor prolongs it; a
// document whose deletion has finished is purged when it is next read. Each store says,
// through the hooks, where its documents live, how they settle, what a client is told of
// one missing or already there, and what goes with a purged one.
import type { StorageEngine } from '../storage/engine.js';
import { InternalError } from './errors.js';
import { isConflict, retryOnConflict } from './compare-and-set.js';

export interface DocumentAddress {
  name: string;
  accountId: string;
  region: string;
}

export abstract class DocumentStore<Doc extends DocumentAddress> {
  constructor(
    protected readonly engine: StorageEngine,
    protected readonly now: () => number,
  ) {}

  /** The metadata key of the document of `address`. */
  protected abstract keyOf(address: DocumentAddress): string;
  /** Ends the transitions whose time has come; undefined for a finished deletion. */
  protected abstract settle(document: Doc): Doc | undefined;
  protected abstract notFound(address: DocumentAddress): Error;
  protected abstract exists(document: Doc): Error;
  /** For an update that lost every compare-and-set. */
  protected abstract contention(address: DocumentAddress): InternalError;
  /** What goes with a document once its finished deletion is purged. */
  protected abstract purged(document: Doc): Promise<void>;
  /** Told every stored update. */
  protected stored(_document: Doc): void {}

  async create(document: Doc): Promise<void> {
    try {
      await this.engine.putMeta(this.keyOf(document), document, null);
    } catch (error) {
      if (!isConflict(error)) throw error;
      // The name may be held only by a finished deletion not yet purged.
      if (!(await this.find(document))) return this.create(document);
      throw this.exists(document);
    }
  }

  /** The document with its state settled, or undefined if there is none (or its deletion has finished). */
  async find(address: DocumentAddress): Promise<Doc | undefined> {
    return (await this.load(address))?.document;
  }

  async get(address: DocumentAddress): Promise<Doc> {
    const document = await this.find(address);
    if (!document) throw this.notFound(address);
    return document;
  }

  /**
   * Applies `change` to the current document and stores it with compare-and-set,
   * retrying on a concurrent change. `change` throws an AwsError to refuse.
   */
  async update(address: DocumentAddress, change: (document: Doc) => void): Promise<Doc> {
    return retryOnConflict(async () => {
      const loaded = await this.load(address);
      if (!loaded) throw this.notFound(address);
      change(loaded.document);
      await this.engine.putMeta(this.keyOf(address), loaded.document, loaded.version);
      this.stored(loaded.document);
      return loaded.document;
    }, () => this.contention(address));
  }

  protected async load(address: DocumentAddress): Promise<{ document: Doc; version: number } | undefined> {
    const entry = await this.engine.getMeta<Doc>(this.keyOf(address));
    if (!entry) return undefined;
    const document = this.settle(entry.value);
    if (!document) {
      await this.purge(entry.value, entry.version);
      return undefined;
    }
    return { document, version: entry.version };
  }

  /** Deletes the document of a finished deletion, unless another reader did first. */
  protected async purge(document: Doc, version: number): Promise<void> {
    try {
      await this.engine.deleteMeta(this.keyOf(document), version);
    } catch (error) {
      if (isConflict(error)) return;
      throw error;
    }
    await this.purged(document);
  }
}
