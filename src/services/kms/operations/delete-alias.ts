import type { DeleteAliasRequest } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import type { Kms } from '../kms.js';
import { existingCustomerAlias } from './create-alias.js';

// Every key state allows it (aws-wire.md §4.5); alias/aws/* belongs to AWS (§4.6).
export async function deleteAlias(kms: Kms, input: DeleteAliasRequest, context: RequestContext): Promise<void> {
  const name = input.AliasName;
  const { address, arn, target } = await existingCustomerAlias(kms, context.caller, name);
  await context.authorize('kms:DeleteAlias', arn);
  await context.authorize('kms:DeleteAlias', target.arn);
  if (!(await kms.aliases.delete(address, name))) throw kmsErrors.aliasNotFound(arn);
}
