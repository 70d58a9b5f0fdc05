// Delivery-stream metadata: one JSON document per delivery stream, changed only by
// compare-and-set, as Kinesis's stream documents are (services/document-store.ts). Transitions (CREATING,
// DELETING, and the SSE states ENABLING and DISABLING) carry the time they end and the
// outcome already decided; they are settled whenever the document is read, so a restart
// in the middle of one neither loses nor prolongs it (aws-wire.md §3.2, §3.4).
import { randomUUID } from 'node:crypto';
import type { StorageEngine } from '../../../storage/engine.js';
import { DocumentStore } from '../../document-store.js';
import { InternalError, type AwsError } from '../../errors.js';
import type {
  ExtendedS3DestinationConfiguration,
  FailureDescription,
  HttpEndpointDestinationConfiguration,
  S3DestinationConfiguration,
} from '../../../generated/firehose-shapes.js';
import { firehoseErrors } from '../errors.js';

export type DeliveryStreamStatus = 'CREATING' | 'CREATING_FAILED' | 'DELETING' | 'DELETING_FAILED' | 'ACTIVE';
export type DeliveryStreamType = 'DirectPut' | 'KinesisStreamAsSource';
export type KeyType = 'AWS_OWNED_CMK' | 'CUSTOMER_MANAGED_CMK';
export type EncryptionStatus = 'ENABLED' | 'ENABLING' | 'ENABLING_FAILED' | 'DISABLED' | 'DISABLING' | 'DISABLING_FAILED';

export type StoredDestination =
  | { kind: 'ExtendedS3'; config: ExtendedS3DestinationConfiguration }
  | { kind: 'S3'; config: S3DestinationConfiguration }
  | { kind: 'HttpEndpoint'; config: HttpEndpointDestinationConfiguration };

export interface GrantRef {
  keyArn: string;
  grantId: string;
}

/** A key records are (or will be) sealed under. */
export interface SealingKey {
  keyType: KeyType;
  /** The CMK's key ARN as resolved by KMS (CUSTOMER_MANAGED_CMK), or the service key's. */
  keyArn: string;
  /** The KeyARN as the client gave it, shown by DescribeDeliveryStream. */
  givenKeyArn?: string;
  /** Firehose's grant on a customer CMK. */
  grant?: GrantRef;
}

export interface EncryptionState {
  status: EncryptionStatus;
  /** The key new records are sealed under now; none while records are written in clear. */
  active?: SealingKey;
  /** The key of the most recent Start, which DescribeDeliveryStream shows. */
  requested?: SealingKey;
  /** When ENABLING or DISABLING ends. */
  until?: number;
  /** Decided when the transition began; applied when it ends. */
  outcome?: FailureDescription;
  failure?: FailureDescription;
  /** Grants no longer needed: retired once the records that arrived before `after` are delivered (aws-wire.md §3.4 rule 7). */
  grantsToRetire: Array<GrantRef & { after: number }>;
}

export interface KinesisSource {
  streamArn: string;
  roleArn: string;
  deliveryStartAt: number;
  /** Counter of the last record of each shard that existed at creation: delivery starts after it (Firehose reads from LATEST). */
  startAfter: Record<string, number>;
}

export interface DeliveryStreamDoc {
  /** Names the buffer log and the checkpoint, so a re-created stream never sees old records. */
  uuid: string;
  name: string;
  accountId: string;
  region: string;
  arn: string;
  type: DeliveryStreamType;
  status: DeliveryStreamStatus;
  statusUntil: number;
  failure?: FailureDescription;
  createdAt: number;
  updatedAt?: number;
  versionId: number;
  destination: StoredDestination;
  source?: KinesisSource;
  throughputHintInMBs?: number;
  tags: Array<{ Key: string; Value: string }>;
  encryption: EncryptionState;
  /** Times of accepted Start/StopDeliveryStreamEncryption calls: they share 25 per 24 hours. */
  encryptionChanges: number[];
}

export interface DeliveryStreamAddress {
  name: string;
  accountId: string;
  region: string;
}

export const destinationId = 'destinationId-000000000001';

export function deliveryStreamArn(address: DeliveryStreamAddress): string {
  return `arn:aws:firehose:${address.region}:${address.accountId}:deliverystream/${address.name}`;
}

export function bufferLogName(stream: DeliveryStreamDoc): string {
  return `firehose/${stream.uuid}`;
}

const documentKey = (address: DeliveryStreamAddress) => `firehose/stream/${address.accountId}/${address.region}/${address.name}`;

export class DeliveryStreamStore extends DocumentStore<DeliveryStreamDoc> {
  constructor(
    engine: StorageEngine,
    now: () => number,
    /** Called once a deletion has finished and the document is gone. */
    private readonly onPurge: (stream: DeliveryStreamDoc) => Promise<void>,
  ) {
    super(engine, now);
  }

  newUuid(): string {
    return randomUUID();
  }

  async list(accountId: string, region: string): Promise<DeliveryStreamDoc[]> {
    return this.settleAll(await this.engine.listMeta<DeliveryStreamDoc>(`firehose/stream/${accountId}/${region}/`));
  }

  /** Every delivery stream of every account, for the delivery workers. */
  async all(): Promise<DeliveryStreamDoc[]> {
    return this.settleAll(await this.engine.listMeta<DeliveryStreamDoc>('firehose/stream/'));
  }

  private async settleAll(entries: Array<{ value: DeliveryStreamDoc; version: number }>): Promise<DeliveryStreamDoc[]> {
    const streams: DeliveryStreamDoc[] = [];
    for (const entry of entries) {
      const settled = this.settle(entry.value);
      if (settled) streams.push(settled);
      else await this.purge(entry.value, entry.version);
    }
    return streams;
  }

  protected override keyOf(address: DeliveryStreamAddress): string {
    return documentKey(address);
  }

  protected override settle(stream: DeliveryStreamDoc): DeliveryStreamDoc | undefined {
    const now = this.now();
    if (stream.status === 'DELETING' && now >= stream.statusUntil) return undefined;
    if (stream.status === 'CREATING' && now >= stream.statusUntil) {
      stream.status = stream.failure ? 'CREATING_FAILED' : 'ACTIVE';
    }
    settleEncryption(stream.encryption, now);
    return stream;
  }

  protected override notFound(address: DeliveryStreamAddress): AwsError {
    return firehoseErrors.notFound(address);
  }

  protected override exists(stream: DeliveryStreamDoc): AwsError {
    return firehoseErrors.exists(stream);
  }

  protected override contention(address: DeliveryStreamAddress): InternalError {
    return new InternalError('FIREHOSE_CONTENTION', `delivery stream ${address.name} changed too often to update`);
  }

  protected override purged(stream: DeliveryStreamDoc): Promise<void> {
    return this.onPurge(stream);
  }
}

/**
 * ENABLING ends in ENABLED with the requested key in force, or in ENABLING_FAILED with the
 * old key (if any) still in force; DISABLING ends in DISABLED (aws-wire.md §3.4 state
 * machine). A grant no longer in use is queued for retirement.
 */
export function settleEncryption(encryption: EncryptionState, now: number): void {
  if (encryption.until === undefined || now < encryption.until) return;
  const endedAt = encryption.until;
  const retire = (key: SealingKey | undefined) => {
    if (key?.grant) encryption.grantsToRetire.push({ ...key.grant, after: endedAt });
  };
  if (encryption.status === 'ENABLING') {
    if (encryption.outcome) {
      encryption.status = 'ENABLING_FAILED';
      encryption.failure = encryption.outcome;
      if (encryption.requested?.grant?.grantId !== encryption.active?.grant?.grantId) retire(encryption.requested);
    } else {
      if (encryption.active?.grant?.grantId !== encryption.requested?.grant?.grantId) retire(encryption.active);
      encryption.status = 'ENABLED';
      encryption.active = encryption.requested;
      delete encryption.failure;
    }
  } else if (encryption.status === 'DISABLING') {
    encryption.status = 'DISABLED';
    retire(encryption.active);
    delete encryption.active;
    delete encryption.requested;
    delete encryption.failure;
  }
  delete encryption.until;
  delete encryption.outcome;
}

/** Whether records put now are sealed: ENABLED, or a failed or pending key change while the old key stays in force (aws-wire.md §3.5). */
export function isSealing(stream: DeliveryStreamDoc): boolean {
  return stream.encryption.active !== undefined;
}
