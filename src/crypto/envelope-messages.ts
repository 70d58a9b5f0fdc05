// The messages between envelope-threads.ts and its worker threads (envelope-worker.ts):
// a batch of records packed into one ArrayBuffer each way, transferred rather than copied.

export interface SealRequest {
  id: number;
  kind: 'seal';
  material: Uint8Array;
  prefix: Uint8Array;
  streamArn: string;
  shardIndexes: Int32Array;
  seqs: Float64Array;
  partitionKeys: string[];
  /** Every record's data, one after another; record i ends at dataEnds[i]. */
  data: ArrayBuffer;
  dataEnds: Uint32Array;
}

export interface OpenRequest {
  id: number;
  kind: 'open';
  materials: Uint8Array[];
  streamArn: string;
  shardIndexes: Int32Array;
  seqs: Float64Array;
  materialIndexes: Uint32Array;
  sealed: ArrayBuffer;
  sealedEnds: Uint32Array;
}

export type EnvelopeRequest = SealRequest | OpenRequest;

export type EnvelopeReply =
  | { id: number; kind: 'sealed'; bytes: ArrayBuffer; ends: Uint32Array }
  | { id: number; kind: 'opened'; partitionKeys: string[]; bytes: ArrayBuffer; ends: Uint32Array }
  /** index is the record that did not open, or -1 when the batch failed as a whole. */
  | { id: number; kind: 'failed'; index: number; message: string };

/** Parts one after another in one ArrayBuffer that can be transferred, and where each part ends. */
export function pack(parts: Uint8Array[]): { bytes: ArrayBuffer; ends: Uint32Array } {
  const ends = new Uint32Array(parts.length);
  let total = 0;
  parts.forEach((part, index) => {
    total += part.byteLength;
    ends[index] = total;
  });
  // Not zero-filled: every byte is written below. allocUnsafeSlow's buffer is its own, never a pool's.
  const bytes = Buffer.allocUnsafeSlow(total).buffer as ArrayBuffer;
  const view = new Uint8Array(bytes);
  parts.forEach((part, index) => view.set(part, index === 0 ? 0 : ends[index - 1]!));
  return { bytes, ends };
}

/** Views of the parts pack() laid out, sharing its buffer. */
export function unpack(bytes: ArrayBuffer, ends: Uint32Array): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (const end of ends) {
    parts.push(Buffer.from(bytes, start, end - start));
    start = end;
  }
  return parts;
}
