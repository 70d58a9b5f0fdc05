// Aliases: one metadata document per alias name, pointing at a bare key id
// (aws-wire.md §4.6).
import type { StorageEngine } from '../../../storage/engine.js';
import { isConflict, retryOnConflict } from '../../compare-and-set.js';
import { InternalError } from '../../../internal-error.js';
import type { KeyAddress } from './keys.js';

export interface AliasDoc {
  /** With its `alias/` prefix. */
  name: string;
  arn: string;
  accountId: string;
  region: string;
  targetKeyId: string;
  createdAt: number;
  updatedAt: number;
}

export function aliasArn(address: KeyAddress, name: string): string {
  return `arn:aws:kms:${address.region}:${address.accountId}:${name}`;
}

const aliasKey = (address: KeyAddress, name: string) => `kms/alias/${address.accountId}/${address.region}/${name}`;

export class AliasStore {
  constructor(private readonly engine: StorageEngine) {}

  async find(address: KeyAddress, name: string): Promise<AliasDoc | undefined> {
    return (await this.engine.getMeta<AliasDoc>(aliasKey(address, name)))?.value;
  }

  /** False when the name is taken. */
  async create(alias: AliasDoc): Promise<boolean> {
    try {
      await this.engine.putMeta(aliasKey(alias, alias.name), alias, null);
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
  }

  /** Repoints an alias; false when it does not exist. */
  async retarget(address: KeyAddress, name: string, targetKeyId: string, now: number): Promise<boolean> {
    return retryOnConflict(async () => {
      const entry = await this.engine.getMeta<AliasDoc>(aliasKey(address, name));
      if (!entry) return false;
      await this.engine.putMeta(aliasKey(address, name), { ...entry.value, targetKeyId, updatedAt: now }, entry.version);
      return true;
    }, () => new InternalError('KMS_CONTENTION', `alias ${name} changed too often to update`));
  }

  /** False when it does not exist. */
  async delete(address: KeyAddress, name: string): Promise<boolean> {
    const entry = await this.engine.getMeta<AliasDoc>(aliasKey(address, name));
    if (!entry) return false;
    try {
      await this.engine.deleteMeta(aliasKey(address, name), entry.version);
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
    return true;
  }

  async list(address: KeyAddress): Promise<AliasDoc[]> {
    return (await this.engine.listMeta<AliasDoc>(`kms/alias/${address.accountId}/${address.region}/`)).map((entry) => entry.value);
  }

  async deleteForKey(address: KeyAddress, keyId: string): Promise<void> {
    for (const alias of await this.list(address)) {
      if (alias.targetKeyId === keyId) await this.delete(address, alias.name);
    }
  }
}
