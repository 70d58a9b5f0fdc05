// Builds the built-in KMS over a storage engine and the root key.
import type { RootKey } from '../../crypto/root-key.js';
import type { StorageEngine } from '../../storage/engine.js';
import { AliasStore } from './domain/aliases.js';
import { GrantStore } from './domain/grants.js';
import { KeyStore } from './domain/keys.js';
import type { Kms } from './kms.js';
import { PolicyEpoch } from '../policy-epoch.js';

export function createKms(options: { engine: StorageEngine; rootKey: RootKey; now?: () => number; policyEpoch?: PolicyEpoch }): Kms {
  const now = options.now ?? Date.now;
  const policyEpoch = options.policyEpoch ?? new PolicyEpoch();
  const aliases = new AliasStore(options.engine);
  const keys = new KeyStore(options.engine, options.rootKey, now, async (key) => {
    await aliases.deleteForKey(key, key.keyId);
    await new GrantStore(options.engine, policyEpoch).deleteForKey(key, key.keyId);
  });
  return { engine: options.engine, keys, aliases, now, policyEpoch };
}
