import type { DeleteAliasRequest } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { aliasArn } from '../domain/aliases.js';
import type { Kms } from '../kms.js';
import { checkCustomerAliasName, findLiveAlias } from './create-alias.js';

// Every key state allows it (aws-wire.md §4.5); alias/aws/* belongs to AWS (§4.6).
export async function deleteAlias(kms: Kms, input: DeleteAliasRequest, context: RequestContext): Promise<void> {
  const { caller } = context;
  const address = { accountId: caller.accountId, region: caller.region };
  const name = input.AliasName;
  checkCustomerAliasName(name);
  const arn = aliasArn(address, name);
  const found = await findLiveAlias(kms, address, name);
  if (!found) throw kmsErrors.aliasNotFound(arn);
  await context.authorize('kms:DeleteAlias', arn);
  await context.authorize('kms:DeleteAlias', found.target.arn);
  if (!(await kms.aliases.delete(address, name))) throw kmsErrors.aliasNotFound(arn);
}
