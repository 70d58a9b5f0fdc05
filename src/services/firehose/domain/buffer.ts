// Where records wait for delivery, and how they are read back as plaintext.
//
// A DirectPut delivery stream buffers its records in a storage log of its own,
// firehose/<stream uuid>, appended durably before PutRecord answers. Payload grammar:
//   plain  (version 1): 0x01 | data
//   sealed (version 2): 0x02 | key-material generation id (16 bytes) | sealed record (crypto/envelope.ts)
// A sealed payload holds nothing of the data in clear; the sealed record's authenticated
// data names the delivery stream ARN and the record's counter.
//
// A KinesisStreamAsSource delivery stream has no buffer of its own: its source is the
// Kinesis stream's shard logs, read (and opened, when the stream is encrypted) through the
// Kinesis domain directly.
import { RecordOpenError } from '../../../crypto/envelope.js';
import type { EnvelopeThreads, GenerationSealed } from '../../../crypto/envelope-threads.js';
import { InternalError } from '../../errors.js';
import type { LogRecord } from '../../../storage/engine.js';
import type { Kinesis } from '../../kinesis/kinesis.js';
import { openStoredRecords } from '../../kinesis/domain/read.js';
import { logName, type StreamDoc } from '../../kinesis/domain/streams.js';
import type { Caller } from '../../context.js';
import { bufferLogName, type DeliveryStreamDoc } from './delivery-streams.js';
import { generationIdLength, type DeliveryStreamEncryption } from './encryption.js';

const plainVersion = 1;
const sealedVersion = 2;

export function encodePlain(data: Buffer): Buffer {
  return Buffer.concat([Buffer.from([plainVersion]), data]);
}

/** What goes before the sealed record in a sealed payload; the envelope writes both in one allocation. */
export function sealedHeader(generationId: Buffer): Buffer {
  return Buffer.concat([Buffer.from([sealedVersion]), generationId]);
}

/** The place a buffered record is sealed for: its delivery stream and counter. */
export function bufferPlace(stream: DeliveryStreamDoc, seq: number) {
  return { streamArn: stream.arn, shardIndex: 0, seq };
}

/** One log a delivery stream delivers from, and how its records become plaintext. */
export interface SourceLog {
  log: string;
  /** Records at or below this counter are delivered (or were never to be). */
  startAfter: number;
  /** Whether delivered records are dropped from the log (a DirectPut buffer) or stay (a Kinesis stream's shard). */
  isOwned: boolean;
  open(records: LogRecord[]): Promise<Buffer[]>;
}

export function directPutSource(stream: DeliveryStreamDoc, encryption: DeliveryStreamEncryption, envelopes: EnvelopeThreads): SourceLog {
  return {
    log: bufferLogName(stream),
    startAfter: 0,
    isOwned: true,
    async open(records) {
      const opened: Buffer[] = [];
      const sealed: Array<GenerationSealed & { at: number }> = [];
      for (const record of records) {
        const bytes = Buffer.from(record.payload.buffer, record.payload.byteOffset, record.payload.byteLength);
        if (bytes[0] === plainVersion) {
          opened.push(bytes.subarray(1));
          continue;
        }
        if (bytes[0] !== sealedVersion) throw new InternalError('FIREHOSE_RECORD_FORMAT', `unknown buffered record version ${bytes[0]}`);
        sealed.push({ ...bufferPlace(stream, record.seq), generationId: bytes.subarray(1, 1 + generationIdLength), sealed: bytes.subarray(1 + generationIdLength), at: opened.length });
        opened.push(bytes);
      }
      try {
        const contents = await envelopes.openByGeneration(stream.arn, sealed, (generationId) => encryption.forRead(stream, generationId));
        contents.forEach((content, index) => (opened[sealed[index]!.at] = content.data));
      } catch (error) {
        if (!(error instanceof RecordOpenError)) throw error;
        throw new InternalError('FIREHOSE_RECORD_INTEGRITY', `buffered record ${sealed[error.index]?.seq} of ${stream.name} does not open`, { cause: error });
      }
      return opened;
    },
  };
}

/**
 * Every shard of the source stream, closed parents included. A shard that existed when
 * the delivery stream was created starts after the record that was last then (Firehose
 * reads from LATEST); a shard created later starts at its beginning.
 */
export function kinesisSources(kinesis: Kinesis, stream: DeliveryStreamDoc, source: StreamDoc, caller: Caller): SourceLog[] {
  return source.shards.map((shard) => ({
    log: logName(source, shard),
    startAfter: stream.source?.startAfter[String(shard.index)] ?? 0,
    isOwned: false,
    async open(records: LogRecord[]) {
      return (await openStoredRecords(kinesis, source, shard, records, caller)).map((record) => record.data);
    },
  }));
}
