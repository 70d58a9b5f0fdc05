// What Kinesis and Firehose server-side encryption ask of KMS, as the caller (DESIGN.md,
// "Envelope encryption of a stream"): a data key under the stream's CMK, the plaintext of
// a stored data key, and the key's metadata. Two implementations: the built-in key store
// (domain functions, no HTTP) and an external KMS (external.ts, the SDK client).
//
// Failures are AwsErrors with KMS's codes and texts (NotFoundException, DisabledException,
// KMSInvalidStateException, AccessDeniedException, InvalidCiphertextException, ...), which
// the callers translate into their own KMS* exceptions (aws-wire.md §4.11). Anything else
// thrown is an internal fault.
import type { Logger } from 'pino';
import type { KeyMetadata } from '../../generated/kms-shapes.js';
import type { Authorizer, Caller, RequestContext } from '../context.js';
import { decryptBlob } from './domain/symmetric.js';
import { keyMetadata, resolveKey, type Kms } from './kms.js';
import { generateDataKeyUnder } from './operations/generate-data-key.js';

export interface DataKey {
  /** The ARN of the CMK the data key is encrypted under (an alias resolved). */
  keyArn: string;
  /** 32 bytes; in memory only, never stored or logged. */
  plaintext: Buffer;
  /** Self-describing: decrypt() needs nothing else but the encryption context. */
  ciphertextBlob: Buffer;
}

export interface DecryptedDataKey {
  keyArn: string;
  plaintext: Buffer;
}

export interface KmsPort {
  /**
   * An AES-256 data key under `keyId` (any identifier form, aliases included), bound to the
   * encryption context. `via` names the service asking on the caller's behalf (`kinesis`),
   * which key policies see as kms:ViaService.
   */
  generateDataKey(caller: Caller, keyId: string, encryptionContext: Record<string, string>, via: string): Promise<DataKey>;
  /** The plaintext of a blob generateDataKey returned; the encryption context must be the same. */
  decrypt(caller: Caller, ciphertextBlob: Uint8Array, encryptionContext: Record<string, string>, via: string): Promise<DecryptedDataKey>;
  /** A predefined alias such as alias/aws/kinesis creates its AWS-managed key on first use. */
  describeKey(caller: Caller, keyId: string): Promise<KeyMetadata>;
}

/** kms:ViaService as AWS sets it when a service calls KMS for a caller: `kinesis.us-east-1.amazonaws.com`. */
export function viaService(caller: Caller, via: string): Record<string, string> {
  return { 'kms:ViaService': `${via}.${caller.region}.amazonaws.com` };
}

/** kms:EncryptionContext:<key> and kms:EncryptionContextKeys, the condition keys a request's encryption context sets. */
export function encryptionContextConditions(encryptionContext: Record<string, string> | undefined): Record<string, string | string[]> {
  const conditions: Record<string, string | string[]> = {};
  if (!encryptionContext) return conditions;
  for (const [key, value] of Object.entries(encryptionContext)) conditions[`kms:EncryptionContext:${key}`] = value;
  conditions['kms:EncryptionContextKeys'] = Object.keys(encryptionContext);
  return conditions;
}

/**
 * The built-in key store, called directly. Each call runs the same checks as the API
 * operation of the same name (key state, key usage, authorization of the caller), so a
 * stream fails exactly as a GenerateDataKey or Decrypt call by that caller would.
 */
export function createBuiltInKmsPort(options: { kms: Kms; authorizer: Authorizer; log: Logger }): KmsPort {
  const { kms, authorizer } = options;
  const contextOf = (caller: Caller, via: string): RequestContext => ({
    requestId: 'kms-port',
    caller,
    log: options.log,
    authorize: (action, resourceArn, conditions) => authorizer(caller, action, resourceArn, { ...conditions, ...viaService(caller, via) }),
  });
  return {
    async generateDataKey(caller, keyId, encryptionContext, via) {
      const generated = await generateDataKeyUnder(kms, { KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: encryptionContext }, contextOf(caller, via), 'kms:GenerateDataKey');
      return { keyArn: generated.key.arn, plaintext: generated.plaintext, ciphertextBlob: generated.blob };
    },
    async decrypt(caller, ciphertextBlob, encryptionContext, via) {
      const opened = await decryptBlob(kms, caller, Buffer.from(ciphertextBlob.buffer, ciphertextBlob.byteOffset, ciphertextBlob.byteLength), encryptionContext);
      await authorizer(caller, 'kms:Decrypt', opened.key.arn, { ...encryptionContextConditions(encryptionContext), ...viaService(caller, via) });
      return { keyArn: opened.key.arn, plaintext: opened.plaintext };
    },
    async describeKey(caller, keyId) {
      const key = await resolveKey(kms, caller, keyId);
      await authorizer(caller, 'kms:DescribeKey', key.arn);
      return keyMetadata(key);
    },
  };
}
