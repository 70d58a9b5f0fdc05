import type { VerifyRequest, VerifyResponse } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { verifyWith } from '../domain/asymmetric.js';
import { resolveKey, type Kms } from '../kms.js';
import { checkSigning } from './sign.js';

// A signature that does not verify is KMSInvalidSignatureException without a message
// (aws-wire.md §0.3); one that does answers SignatureValid true.
export async function verify(kms: Kms, input: VerifyRequest, context: RequestContext): Promise<VerifyResponse> {
  const key = await resolveKey(kms, context.caller, input.KeyId);
  await context.authorize('kms:Verify', key.arn);
  const { scheme, isDigest } = checkSigning(key, input, 'Verify');
  if (input.DryRun) throw kmsErrors.dryRun();
  if (!verifyWith(key, scheme, input.Message, input.Signature, isDigest)) throw kmsErrors.invalidSignature();
  return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm };
}
