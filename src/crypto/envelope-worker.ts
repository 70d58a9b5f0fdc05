// The worker thread behind envelope-threads.ts: seals or opens one packed batch of records
// per message with envelope.ts, and answers with the results packed the same way.
import { parentPort } from 'node:worker_threads';
import { openRecord, sealRecord } from './envelope.js';
import { pack, unpack, type EnvelopeReply, type EnvelopeRequest, type OpenRequest, type SealRequest } from './envelope-messages.js';

function seal(request: SealRequest): EnvelopeReply {
  const data = unpack(request.data, request.dataEnds);
  const sealed = data.map((bytes, index) =>
    sealRecord(
      request.material,
      { streamArn: request.streamArn, shardIndex: request.shardIndexes[index]!, seq: request.seqs[index]! },
      { partitionKey: request.partitionKeys[index]!, data: bytes },
      request.prefix,
    ),
  );
  return { id: request.id, kind: 'sealed', ...pack(sealed) };
}

function open(request: OpenRequest): EnvelopeReply {
  const sealed = unpack(request.sealed, request.sealedEnds);
  const partitionKeys: string[] = [];
  const data: Buffer[] = [];
  for (let index = 0; index < sealed.length; index++) {
    try {
      const place = { streamArn: request.streamArn, shardIndex: request.shardIndexes[index]!, seq: request.seqs[index]! };
      const opened = openRecord(request.materials[request.materialIndexes[index]!]!, place, sealed[index]!);
      partitionKeys.push(opened.partitionKey);
      data.push(opened.data);
    } catch (error) {
      return { id: request.id, kind: 'failed', index, message: `record ${index} of the batch does not open: ${(error as Error).message}` };
    }
  }
  return { id: request.id, kind: 'opened', partitionKeys, ...pack(data) };
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
