import type { DeliveryStreamEncryptionConfiguration, DescribeDeliveryStreamInput, DescribeDeliveryStreamOutput } from '../../../generated/firehose-shapes.js';
import type { RequestContext } from '../../context.js';
import { addressOf, type Firehose } from '../firehose.js';
import { destinationId, type DeliveryStreamDoc } from '../domain/delivery-streams.js';
import { describeDestination } from '../domain/destinations.js';

/**
 * The AWS shape (aws-wire.md §3.2): a DirectPut stream always has a
 * DeliveryStreamEncryptionConfiguration ({"Status":"DISABLED"} when never encrypted), a
 * KinesisStreamAsSource stream has none but a Source. One destination, so
 * ExclusiveStartDestinationId past it leaves the list empty.
 */
export async function describeDeliveryStream(firehose: Firehose, input: DescribeDeliveryStreamInput, context: RequestContext): Promise<DescribeDeliveryStreamOutput> {
  const stream = await firehose.streams.get(addressOf(input.DeliveryStreamName, context.caller));
  await context.authorize('firehose:DescribeDeliveryStream', stream.arn);
  const destinations = input.ExclusiveStartDestinationId !== undefined && input.ExclusiveStartDestinationId >= destinationId ? [] : [describeDestination(stream.destination)];
  return {
    DeliveryStreamDescription: {
      DeliveryStreamName: stream.name,
      DeliveryStreamARN: stream.arn,
      DeliveryStreamStatus: stream.status,
      ...(stream.failure && stream.status !== 'ACTIVE' ? { FailureDescription: stream.failure } : {}),
      ...(stream.type === 'DirectPut' ? { DeliveryStreamEncryptionConfiguration: describeEncryption(stream) } : {}),
      DeliveryStreamType: stream.type,
      VersionId: String(stream.versionId),
      CreateTimestamp: new Date(stream.createdAt),
      ...(stream.updatedAt !== undefined ? { LastUpdateTimestamp: new Date(stream.updatedAt) } : {}),
      ...(stream.source
        ? { Source: { KinesisStreamSourceDescription: { KinesisStreamARN: stream.source.streamArn, RoleARN: stream.source.roleArn, DeliveryStartTimestamp: new Date(stream.source.deliveryStartAt) } } }
        : stream.throughputHintInMBs !== undefined
          ? { Source: { DirectPutSourceDescription: { ThroughputHintInMBs: stream.throughputHintInMBs } } }
          : {}),
      Destinations: destinations,
      HasMoreDestinations: false,
    },
  };
}

/** The most recent attempt's key; KeyARN only for a customer CMK, as the client gave it (aws-wire.md §3.3). */
function describeEncryption(stream: DeliveryStreamDoc): DeliveryStreamEncryptionConfiguration {
  const encryption = stream.encryption;
  if (encryption.status === 'DISABLED') return { Status: 'DISABLED' };
  const key = encryption.status === 'DISABLING' ? encryption.active : encryption.requested ?? encryption.active;
  return {
    ...(key?.keyType === 'CUSTOMER_MANAGED_CMK' ? { KeyARN: key.givenKeyArn ?? key.keyArn } : {}),
    ...(key ? { KeyType: key.keyType } : {}),
    Status: encryption.status,
    ...(encryption.failure && encryption.status.endsWith('_FAILED') ? { FailureDescription: encryption.failure } : {}),
  };
}
