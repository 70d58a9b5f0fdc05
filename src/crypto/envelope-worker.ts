// The worker thread behind envelope-threads.ts: seals or opens one packed batch of records
// per message with envelope.ts, and answers with the results packed the same way.
import { parentPort } from 'node:worker_threads';
import { openRecords, sealRecords, RecordOpenError } from './envelope.js';
import { pack, unpack, type EnvelopeReply, type EnvelopeRequest, type OpenRequest, type SealRequest } from './envelope-messages.js';

function seal(request: SealRequest): EnvelopeReply {
  const data = unpack(request.data, request.dataEnds);
  const items = data.map((bytes, index) => ({ shardIndex: request.shardIndexes[index]!, seq: request.seqs[index]!, content: { partitionKey: request.partitionKeys[index]!, data: bytes } }));
  return { id: request.id, kind: 'sealed', ...pack(sealRecords(request.material, request.prefix, request.streamArn, items)) };
}

function open(request: OpenRequest): EnvelopeReply {
  const sealed = unpack(request.sealed, request.sealedEnds);
  const items = sealed.map((bytes, index) => ({ shardIndex: request.shardIndexes[index]!, seq: request.seqs[index]!, material: request.materialIndexes[index]!, sealed: bytes }));
  try {
    const opened = openRecords(request.materials, request.streamArn, items);
    return { id: request.id, kind: 'opened', partitionKeys: opened.map((content) => content.partitionKey), ...pack(opened.map((content) => content.data)) };
  } catch (error) {
    if (!(error instanceof RecordOpenError)) throw error;
    return { id: request.id, kind: 'failed', index: error.index, message: (error.cause as Error).message };
  }
}

function answer(request: EnvelopeRequest): EnvelopeReply {
  try {
    return request.kind === 'seal' ? seal(request) : open(request);
  } catch (error) {
    return { id: request.id, kind: 'failed', index: -1, message: (error as Error).message };
  }
}

parentPort!.on('message', (request: EnvelopeRequest) => {
  const reply = answer(request);
  const transfer = reply.kind === 'failed' ? [] : [reply.bytes];
  parentPort!.postMessage(reply, transfer);
});
