// The protocol path of one PutRecords call of 500 × 1 KiB records: body parse, shape
// decode and validation, and the answer's encode and serialize (JSON and CBOR); and the
// answer of one GetRecords call of 1,000 × 1 KiB records, encoded and serialized.
import { cborCodec, jsonCodec } from '../../../src/protocol/codecs.js';
import { loadModel } from '../../../src/protocol/model.js';
import { ShapeEngine } from '../../../src/protocol/shapes.js';
import { measure, report } from '../measure.js';
import { getRecordsOutput, putRecords, putRecordsOutput } from './fixtures.js';

const shapes = new ShapeEngine(loadModel('kinesis'));
const jsonBody = Buffer.from(JSON.stringify({ StreamName: 'bench', Records: putRecords.map((record) => ({ ...record, Data: record.Data.toString('base64') })) }));
const cborBody = cborCodec.serialize({ StreamName: 'bench', Records: putRecords });

export function run(): void {
  report('protocol: one PutRecords call of 500 × 1 KiB', [
    measure('JSON parse', () => jsonCodec.parse(jsonBody), 300),
    measure('JSON shape decode (strict base64)', () => shapes.decode('PutRecordsInput', jsonCodec.parse(jsonBody), 'json'), 300),
    measure('CBOR parse + shape decode', () => shapes.decode('PutRecordsInput', cborCodec.parse(cborBody), 'cbor'), 300),
    measure('validate', () => shapes.validate('PutRecordsInput', { StreamName: 'bench', Records: putRecords }), 300),
    measure('JSON encode + serialize answer', () => jsonCodec.serialize(shapes.encode('PutRecordsOutput', putRecordsOutput, 'json')), 300),
    measure('CBOR encode + serialize answer', () => cborCodec.serialize(shapes.encode('PutRecordsOutput', putRecordsOutput, 'cbor')), 300),
  ]);
  report('protocol: one GetRecords answer of 1,000 × 1 KiB', [
    measure('JSON encode + serialize', () => jsonCodec.serialize(shapes.encode('GetRecordsOutput', getRecordsOutput, 'json')), 200),
    measure('CBOR encode + serialize', () => cborCodec.serialize(shapes.encode('GetRecordsOutput', getRecordsOutput, 'cbor')), 200),
  ]);
}
