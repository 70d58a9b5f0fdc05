// The root of trust: every piece of key material Sealstream stores is sealed under the
// root key. Production passes --root-key-file (32 random bytes, as raw bytes, 64 hex
// digits or base64); without it the first start generates one into the data dir, mode
// 0600, and says in the log what that means. With --in-memory the root key lives only
// in memory, like everything else.
//
// The store remembers which root key it was written under (openRootKey): a start with
// another one stops before anything is read or written under it, since key material
// sealed under two root keys in one store would leave part of it unreadable under either.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { InternalError } from '../internal-error.js';
import { storageErrorCodes, type StorageEngine } from '../storage/engine.js';
import { cryptoErrorCodes, keyLength, open, seal } from './aead.js';

export interface RootKey {
  readonly source: 'file' | 'generated' | 'memory';
  seal(plaintext: Uint8Array, aad: Uint8Array): Buffer;
  open(sealed: Uint8Array, aad: Uint8Array): Buffer;
}

export interface RootKeyOptions {
  file: string | undefined;
  dataDir: string | undefined;
  log: Logger;
  /** Whether a data dir without its generated key file may have one made (not when its store was written under a root key). */
  generate?: boolean;
}

export const generatedRootKeyName = 'root-key';

/** The store's record of its root key: a value sealed under it, which only that key opens. */
const checkMetaKey = 'crypto/root-key-check';
const checkAad = Buffer.from('sealstream root key check', 'utf8');

/**
 * The root key for `engine`'s store, checked against it: a store that has been started once
 * holds a value sealed under its root key, and a key that does not open it stops the start
 * (CRYPTO_ROOT_KEY_MISMATCH), as does a generated key file gone missing from a data dir
 * whose store was written (CRYPTO_ROOT_KEY_MISSING: a new key would not open it either).
 * The first start of an empty store records the check; nothing else is written either way.
 * A store written before stores had a check gets none: recording one at its next start
 * would bind it to whatever key that start was given, right or wrong, so it keeps being
 * checked where its material is used.
 */
export async function openRootKey(engine: StorageEngine, options: RootKeyOptions): Promise<RootKey> {
  const check = await engine.getMeta<{ sealed: string }>(checkMetaKey);
  const rootKey = loadRootKey({ ...options, generate: !check });
  if (check) {
    rootKey.open(Buffer.from(check.value.sealed, 'base64'), checkAad);
    return rootKey;
  }
  if ((await engine.listMeta('', { limit: 1 })).length > 0) {
    options.log.info('this data dir was written before stores kept a check of their root key: a wrong root key is noticed where key material is used, not at start');
    return rootKey;
  }
  try {
    await engine.putMeta(checkMetaKey, { sealed: rootKey.seal(Buffer.alloc(0), checkAad).toString('base64') }, null);
  } catch (error) {
    // Another process recorded its key meanwhile: this one must match it.
    if ((error as { code?: string }).code !== storageErrorCodes.conflict) throw error;
    return openRootKey(engine, options);
  }
  return rootKey;
}

export function loadRootKey(options: RootKeyOptions): RootKey {
  if (options.file) return fromBytes(readKeyFile(options.file, options.log), 'file');
  if (!options.dataDir) return fromBytes(randomBytes(keyLength), 'memory');
  const path = join(options.dataDir, generatedRootKeyName);
  if (!existsSync(path)) {
    if (options.generate === false) {
      throw new InternalError(
        'CRYPTO_ROOT_KEY_MISSING',
        `the root key file ${path} is missing, and the data dir's store was written under a root key: restore the file, or pass the key with --root-key-file; a new key would not open the store`,
      );
    }
    // 'wx': never overwrite a key another process just wrote.
    writeFileSync(path, randomBytes(keyLength).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    options.log.warn(
      { rootKeyFile: path },
      'generated a root key in the data dir: anyone who can read both this file and the data dir can decrypt every key; ' +
        'for production keep the root key apart from the data (--root-key-file)',
    );
  }
  return fromBytes(readKeyFile(path, options.log), 'generated');
}

function readKeyFile(path: string, log: Logger): Buffer {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (error) {
    throw new InternalError('CRYPTO_ROOT_KEY', `cannot read the root key file ${path}`, { cause: error });
  }
  if ((statSync(path).mode & 0o077) !== 0) log.warn({ rootKeyFile: path }, 'the root key file can be read by other users; chmod 600 it');
  const text = raw.toString('utf8').trim();
  let key: Buffer;
  if (raw.length === keyLength) key = raw;
  else if (/^[0-9a-fA-F]{64}$/.test(text)) key = Buffer.from(text, 'hex');
  else if (/^[A-Za-z0-9+/]{43}=$/.test(text)) key = Buffer.from(text, 'base64');
  else throw new InternalError('CRYPTO_ROOT_KEY', `the root key file ${path} must hold 32 bytes: raw, 64 hex digits or base64`);
  return key;
}

function fromBytes(key: Buffer, source: RootKey['source']): RootKey {
  return {
    source,
    seal: (plaintext, aad) => seal(key, plaintext, aad),
    open: (sealed, aad) => {
      try {
        return open(key, sealed, aad);
      } catch (error) {
        // Said plainly in the log (the client sees only KMSInternalException): the usual
        // cause is a data dir started with another root key than the one that wrote it.
        if (error instanceof InternalError && error.code === cryptoErrorCodes.integrity) {
          throw new InternalError(
            'CRYPTO_ROOT_KEY_MISMATCH',
            'stored key material does not open under this root key: the data dir was written with another root key (check --root-key-file), or the store was altered',
            { cause: error },
          );
        }
        throw error;
      }
    },
  };
}
