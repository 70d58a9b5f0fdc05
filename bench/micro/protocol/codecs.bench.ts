// The protocol path of one PutRecords call of 500 × 1 KiB records: body parse, shape
// decode and validation, and the answer's encode and serialize (JSON and CBOR).
import { randomBytes } from 'node:crypto';
import { cborCodec, jsonCodec } from '../../../src/protocol/codecs.js';
import { loadModel } from '../../../src/protocol/model.js';
import { ShapeEngine } from '../../../src/protocol/shapes.js';
import { measure, report } from '../measure.js';

const shapes = new ShapeEngine(loadModel('kinesis'));
const records = Array.from({ length: 500 }, (_, index) => ({ Data: randomBytes(1024), PartitionKey: `partition-${index}` }));
const jsonBody = Buffer.from(JSON.stringify({ StreamName: 'bench', Records: records.map((record) => ({ ...record, Data: record.Data.toString('base64') })) }));
const cborBody = cborCodec.serialize({ StreamName: 'bench', Records: records });
const output = { FailedRecordCount: 0, Records: records.map((_, index) => ({ ShardId: 'shardId-000000000000', SequenceNumber: `49600871682979337187563555549332609155523708941634633${String(index).padStart(3, '0')}` })) };

export function run(): void {
  report('protocol: one PutRecords call of 500 × 1 KiB', [
    measure('JSON parse', () => jsonCodec.parse(jsonBody), 300),
    measure('JSON shape decode (strict base64)', () => shapes.decode('PutRecordsInput', jsonCodec.parse(jsonBody), 'json'), 300),
    measure('CBOR parse + shape decode', () => shapes.decode('PutRecordsInput', cborCodec.parse(cborBody), 'cbor'), 300),
    measure('validate', () => shapes.validate('PutRecordsInput', { StreamName: 'bench', Records: records }), 300),
    measure('JSON encode + serialize answer', () => jsonCodec.serialize(shapes.encode('PutRecordsOutput', output, 'json')), 300),
    measure('CBOR encode + serialize answer', () => cborCodec.serialize(shapes.encode('PutRecordsOutput', output, 'cbor')), 300),
  ]);
}
