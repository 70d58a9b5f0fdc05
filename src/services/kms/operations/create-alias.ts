import type { CreateAliasRequest } from '../../../generated/kms-shapes.js';
import type { Caller, RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { aliasArn, type AliasDoc } from '../domain/aliases.js';
import type { KeyAddress, KeyDoc } from '../domain/keys.js';
import { ensureNotPendingDeletion, resolveKey, type Kms } from '../kms.js';

/**
 * The rules for an alias name a customer manages (aws-wire.md §4.6): it starts with
 * `alias/` (AWS's text), holds no `:` (moto's text [MO]: the model's pattern allows it but
 * AWS documents only letters, digits, `/`, `_` and `-`), and is not under `alias/aws/`,
 * which AWS reserves for its managed keys (NotAuthorizedException as moto and local-kms
 * answer; they send no message, ours says why [INF]).
 */
export function checkCustomerAliasName(name: string): void {
  if (!name.startsWith('alias/')) {
    throw kmsErrors.validation('Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
  }
  if (name.includes(':')) throw kmsErrors.validation(`${name} contains invalid characters for an alias`);
  if (name.startsWith('alias/aws/')) throw kmsErrors.notAuthorized(`The alias prefix alias/aws/ is reserved for AWS managed keys: ${name} cannot be changed by a customer.`);
}

const aliasIdentifier = /^(alias\/|arn:[^:]*:kms:[^:]*:[^:]*:alias\/)/;

/** The key an alias is to point at: a key id or key ARN, never an alias (moto's text [MO]). */
export async function resolveAliasTarget(kms: Kms, caller: Caller, raw: string): Promise<KeyDoc> {
  if (aliasIdentifier.test(raw)) throw kmsErrors.validation('Aliases must refer to keys. Not aliases');
  return resolveKey(kms, caller, raw, 'key-only');
}

/**
 * An alias and its key, or undefined. An alias whose key's deletion window has ended goes
 * with the key: loading the key settles the deletion, which removes the alias.
 */
export async function findLiveAlias(kms: Kms, address: KeyAddress, name: string): Promise<{ alias: AliasDoc; target: KeyDoc } | undefined> {
  const alias = await kms.aliases.find(address, name);
  const target = alias && (await kms.keys.find(address, alias.targetKeyId));
  return alias && target ? { alias, target } : undefined;
}

/** The customer alias DeleteAlias and UpdateAlias act on, with its key; NotFoundException (with the alias ARN) if there is none. */
export async function existingCustomerAlias(kms: Kms, caller: Caller, name: string): Promise<{ address: KeyAddress; arn: string; target: KeyDoc }> {
  const address = { accountId: caller.accountId, region: caller.region };
  checkCustomerAliasName(name);
  const arn = aliasArn(address, name);
  const found = await findLiveAlias(kms, address, name);
  if (!found) throw kmsErrors.aliasNotFound(arn);
  return { address, arn, target: found.target };
}

export async function createAlias(kms: Kms, input: CreateAliasRequest, context: RequestContext): Promise<void> {
  const { caller } = context;
  const address = { accountId: caller.accountId, region: caller.region };
  const name = input.AliasName;
  checkCustomerAliasName(name);
  const arn = aliasArn(address, name);
  // AWS prints the alias ARN, not the name (aws-wire.md §4.6).
  const alreadyExists = () => kmsErrors.alreadyExists(`An alias with the name ${arn} already exists`);
  if (await findLiveAlias(kms, address, name)) throw alreadyExists();
  const key = await resolveAliasTarget(kms, caller, input.TargetKeyId);
  await context.authorize('kms:CreateAlias', arn);
  await context.authorize('kms:CreateAlias', key.arn);
  // Footnote (3) of the key-state table: every state but PendingDeletion (aws-wire.md §4.5).
  ensureNotPendingDeletion(key);
  const now = kms.now();
  const created = await kms.aliases.create({ name, arn, ...address, targetKeyId: key.keyId, createdAt: now, updatedAt: now });
  if (!created) throw alreadyExists();
}
