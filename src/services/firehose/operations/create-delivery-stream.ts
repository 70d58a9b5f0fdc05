import type { CreateDeliveryStreamInput, CreateDeliveryStreamOutput } from '../../../generated/firehose-shapes.js';
import type { RequestContext } from '../../context.js';
import { logName } from '../../kinesis/domain/streams.js';
import { firehoseErrors } from '../errors.js';
import { addressOf, transitionEnd, type Firehose } from '../firehose.js';
import { deliveryStreamArn, type DeliveryStreamDoc, type EncryptionState, type KinesisSource } from '../domain/delivery-streams.js';
import { destinationFromCreate } from '../domain/destinations.js';
import { attachGrant, checkStreamsPerKey, prepareKey } from '../domain/sse-changes.js';

const kinesisArnPattern = /^arn:[^:]+:kinesis:([^:]+):(\d{12}):stream\/([a-zA-Z0-9_.-]+)$/;

/**
 * Checks in the order: source type, destination, SSE (DirectPut only; the key checked at
 * once, its grant created), quotas; then stores the delivery stream CREATING for
 * --transition-ms (aws-wire.md §3.2). With SSE it is ENABLING meanwhile, and a key that
 * fails later makes it CREATING_FAILED with the failure described.
 */
export async function createDeliveryStream(firehose: Firehose, input: CreateDeliveryStreamInput, context: RequestContext): Promise<CreateDeliveryStreamOutput> {
  const address = addressOf(input.DeliveryStreamName, context.caller);
  const arn = deliveryStreamArn(address);
  await context.authorize('firehose:CreateDeliveryStream', arn);
  const type = input.DeliveryStreamType ?? 'DirectPut';
  if (type === 'MSKAsSource' || type === 'DatabaseAsSource') throw firehoseErrors.invalidArgument(`DeliveryStreamType ${type} is not supported by this server.`);
  // moto's text for a source configuration on the wrong type; LocalStack's for a missing one [INF].
  if (input.KinesisStreamSourceConfiguration && type !== 'KinesisStreamAsSource') {
    throw firehoseErrors.invalidArgument('KinesisSourceStreamConfig is only applicable for KinesisStreamAsSource stream type');
  }
  if (type === 'KinesisStreamAsSource' && !input.KinesisStreamSourceConfiguration) throw firehoseErrors.invalidArgument('Missing delivery stream configuration');
  if (input.DirectPutSourceConfiguration && type !== 'DirectPut') throw firehoseErrors.invalidArgument('DirectPutSourceConfiguration is only applicable for DirectPut stream type');
  const destination = destinationFromCreate(input);
  // SSE is for DirectPut only: a Kinesis source keeps its data at rest in the stream (aws-wire.md §3.4 rule 1) [INF text].
  if (input.DeliveryStreamEncryptionConfigurationInput && type !== 'DirectPut') {
    throw firehoseErrors.invalidArgument('Server-side encryption is only supported for DirectPut delivery streams.');
  }

  const now = firehose.now();
  const until = transitionEnd(firehose);
  let source: KinesisSource | undefined;
  if (type === 'KinesisStreamAsSource') {
    const config = input.KinesisStreamSourceConfiguration!;
    const match = kinesisArnPattern.exec(config.KinesisStreamARN)!;
    const kinesisStream = await firehose.kinesis.streams.find({ region: match[1]!, accountId: match[2]!, name: match[3]! });
    if (!kinesisStream) throw firehoseErrors.invalidArgument(`Kinesis stream ${config.KinesisStreamARN} does not exist.`);
    // Delivery starts at LATEST: after the last record of every shard there is now.
    const startAfter: Record<string, number> = {};
    for (const shard of kinesisStream.shards) startAfter[String(shard.index)] = await firehose.engine.lastSeq(logName(kinesisStream, shard));
    source = { streamArn: config.KinesisStreamARN, roleArn: config.RoleARN, deliveryStartAt: now, startAfter };
  }

  const existing = await firehose.streams.list(address.accountId, address.region);
  if (existing.some((stream) => stream.name === address.name)) throw firehoseErrors.exists(address);
  if (existing.length >= firehose.limits.streamsPerRegion) {
    throw firehoseErrors.limitExceeded(`You have already consumed your firehose quota of ${firehose.limits.streamsPerRegion} hoses.`);
  }

  let encryption: EncryptionState = { status: 'DISABLED', grantsToRetire: [] };
  if (input.DeliveryStreamEncryptionConfigurationInput) {
    const prepared = await prepareKey(firehose, input.DeliveryStreamEncryptionConfigurationInput, context.caller);
    await checkStreamsPerKey(firehose, prepared.key, context.caller);
    const granted = await attachGrant(firehose, prepared, arn, context.caller);
    encryption = { status: 'ENABLING', requested: granted.key, until, grantsToRetire: [], ...(granted.outcome ? { outcome: granted.outcome } : {}) };
  }

  const stream: DeliveryStreamDoc = {
    uuid: firehose.streams.newUuid(),
    ...address,
    arn,
    type,
    status: 'CREATING',
    statusUntil: until,
    ...(encryption.outcome ? { failure: encryption.outcome } : {}),
    createdAt: now,
    versionId: 1,
    destination,
    ...(source ? { source } : {}),
    ...(input.DirectPutSourceConfiguration ? { throughputHintInMBs: input.DirectPutSourceConfiguration.ThroughputHintInMBs } : {}),
    tags: input.Tags?.map((tag) => ({ Key: tag.Key, Value: tag.Value ?? '' })) ?? [],
    encryption,
    encryptionChanges: [],
  };
  try {
    await firehose.streams.create(stream);
  } catch (error) {
    // The name was taken meanwhile: the grant made for this attempt is not needed.
    const grant = encryption.requested?.grant;
    if (grant) await firehose.keys.retireGrant(context.caller, grant).catch(() => undefined);
    throw error;
  }
  firehose.delivery.worker(stream).wakeAt(until);
  return { DeliveryStreamARN: arn };
}
