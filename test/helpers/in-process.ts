// A Kinesis service without a socket, over the memory engine, with a clock the test moves:
// for behaviour that takes hours (retention) or limits a test server cannot be given.
import type { RequestContext } from '../../src/services/context.js';
import { createKinesis } from '../../src/services/kinesis/create.js';
import type { Kinesis, KinesisLimits } from '../../src/services/kinesis/kinesis.js';
import { createLogger } from '../../src/log.js';
import { MemoryEngine } from '../../src/storage/engines/memory.js';
import { loadRootKey } from '../../src/crypto/root-key.js';
import { createKms } from '../../src/services/kms/create.js';
import type { Kms } from '../../src/services/kms/kms.js';
import { createBuiltInKmsPort } from '../../src/services/kms/port.js';

export interface InProcessKinesis {
  kinesis: Kinesis;
  kms: Kms;
  engine: MemoryEngine;
  context: RequestContext;
  clock: { now: number };
  close(): Promise<void>;
}

export async function createInProcessKinesis(options: { transitionMs?: number; limits?: Partial<KinesisLimits>; keyCacheTtlMs?: number } = {}): Promise<InProcessKinesis> {
  const clock = { now: Date.UTC(2026, 0, 1) };
  const engine = new MemoryEngine();
  await engine.open();
  const log = createLogger('silent');
  const kms = createKms({ engine, rootKey: loadRootKey({ file: undefined, dataDir: undefined, log }), now: () => clock.now });
  const kinesis = await createKinesis({
    engine,
    transitionMs: options.transitionMs ?? 1000,
    now: () => clock.now,
    limits: options.limits ?? {},
    kms: createBuiltInKmsPort({ kms, authorizer: async () => {}, log }),
    keyCacheTtlMs: options.keyCacheTtlMs ?? 300_000,
  });
  const context: RequestContext = {
    requestId: 'in-process',
    caller: { accountId: '000000000000', principalArn: 'arn:aws:iam::000000000000:root', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', region: 'us-east-1', sourceIp: '127.0.0.1' },
    log,
    authorize: async () => {},
  };
  return { kinesis, kms, engine, context, clock, close: () => engine.close() };
}
