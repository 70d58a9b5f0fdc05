// Per-record domain math on the write path: sequence numbers and partition-key hashing.
import { hashOfPartitionKey } from '../../../../src/services/kinesis/domain/hash-keys.js';
import { parseSequenceNumber, toSequenceNumber } from '../../../../src/services/kinesis/domain/sequence-numbers.js';
import { measure, report } from '../../measure.js';

export function run(): void {
  let counter = 0;
  const sample = toSequenceNumber(Date.now(), 3, 123_456);
  report('kinesis domain, per record', [
    measure('toSequenceNumber', () => toSequenceNumber(1_700_000_000_000, 3, ++counter), 200_000),
    // A PutRecords batch over 4 shards: each record's shard differs from the last one's.
    measure('toSequenceNumber, 4 shards in turn', () => toSequenceNumber(1_700_000_000_000, ++counter & 3, counter), 200_000),
    measure('parseSequenceNumber', () => parseSequenceNumber(sample), 200_000),
    measure('hashOfPartitionKey (MD5 → 128-bit)', () => hashOfPartitionKey(`partition-${++counter}`), 200_000),
  ]);
}
