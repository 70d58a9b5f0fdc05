// KMS keys: one metadata document per key, changed only by compare-and-set, with its key
// material sealed under the root key (never stored in clear). Deletion and automatic
// rotation are settled when a key is loaded, so a restart neither loses nor repeats them.
import { randomBytes, randomUUID } from 'node:crypto';
import type { RootKey } from '../../../crypto/root-key.js';
import type { StorageEngine } from '../../../storage/engine.js';
import { isConflict, retryOnConflict } from '../../compare-and-set.js';
import { InternalError } from '../../../internal-error.js';

export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport';

export interface KeyMaterial {
  /** 64 hex digits, as AWS's KeyMaterialId. */
  id: string;
  /** The material sealed under the root key, base64; the AAD names the key and the material. */
  sealed: string;
  createdAt: number;
}

export interface AsymmetricMaterial {
  /** PKCS#8 DER private key sealed under the root key, base64. */
  sealedPrivateKey: string;
  /** SubjectPublicKeyInfo DER, base64. */
  publicKey: string;
}

export interface KeyDoc {
  keyId: string;
  arn: string;
  accountId: string;
  region: string;
  createdAt: number;
  description: string;
  keyUsage: string;
  keySpec: string;
  origin: string;
  manager: 'CUSTOMER' | 'AWS';
  state: KeyState;
  deletionDate?: number;
  pendingWindowDays?: number;
  policy: string;
  tags: Array<{ TagKey: string; TagValue: string }>;
  /** onDemandCount: RotateKeyOnDemand calls so far, which AWS limits per key. */
  rotation: { enabled: boolean; periodDays: number; nextRotation?: number; onDemandAt?: number; onDemandCount?: number };
  /** Symmetric keys: every version, the current one last. */
  materials: KeyMaterial[];
  asymmetric?: AsymmetricMaterial;
}

export interface KeyAddress {
  accountId: string;
  region: string;
}

export const dayMs = 86_400_000;

export function keyArn(address: KeyAddress, keyId: string): string {
  return `arn:aws:kms:${address.region}:${address.accountId}:key/${keyId}`;
}

const keyKey = (address: KeyAddress, keyId: string) => `kms/key/${address.accountId}/${address.region}/${keyId}`;

export class KeyStore {
  constructor(
    private readonly engine: StorageEngine,
    private readonly rootKey: RootKey,
    private readonly now: () => number,
    /** Called after a key whose deletion window ended is removed (its aliases and grants go with it). */
    private readonly onDeleted: (key: KeyDoc) => Promise<void> = async () => {},
  ) {}

  newKeyId(): string {
    return randomUUID();
  }

  /** Fresh 256-bit material, sealed under the root key. */
  newMaterial(arn: string): KeyMaterial {
    const id = randomBytes(32).toString('hex');
    const plaintext = randomBytes(32);
    return { id, sealed: this.rootKey.seal(plaintext, materialAad(arn, id)).toString('base64'), createdAt: this.now() };
  }

  /** The plaintext of one material version: in memory only, never stored or logged. */
  openMaterial(key: KeyDoc, material: KeyMaterial): Buffer {
    return this.rootKey.open(Buffer.from(material.sealed, 'base64'), materialAad(key.arn, material.id));
  }

  sealPrivateKey(arn: string, privateKeyDer: Buffer): string {
    return this.rootKey.seal(privateKeyDer, Buffer.from(`${arn}#private`)).toString('base64');
  }

  openPrivateKey(key: KeyDoc): Buffer {
    if (!key.asymmetric) throw new InternalError('KMS_NOT_ASYMMETRIC', `${key.arn} has no private key`);
    return this.rootKey.open(Buffer.from(key.asymmetric.sealedPrivateKey, 'base64'), Buffer.from(`${key.arn}#private`));
  }

  async create(key: KeyDoc): Promise<void> {
    await this.engine.putMeta(keyKey(key, key.keyId), key, null);
  }

  /** The key, settled; undefined if there is none or its deletion window has ended. */
  async find(address: KeyAddress, keyId: string): Promise<KeyDoc | undefined> {
    return (await this.load(address, keyId))?.key;
  }

  private async load(address: KeyAddress, keyId: string): Promise<{ key: KeyDoc; version: number } | undefined> {
    const entry = await this.engine.getMeta<KeyDoc>(keyKey(address, keyId));
    if (!entry) return undefined;
    return this.settle(entry.value, entry.version);
  }

  /** Applies `change` with compare-and-set, retrying on concurrent changes; undefined if the key is gone. */
  async update(address: KeyAddress, keyId: string, change: (key: KeyDoc) => void): Promise<KeyDoc | undefined> {
    return retryOnConflict(async () => {
      const loaded = await this.load(address, keyId);
      if (!loaded) return undefined;
      const { key, version } = loaded;
      change(key);
      await this.engine.putMeta(keyKey(address, keyId), key, version);
      return key;
    }, () => new InternalError('KMS_CONTENTION', `key ${keyId} changed too often to update`));
  }

  /** Removes a key no alias or grant refers to (the loser of a race to create an AWS-managed key); false if it is gone. */
  async delete(address: KeyAddress, keyId: string): Promise<boolean> {
    const entry = await this.engine.getMeta<KeyDoc>(keyKey(address, keyId));
    if (!entry) return false;
    await this.engine.deleteMeta(keyKey(address, keyId), entry.version);
    return true;
  }

  async list(address: KeyAddress): Promise<KeyDoc[]> {
    const entries = await this.engine.listMeta<KeyDoc>(`kms/key/${address.accountId}/${address.region}/`);
    const keys: KeyDoc[] = [];
    for (const entry of entries) {
      const settled = await this.settle(entry.value, entry.version);
      if (settled) keys.push(settled.key);
    }
    return keys;
  }

  /**
   * Ends a deletion window that has passed (the key is really deleted) and adds the
   * material of an automatic rotation that has come due.
   */
  private async settle(key: KeyDoc, version: number): Promise<{ key: KeyDoc; version: number } | undefined> {
    const now = this.now();
    if (key.state === 'PendingDeletion' && key.deletionDate !== undefined && now >= key.deletionDate) {
      try {
        await this.engine.deleteMeta(keyKey(key, key.keyId), version);
      } catch (error) {
        if (!isConflict(error)) throw error;
        return this.load(key, key.keyId);
      }
      await this.onDeleted(key);
      return undefined;
    }
    if (key.rotation.enabled && key.state === 'Enabled' && key.rotation.nextRotation !== undefined && now >= key.rotation.nextRotation) {
      key.materials.push(this.newMaterial(key.arn));
      key.rotation.nextRotation = now + key.rotation.periodDays * dayMs;
      try {
        version = await this.engine.putMeta(keyKey(key, key.keyId), key, version);
      } catch (error) {
        if (!isConflict(error)) throw error;
        return this.load(key, key.keyId);
      }
    }
    return { key, version };
  }
}

function materialAad(arn: string, materialId: string): Buffer {
  return Buffer.from(`${arn}#${materialId}`, 'utf8');
}
