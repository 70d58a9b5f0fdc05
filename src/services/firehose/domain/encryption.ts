// Server-side encryption of buffered records (aws-wire.md §3.3–3.4), the envelope scheme
// streams use (DESIGN.md), over the shared key material (services/key-material.ts): key
// material from KMS GenerateDataKey under the delivery stream's key, with
// {"aws:firehose:arn": <delivery stream ARN>} as encryption context (the context
// Firehose's grant is constrained to); each generation stored once, encrypted, under
// firehose/key-material/<stream uuid>/<generation id>; each record sealed with its own
// HKDF-derived key (crypto/envelope.ts).
//
// Who asks KMS: a put on a customer CMK asks as the caller (callers need kms:GenerateDataKey
// on the CMK, aws-wire.md §3.4 rule 8); the AWS_OWNED_CMK is used as the service; delivery
// opens records as Firehose itself (its grant), never as a client, so there is one read
// cache per generation rather than one per caller as in Kinesis.
import type { StorageEngine } from '../../../storage/engine.js';
import type { Caller } from '../../context.js';
import { AwsError } from '../../errors.js';
import { KeyMaterial, type MaterialScope, type WriteMaterial } from '../../key-material.js';
import { firehoseErrors } from '../errors.js';
import type { DeliveryStreamDoc, SealingKey } from './delivery-streams.js';
import { encryptionContextOf, firehosePrincipal, serviceCaller, type FirehoseKeys } from './key-access.js';

export { generationIdLength, type WriteMaterial } from '../../key-material.js';

/** Noted beside each stored generation: whose key, the service's (AWS_OWNED_CMK) or the customer's CMK, which says who may open it. */
interface GenerationOwner {
  owner: 'service' | 'customer';
}

/** The read cache of delivery: Firehose is the only reader of what it buffers. */
const deliveryReader = 'firehose';

// InvalidKMSResourceException for the four KMS errors its documentation names, with the
// KMS code in `code` (aws-wire.md §3.4, §4.11); throttling is retryable [INF].
const invalidKmsCodes = new Set(['NotFoundException', 'DisabledException', 'KMSInvalidStateException', 'AccessDeniedException', 'InvalidKeyUsageException', 'IncorrectKeyException', 'UnsupportedOperationException', 'InvalidCiphertextException', 'KMSOptInRequired']);

export function toFirehoseError(error: unknown): unknown {
  if (!(error instanceof AwsError)) return error;
  if (invalidKmsCodes.has(error.code)) return firehoseErrors.invalidKmsResource(error.code, error.message || `KMS answered ${error.code}.`);
  if (error.code === 'ThrottlingException' || error.code === 'KMSThrottlingException' || error.status >= 500) {
    return firehoseErrors.serviceUnavailable('KMS is unavailable or throttling; try again later.');
  }
  return error;
}

/** Firehose acting in the delivery stream's account, as the principal its grants name. */
export function firehoseCaller(stream: DeliveryStreamDoc): Caller {
  return { accountId: stream.accountId, principalArn: firehosePrincipal(stream.region), principalType: 'AWSService', accessKeyId: 'firehose-service', region: stream.region, sourceIp: '127.0.0.1' };
}

const scopeOf = (stream: DeliveryStreamDoc): MaterialScope => ({ uuid: stream.uuid, encryptionContext: encryptionContextOf(stream.arn) });

export class DeliveryStreamEncryption {
  private readonly material: KeyMaterial<GenerationOwner>;

  constructor(engine: StorageEngine, keys: FirehoseKeys, ttlMs: number, now: () => number) {
    this.material = new KeyMaterial({ engine, kms: keys.port, prefix: 'firehose/key-material', ttlMs, now, toServiceError: toFirehoseError, via: 'firehose' });
  }

  /** The material a record put now is sealed with; a new generation when the cached one expired or the key changed. */
  async forWrite(stream: DeliveryStreamDoc, key: SealingKey, caller: Caller): Promise<WriteMaterial> {
    const asService = key.keyType === 'AWS_OWNED_CMK';
    return this.material.forWrite({
      scope: scopeOf(stream),
      keyId: key.keyArn,
      caller: asService ? serviceCaller(stream.region) : caller,
      // A write slot per key (the key's change makes a new slot) and per caller, but one for all callers of the service's key.
      writer: `${key.keyArn}|${asService ? 'service' : caller.principalArn}`,
      reader: deliveryReader,
      note: { owner: asService ? 'service' : 'customer' },
    });
  }

  /** The plaintext material of a generation, opened by Firehose itself for delivery. */
  async forRead(stream: DeliveryStreamDoc, generationId: Buffer): Promise<Buffer> {
    return this.material.forRead({
      scope: scopeOf(stream),
      generationId,
      reader: deliveryReader,
      callerFor: (stored) => (stored.owner === 'service' ? serviceCaller(stream.region) : firehoseCaller(stream)),
      whenGone: () => new AwsError('InvalidKMSResourceException', `The key material of a buffered record of ${stream.name} is gone.`),
    });
  }

  /** Key material of a deleted delivery stream goes with it. */
  async forget(stream: DeliveryStreamDoc): Promise<void> {
    await this.material.forget(stream.uuid);
  }
}
