// The shape engine alone, per request on the data path: decode and validate a 500-record
// PutRecords document, encode its answer, and encode a 1,000-record GetRecords answer;
// strict base64 per 1 KiB record. Documents are parsed once, outside the timed calls.
import { randomBytes } from 'node:crypto';
import { cborCodec, jsonCodec } from '../../../src/protocol/codecs.js';
import { loadModel } from '../../../src/protocol/model.js';
import { ShapeEngine, decodeBase64Strict } from '../../../src/protocol/shapes.js';
import { measure, report } from '../measure.js';
import { getRecordsOutput, putRecords, putRecordsOutput } from './fixtures.js';

const shapes = new ShapeEngine(loadModel('kinesis'));
const jsonDocument = jsonCodec.parse(Buffer.from(JSON.stringify({ StreamName: 'bench', Records: putRecords.map((record) => ({ ...record, Data: record.Data.toString('base64') })) })));
const cborDocument = cborCodec.parse(cborCodec.serialize({ StreamName: 'bench', Records: putRecords }));
const typedInput = { StreamName: 'bench', Records: putRecords };
const blobText = randomBytes(1024).toString('base64');

export function run(): void {
  report('shape engine, per request', [
    measure('PutRecords 500: JSON decode (strict base64)', () => shapes.decode('PutRecordsInput', jsonDocument, 'json'), 500),
    measure('PutRecords 500: CBOR decode', () => shapes.decode('PutRecordsInput', cborDocument, 'cbor'), 2_000),
    measure('PutRecords 500: validate', () => shapes.validate('PutRecordsInput', typedInput), 2_000),
    measure('PutRecords 500: JSON encode answer', () => shapes.encode('PutRecordsOutput', putRecordsOutput, 'json'), 2_000),
    measure('GetRecords 1,000: JSON encode answer (base64)', () => shapes.encode('GetRecordsOutput', getRecordsOutput, 'json'), 300),
    measure('GetRecords 1,000: CBOR encode answer', () => shapes.encode('GetRecordsOutput', getRecordsOutput, 'cbor'), 2_000),
    measure('decodeBase64Strict, 1 KiB', () => decodeBase64Strict(blobText), 200_000),
  ]);
}
