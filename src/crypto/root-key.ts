// The root of trust: every piece of key material Sealstream stores is sealed under the
// root key. Production passes --root-key-file (32 random bytes, as raw bytes, 64 hex
// digits or base64); without it the first start generates one into the data dir, mode
// 0600, and says in the log what that means. With --in-memory the root key lives only
// in memory, like everything else.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { InternalError } from '../internal-error.js';
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
}

export const generatedRootKeyName = 'root-key';

export function loadRootKey(options: RootKeyOptions): RootKey {
  if (options.file) return fromBytes(readKeyFile(options.file, options.log), 'file');
  if (!options.dataDir) return fromBytes(randomBytes(keyLength), 'memory');
  const path = join(options.dataDir, generatedRootKeyName);
  if (!existsSync(path)) {
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
