// Server-side encryption of a stream's records (DESIGN.md, "Envelope encryption of a
// stream"; aws-wire.md §2.5–2.7), over the shared key material (services/key-material.ts)
// stored under kinesis/key-material/<stream uuid>/<generation id>. Key material comes from
// KMS GenerateDataKey on the stream's CMK, acting as the caller, with the stream ARN as
// encryption context. Caches are per caller principal, for writes and reads alike, as
// AWS's are per credential, so material one principal obtained never serves another.
import type { StorageEngine } from '../../../storage/engine.js';
import type { Authorizer, Caller } from '../../context.js';
import { AwsError } from '../../errors.js';
import { KeyMaterial, type MaterialScope, type WriteMaterial, type WriteRequest } from '../../key-material.js';
import { encryptionContextConditions, viaService, type KmsPort } from '../../kms/port.js';
import type { StreamDoc } from './streams.js';

export { generationIdLength, type WriteMaterial } from '../../key-material.js';

export function encryptionContextOf(stream: StreamDoc): Record<string, string> {
  return { 'aws:kinesis:arn': stream.arn };
}

// KMS's answers become the Kinesis KMS* exceptions with KMS's own text (aws-wire.md §2.6).
const kmsToKinesis: Record<string, string> = {
  NotFoundException: 'KMSNotFoundException',
  DisabledException: 'KMSDisabledException',
  KMSInvalidStateException: 'KMSInvalidStateException',
  AccessDeniedException: 'KMSAccessDeniedException',
  ThrottlingException: 'KMSThrottlingException',
  KMSOptInRequired: 'KMSOptInRequired',
  // Kinesis SSE takes only symmetric encryption keys; AWS's wording for the others is unrecorded [INF].
  InvalidKeyUsageException: 'InvalidArgumentException',
  UnsupportedOperationException: 'InvalidArgumentException',
};

export function toKinesisError(error: unknown): unknown {
  if (!(error instanceof AwsError)) return error;
  const code = kmsToKinesis[error.code];
  if (code) return new AwsError(code, error.message);
  // A stored data key KMS no longer opens: the stream's records under it are unreadable.
  if (error.code === 'InvalidCiphertextException') return new AwsError('KMSInvalidStateException', 'The stored key material of this stream can no longer be decrypted.');
  if (error.status >= 500) return new AwsError('InternalFailure', '', { status: 500, messageKey: 'none' });
  return error;
}

const scopeOf = (stream: StreamDoc): MaterialScope => ({ uuid: stream.uuid, encryptionContext: encryptionContextOf(stream) });

// One write slot per stream and caller whatever the key: a generation made under the
// stream's previous key is replaced, not kept beside the new one.
const writeRequest = (stream: StreamDoc, keyId: string, caller: Caller): WriteRequest<object> => ({
  scope: scopeOf(stream),
  keyId,
  caller,
  writer: caller.principalArn,
  reader: caller.principalArn,
  note: {},
});

export class StreamEncryption {
  private readonly material: KeyMaterial<object>;

  constructor(engine: StorageEngine, kms: KmsPort, ttlMs: number, now: () => number, authorizer: Authorizer) {
    this.material = new KeyMaterial({
      engine,
      kms,
      prefix: 'kinesis/key-material',
      ttlMs,
      now,
      toServiceError: toKinesisError,
      via: 'kinesis',
      // The same question KMS asks when Kinesis calls it for this caller (port.ts): the
      // caller's permission on the CMK, through Kinesis, for this stream's context.
      permit: (caller, action, keyArn, scope) =>
        authorizer(caller, action, keyArn, { ...encryptionContextConditions(scope.encryptionContext), ...viaService(caller, 'kinesis') }),
    });
  }

  /** Deletes a deleted stream's stored generations: its records are gone, so are their keys. */
  async forget(stream: StreamDoc): Promise<void> {
    await this.material.forget(stream.uuid);
  }

  /** The material new records of an encrypted stream are sealed with; a new generation when the cached one expired or the key changed. */
  async forWrite(stream: StreamDoc, caller: Caller): Promise<WriteMaterial> {
    return this.material.forWrite(writeRequest(stream, stream.keyId!, caller));
  }

  /** The plaintext material of a generation, for reading the records that name it; at once when KeyMaterial has it at hand. */
  forRead(stream: StreamDoc, generationId: Buffer, caller: Caller): Buffer | Promise<Buffer> {
    // A reader without kms:Decrypt hears it in Kinesis's words (aws-wire.md §2.6).
    const inKinesisWords = (error: unknown): never => {
      if (error instanceof AwsError && error.code === 'KMSAccessDeniedException') {
        throw new AwsError('KMSAccessDeniedException', `User ${caller.principalArn} is not authorized to decrypt records in stream ${stream.name}`);
      }
      throw error;
    };
    let material: Buffer | Promise<Buffer>;
    try {
      material = this.material.forRead({
        scope: scopeOf(stream),
        generationId,
        reader: caller.principalArn,
        caller,
        callerFor: () => caller,
        whenGone: () => new AwsError('KMSNotFoundException', `The key material of a record in stream ${stream.name} under account ${stream.accountId} is gone.`),
      });
    } catch (error) {
      return inKinesisWords(error);
    }
    return material instanceof Promise ? material.catch(inKinesisWords) : material;
  }

  /** Checks at once that the caller may use the key for this stream (StartStreamEncryption), and keeps what it got. */
  async start(stream: StreamDoc, keyId: string, caller: Caller): Promise<void> {
    await this.material.generate(writeRequest(stream, keyId, caller));
  }
}
