// Amazon Data Firehose: the table of operations this server answers, one file each in
// operations/<operation>.ts (aws-wire.md §3.1: the 12 operations of the current model).
import { bindOperations, type ServiceDefinition, type ServiceOperation } from '../context.js';
import type { Firehose } from './firehose.js';
import { createDeliveryStream } from './operations/create-delivery-stream.js';
import { deleteDeliveryStream } from './operations/delete-delivery-stream.js';
import { describeDeliveryStream } from './operations/describe-delivery-stream.js';
import { listDeliveryStreams } from './operations/list-delivery-streams.js';
import { listTagsForDeliveryStream } from './operations/list-tags-for-delivery-stream.js';
import { putRecord } from './operations/put-record.js';
import { putRecordBatch } from './operations/put-record-batch.js';
import { startDeliveryStreamEncryption } from './operations/start-delivery-stream-encryption.js';
import { stopDeliveryStreamEncryption } from './operations/stop-delivery-stream-encryption.js';
import { tagDeliveryStream } from './operations/tag-delivery-stream.js';
import { untagDeliveryStream } from './operations/untag-delivery-stream.js';
import { updateDestination } from './operations/update-destination.js';

type Operation = ServiceOperation<Firehose>;

const operations: Record<string, Operation> = {
  CreateDeliveryStream: createDeliveryStream,
  DeleteDeliveryStream: deleteDeliveryStream,
  DescribeDeliveryStream: describeDeliveryStream,
  ListDeliveryStreams: listDeliveryStreams,
  ListTagsForDeliveryStream: listTagsForDeliveryStream,
  PutRecord: putRecord,
  PutRecordBatch: putRecordBatch,
  StartDeliveryStreamEncryption: startDeliveryStreamEncryption,
  StopDeliveryStreamEncryption: stopDeliveryStreamEncryption,
  TagDeliveryStream: tagDeliveryStream,
  UntagDeliveryStream: untagDeliveryStream,
  UpdateDestination: updateDestination,
};

export interface FirehoseServiceOptions {
  /** --allow-http-endpoints: HTTP endpoint URLs may be http:// as well as the https:// AWS's model demands. */
  allowHttpEndpoints: boolean;
}

export function createFirehoseService(firehose: Firehose, options: FirehoseServiceOptions): ServiceDefinition {
  return { name: 'firehose', operations: bindOperations(firehose, operations), ...(options.allowHttpEndpoints ? { patternOverrides: { HttpEndpointUrl: 'https?://.*' } } : {}) };
}
