import type { GetPublicKeyRequest, GetPublicKeyResponse } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { kmsErrors } from '../errors.js';
import { publicKeyDer } from '../domain/asymmetric.js';
import { algorithmsOf, ensureNotPendingDeletion, isSymmetric, resolveKey, type Kms } from '../kms.js';

type Response = Required<GetPublicKeyResponse>;

// The public key as SubjectPublicKeyInfo DER, with what the key may do. AWS answers for a
// disabled key too, whatever its key-state table says (LocalStack's provider notes this
// from AWS); a key pending deletion or import is refused (aws-wire.md §4.5 (3), (5)).
export async function getPublicKey(kms: Kms, input: GetPublicKeyRequest, context: RequestContext): Promise<GetPublicKeyResponse> {
  const key = await resolveKey(kms, context.caller, input.KeyId);
  await context.authorize('kms:GetPublicKey', key.arn);
  ensureNotPendingDeletion(key);
  if (key.state === 'PendingImport') throw kmsErrors.pendingImport(key.arn);
  // A symmetric key has no public key; AWS's text is not recorded [INF].
  if (isSymmetric(key)) throw kmsErrors.unsupported(`${key.arn} key spec is ${key.keySpec}, which has no public key.`);
  const algorithms = algorithmsOf(key);
  return {
    KeyId: key.arn,
    PublicKey: publicKeyDer(key),
    CustomerMasterKeySpec: key.keySpec as Response['CustomerMasterKeySpec'],
    KeySpec: key.keySpec as Response['KeySpec'],
    KeyUsage: key.keyUsage as Response['KeyUsage'],
    ...(algorithms.encryption ? { EncryptionAlgorithms: algorithms.encryption as Response['EncryptionAlgorithms'] } : {}),
    ...(algorithms.signing ? { SigningAlgorithms: algorithms.signing as Response['SigningAlgorithms'] } : {}),
  };
}
