// The data-path documents the protocol benchmarks share: a PutRecords call of 500 × 1 KiB
// records, its answer, and a GetRecords answer of 1,000 × 1 KiB records.
import { randomBytes } from 'node:crypto';

export const putRecords = Array.from({ length: 500 }, (_, index) => ({ Data: randomBytes(1024), PartitionKey: `partition-${index}` }));

export const putRecordsOutput = {
  FailedRecordCount: 0,
  Records: putRecords.map((_, index) => ({ ShardId: 'shardId-000000000000', SequenceNumber: `49600871682979337187563555549332609155523708941634633${String(index).padStart(3, '0')}` })),
};

const arrival = Date.now();
export const getRecordsOutput = {
  Records: Array.from({ length: 1000 }, (_, index) => ({
    SequenceNumber: `49600871682979337187563555549332609155523708941634${String(index).padStart(6, '0')}`,
    ApproximateArrivalTimestamp: new Date(arrival + index),
    Data: randomBytes(1024),
    PartitionKey: `partition-${index}`,
  })),
  NextShardIterator: randomBytes(180).toString('base64'),
  MillisBehindLatest: 0,
};
