// The local S3 store: an S3 destination's objects are files at
// <s3 dir>/<bucket>/<key> (by default <data-dir>/s3/...). An object appears whole or not
// at all: it is written to a temporary file beside its place, flushed to disk, then
// renamed over its key, so a crash never leaves half an object and writing the same key
// again (a batch delivered again after a crash) replaces it.
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { InternalError } from '../../errors.js';

const bucketPattern = /^arn:[^:]*:s3:::([\w.-]{1,255})$/;

export function bucketOf(bucketArn: string): string {
  const match = bucketPattern.exec(bucketArn);
  if (!match) throw new InternalError('FIREHOSE_BUCKET_ARN', `not a bucket ARN: ${bucketArn}`);
  return match[1]!;
}

export class S3Store {
  constructor(readonly root: string) {}

  /** Where an object lives; keys that would leave the bucket's directory (.., absolute parts) are refused. */
  pathOf(bucket: string, key: string): string {
    const bucketDir = resolve(this.root, bucket);
    const path = resolve(bucketDir, ...key.split('/').filter((part) => part !== ''));
    if (!path.startsWith(bucketDir + sep) || key.endsWith('/')) throw new InternalError('FIREHOSE_OBJECT_KEY', `object key ${JSON.stringify(key)} does not name a file in bucket ${bucket}`);
    return path;
  }

  async putObject(bucket: string, key: string, body: Buffer): Promise<string> {
    const path = this.pathOf(bucket, key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = join(dirname(path), `.${randomUUID()}.partial`);
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(body);
      await file.sync();
    } catch (error) {
      await file.close();
      await rm(temporary, { force: true });
      throw error;
    }
    await file.close();
    await rename(temporary, path);
    // The rename itself is made durable by flushing the directory.
    const directory = await open(dirname(path), 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
    return path;
  }
}
