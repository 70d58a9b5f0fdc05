// KMS's error catalog, with AWS's texts (aws-wire.md §4.3, §4.5, §4.9).
import { AwsError } from '../errors.js';

export const kmsErrors = {
  notFound: (message: string) => new AwsError('NotFoundException', message),
  keyNotFound: (keyArn: string) => new AwsError('NotFoundException', `Key '${keyArn}' does not exist`),
  aliasNotFound: (aliasArn: string) => new AwsError('NotFoundException', `Alias ${aliasArn} is not found.`),
  invalidKeyId: (raw: string) => new AwsError('NotFoundException', `Invalid keyId '${raw}'`),
  invalidArnRegion: (region: string) => new AwsError('NotFoundException', `Invalid arn ${region}`),
  // Footnotes (1)–(6) of the key-state table (aws-wire.md §4.5).
  disabled: (keyArn: string) => new AwsError('DisabledException', `${keyArn} is disabled.`),
  pendingDeletion: (keyArn: string) => new AwsError('KMSInvalidStateException', `${keyArn} is pending deletion.`),
  notPendingDeletion: (keyArn: string) => new AwsError('KMSInvalidStateException', `${keyArn} is not pending deletion.`),
  pendingImport: (keyArn: string) => new AwsError('KMSInvalidStateException', `${keyArn} is pending import.`),
  unsupportedOrigin: (keyArn: string, origin: string) =>
    new AwsError('UnsupportedOperationException', `${keyArn} origin is ${origin} which is not valid for this operation.`),
  unsupported: (message: string) => new AwsError('UnsupportedOperationException', message),
  // InvalidCiphertextException carries no message at all (aws-wire.md §4.9).
  invalidCiphertext: () => new AwsError('InvalidCiphertextException', '', { messageKey: 'none' }),
  incorrectKey: () => new AwsError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.'),
  invalidKeyUsage: (keyArn: string, usage: string, operation: string) =>
    new AwsError('InvalidKeyUsageException', `${keyArn} key usage is ${usage} which is not valid for ${operation}.`),
  // Real AWS, seen by users encrypting with an RSA key and no EncryptionAlgorithm
  // (zalando/spring-cloud-config-aws-kms#82, jkroepke/helm-secrets#395); LocalStack's
  // validated HMAC snapshots use the same wording.
  incompatibleAlgorithm: (algorithm: string, keySpec: string) =>
    new AwsError('InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec ${keySpec}.`),
  // Like InvalidCiphertextException, Verify's failure carries no message (aws-wire.md §0.3).
  invalidSignature: () => new AwsError('KMSInvalidSignatureException', '', { messageKey: 'none' }),
  validation: (message: string) => new AwsError('ValidationException', message),
  alreadyExists: (message: string) => new AwsError('AlreadyExistsException', message),
  invalidAliasName: (message: string) => new AwsError('InvalidAliasNameException', message),
  notAuthorized: (message: string) => new AwsError('NotAuthorizedException', message),
  invalidMarker: () => new AwsError('InvalidMarkerException', 'Invalid marker'),
  invalidGrantId: (message: string) => new AwsError('InvalidGrantIdException', message),
  invalidGrantToken: (message: string) => new AwsError('InvalidGrantTokenException', message),
  malformedPolicy: (message: string) => new AwsError('MalformedPolicyDocumentException', message),
  tag: (message: string) => new AwsError('TagException', message),
  limitExceeded: (message: string) => new AwsError('LimitExceededException', message),
  dryRun: () => new AwsError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.'),
};
