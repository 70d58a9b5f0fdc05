import type { SignRequest, SignResponse } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { signingSchemeOf, signWith, type SigningScheme } from '../domain/asymmetric.js';
import type { KeyDoc } from '../domain/keys.js';
import { algorithmsOf, ensureUsable, ensureUsage, resolveKey, type Kms } from '../kms.js';

/**
 * What Sign and Verify check before any cryptography: a usable SIGN_VERIFY key, an
 * algorithm its spec offers, and with MessageType DIGEST a digest as long as the
 * algorithm's hash. The texts are AWS's, from LocalStack's validated test_sign_verify and
 * test_error_messaging_for_invalid_keys.
 */
export function checkSigning(key: KeyDoc, input: { SigningAlgorithm: string; MessageType?: string; Message: Buffer }, operation: 'Sign' | 'Verify'): { scheme: SigningScheme; isDigest: boolean } {
  ensureUsable(key);
  ensureUsage(key, 'SIGN_VERIFY', operation);
  const scheme = signingSchemeOf(key, input.SigningAlgorithm, algorithmsOf(key).signing);
  const messageType = input.MessageType ?? 'RAW';
  // EXTERNAL_MU belongs to ML-DSA keys, which this server does not make [INF].
  if (messageType === 'EXTERNAL_MU') throw kmsErrors.validation(`MessageType EXTERNAL_MU is not valid for key spec ${key.keySpec}.`);
  const isDigest = messageType === 'DIGEST';
  if (isDigest && input.Message.length !== scheme.digestLength) throw kmsErrors.validation(`Digest is invalid length for algorithm ${input.SigningAlgorithm}.`);
  return { scheme, isDigest };
}

export async function sign(kms: Kms, input: SignRequest, context: RequestContext): Promise<SignResponse> {
  const key = await resolveKey(kms, context.caller, input.KeyId);
  await context.authorize('kms:Sign', key.arn);
  const { scheme, isDigest } = checkSigning(key, input, 'Sign');
  if (input.DryRun) throw kmsErrors.dryRun();
  return { KeyId: key.arn, Signature: signWith(kms.keys, key, scheme, input.Message, isDigest), SigningAlgorithm: input.SigningAlgorithm };
}
