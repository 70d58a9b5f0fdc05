// The account root's credentials for --auth strict (issue 8): given with
// --root-credentials-file, or made on the first strict start and written, mode 0600, in
// the shape the AWS CLI's credential_process prints, so the same file serves the CLI:
//   {"Version": 1, "AccessKeyId": "AKIA…", "SecretAccessKey": "…"}
// Only the file's path is ever logged.
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { InternalError } from '../../internal-error.js';
import type { RootCredentials } from './credential-store.js';
import { accessKeyId, secretAccessKey } from './ids.js';

export interface RootCredentialsFile extends RootCredentials {
  /** Where they were read from or written to. */
  path: string;
}

export const generatedRootCredentialsName = 'root-credentials.json';

export function loadRootCredentials(options: { file: string | undefined; dataDir: string | undefined; log: Logger }): RootCredentialsFile {
  if (options.file) return readCredentialsFile(options.file, options.log);
  // --in-memory: the credentials still have to reach the operator, so they go to a fresh temporary directory.
  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sealstream-credentials-'));
  const path = join(dir, generatedRootCredentialsName);
  if (!existsSync(path)) {
    const document = { Version: 1, AccessKeyId: accessKeyId('AKIA'), SecretAccessKey: secretAccessKey() };
    // 'wx': never overwrite credentials another process just wrote.
    writeFileSync(path, JSON.stringify(document, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    options.log.warn(
      { rootCredentialsFile: path },
      'generated the account root credentials: use them as a credential_process source or copy them into an AWS profile, and create IAM users for everyone else',
    );
  }
  return readCredentialsFile(path, options.log);
}

function readCredentialsFile(path: string, log: Logger): RootCredentialsFile {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InternalError('IAM_ROOT_CREDENTIALS', `cannot read the root credentials file ${path}: ${(error as Error).message}`);
  }
  const { Version, AccessKeyId, SecretAccessKey } = (document ?? {}) as Record<string, unknown>;
  if (Version !== 1 || typeof AccessKeyId !== 'string' || typeof SecretAccessKey !== 'string') {
    throw new InternalError('IAM_ROOT_CREDENTIALS', `the root credentials file ${path} must be JSON {"Version": 1, "AccessKeyId": "…", "SecretAccessKey": "…"}`);
  }
  if (!/^[A-Z0-9]{16,128}$/.test(AccessKeyId)) throw new InternalError('IAM_ROOT_CREDENTIALS', `the root credentials file ${path}: AccessKeyId must be 16 to 128 capital letters and digits`);
  if (SecretAccessKey.length < 16) throw new InternalError('IAM_ROOT_CREDENTIALS', `the root credentials file ${path}: SecretAccessKey is too short`);
  if ((statSync(path).mode & 0o077) !== 0) log.warn({ rootCredentialsFile: path }, 'the root credentials file can be read by other users; chmod 600 it');
  return { accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey, path };
}
