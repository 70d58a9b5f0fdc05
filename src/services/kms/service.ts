// KMS: the table of operations the built-in key service answers. Each lives in
// operations/<operation>.ts.
import { bindOperations, type ServiceDefinition, type ServiceOperation } from '../context.js';
import type { Kms } from './kms.js';
import { createKey } from './operations/create-key.js';
import { decrypt } from './operations/decrypt.js';
import { describeKey } from './operations/describe-key.js';
import { encrypt } from './operations/encrypt.js';
import { generateDataKey } from './operations/generate-data-key.js';
import { generateDataKeyWithoutPlaintext } from './operations/generate-data-key-without-plaintext.js';
import { cancelKeyDeletion } from './operations/cancel-key-deletion.js';
import { createAlias } from './operations/create-alias.js';
import { deleteAlias } from './operations/delete-alias.js';
import { disableKey } from './operations/disable-key.js';
import { enableKey } from './operations/enable-key.js';
import { generateRandom } from './operations/generate-random.js';
import { listAliases } from './operations/list-aliases.js';
import { listKeys } from './operations/list-keys.js';
import { listResourceTags } from './operations/list-resource-tags.js';
import { reEncrypt } from './operations/re-encrypt.js';
import { scheduleKeyDeletion } from './operations/schedule-key-deletion.js';
import { tagResource } from './operations/tag-resource.js';
import { untagResource } from './operations/untag-resource.js';
import { updateAlias } from './operations/update-alias.js';
import { updateKeyDescription } from './operations/update-key-description.js';
import { createGrant } from './operations/create-grant.js';
import { disableKeyRotation } from './operations/disable-key-rotation.js';
import { enableKeyRotation } from './operations/enable-key-rotation.js';
import { getKeyPolicy } from './operations/get-key-policy.js';
import { getKeyRotationStatus } from './operations/get-key-rotation-status.js';
import { getPublicKey } from './operations/get-public-key.js';
import { listGrants } from './operations/list-grants.js';
import { listKeyPolicies } from './operations/list-key-policies.js';
import { listRetirableGrants } from './operations/list-retirable-grants.js';
import { putKeyPolicy } from './operations/put-key-policy.js';
import { retireGrant } from './operations/retire-grant.js';
import { revokeGrant } from './operations/revoke-grant.js';
import { rotateKeyOnDemand } from './operations/rotate-key-on-demand.js';
import { sign } from './operations/sign.js';
import { verify } from './operations/verify.js';

type Operation = ServiceOperation<Kms>;

const operations: Record<string, Operation> = {
  CreateKey: createKey,
  Decrypt: decrypt,
  DescribeKey: describeKey,
  Encrypt: encrypt,
  GenerateDataKey: generateDataKey,
  GenerateDataKeyWithoutPlaintext: generateDataKeyWithoutPlaintext,
  CancelKeyDeletion: cancelKeyDeletion,
  CreateAlias: createAlias,
  DeleteAlias: deleteAlias,
  DisableKey: disableKey,
  EnableKey: enableKey,
  GenerateRandom: generateRandom,
  ListAliases: listAliases,
  ListKeys: listKeys,
  ListResourceTags: listResourceTags,
  ReEncrypt: reEncrypt,
  ScheduleKeyDeletion: scheduleKeyDeletion,
  TagResource: tagResource,
  UntagResource: untagResource,
  UpdateAlias: updateAlias,
  UpdateKeyDescription: updateKeyDescription,
  CreateGrant: createGrant,
  DisableKeyRotation: disableKeyRotation,
  EnableKeyRotation: enableKeyRotation,
  GetKeyPolicy: getKeyPolicy,
  GetKeyRotationStatus: getKeyRotationStatus,
  GetPublicKey: getPublicKey,
  ListGrants: listGrants,
  ListKeyPolicies: listKeyPolicies,
  ListRetirableGrants: listRetirableGrants,
  PutKeyPolicy: putKeyPolicy,
  RetireGrant: retireGrant,
  RevokeGrant: revokeGrant,
  RotateKeyOnDemand: rotateKeyOnDemand,
  Sign: sign,
  Verify: verify,
};

/** Every operation the built-in KMS answers: the external mode forwards exactly these. */
export const kmsOperationNames = (): string[] => Object.keys(operations);

export function createKmsService(kms: Kms): ServiceDefinition {
  return { name: 'kms', operations: bindOperations(kms, operations) };
}
