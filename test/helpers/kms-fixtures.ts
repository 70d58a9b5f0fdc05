// What KMS tests share: how a refusal looks to a client (the SDK exception's name and
// message), the ARNs of the test account, and aliases with unique names.
import assert from 'node:assert/strict';
import { CreateAliasCommand, type KMSClient } from '@aws-sdk/client-kms';
import { uniqueName } from './server.js';

/** Awaits a rejection whose `name` and `message` are exactly these. */
export async function rejectsWith(promise: Promise<unknown>, name: string, message: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof Error, `expected an Error, got ${String(error)}`);
    assert.equal(error.name, name);
    assert.equal(error.message, message);
    return true;
  });
}

export const account = '000000000000';
export const region = 'us-east-1';
export const keyArnOf = (keyId: string, inRegion = region) => `arn:aws:kms:${inRegion}:${account}:key/${keyId}`;
export const aliasArnOf = (name: string, inRegion = region) => `arn:aws:kms:${inRegion}:${account}:${name}`;

export const uniqueAlias = (): string => `alias/${uniqueName('test')}`;

/** Creates a fresh alias for the key and returns its name. */
export async function createAliasFor(client: KMSClient, targetKeyId: string): Promise<string> {
  const name = uniqueAlias();
  await client.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: targetKeyId }));
  return name;
}
