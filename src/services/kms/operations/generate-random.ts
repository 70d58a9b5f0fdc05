import { randomBytes } from 'node:crypto';
import type { GenerateRandomRequest, GenerateRandomResponse } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import type { Kms } from '../kms.js';

// NumberOfBytes 1–1024 is checked by the model; the model leaves it optional but AWS
// requires it (LocalStack's text [LS]).
export async function generateRandom(_kms: Kms, input: GenerateRandomRequest, context: RequestContext): Promise<GenerateRandomResponse> {
  if (input.NumberOfBytes === undefined) throw kmsErrors.validation('NumberOfBytes is required.');
  if (input.CustomKeyStoreId !== undefined) throw kmsErrors.unsupported('Custom key stores are not supported by this server.');
  if (input.Recipient !== undefined) throw kmsErrors.unsupported('Recipient (Nitro Enclaves attestation) is not supported by this server.');
  await context.authorize('kms:GenerateRandom', '*');
  return { Plaintext: randomBytes(input.NumberOfBytes) };
}
