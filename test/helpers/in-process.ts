// Services without a socket, over the memory engine, with a clock the test moves: for
// behaviour that takes hours or days (retention, key deletion and rotation) or limits a
// test server cannot be given.
import type { RequestContext } from '../../src/services/context.js';
import { createKinesis } from '../../src/services/kinesis/create.js';
import type { Kinesis, KinesisLimits } from '../../src/services/kinesis/kinesis.js';
import { createLogger } from '../../src/log.js';
import { MemoryEngine } from '../../src/storage/engines/memory.js';
import { loadRootKey } from '../../src/crypto/root-key.js';
import { createKms } from '../../src/services/kms/create.js';
import type { Kms } from '../../src/services/kms/kms.js';
import { createBuiltInKmsPort } from '../../src/services/kms/port.js';

export interface Clock {
  now: number;
}

const log = createLogger('silent');

/** The account's root, authorized for everything: what in-process tests call as. */
export const inProcessContext: RequestContext = {
  requestId: 'in-process',
  caller: { accountId: '000000000000', principalArn: 'arn:aws:iam::000000000000:root', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', region: 'us-east-1', sourceIp: '127.0.0.1' },
  log,
  authorize: async () => {},
};

export interface InProcessKms {
  kms: Kms;
  engine: MemoryEngine;
  close(): Promise<void>;
}

/** The built-in key store on a fresh memory engine, its time read from `clock`. */
export async function createInProcessKms(clock: Clock): Promise<InProcessKms> {
  const engine = new MemoryEngine();
  await engine.open();
  const kms = createKms({ engine, rootKey: loadRootKey({ file: undefined, dataDir: undefined, log }), now: () => clock.now });
  return { kms, engine, close: () => engine.close() };
}

export interface InProcessKinesis {
  kinesis: Kinesis;
  kms: Kms;
  engine: MemoryEngine;
  context: RequestContext;
  clock: Clock;
  close(): Promise<void>;
}

export async function createInProcessKinesis(options: { transitionMs?: number; limits?: Partial<KinesisLimits>; keyCacheTtlMs?: number } = {}): Promise<InProcessKinesis> {
  const clock = { now: Date.UTC(2026, 0, 1) };
  const { kms, engine, close } = await createInProcessKms(clock);
  const kinesis = await createKinesis({
    engine,
    transitionMs: options.transitionMs ?? 1000,
    now: () => clock.now,
    limits: options.limits ?? {},
    kms: createBuiltInKmsPort({ kms, authorizer: async () => {}, log }),
    keyCacheTtlMs: options.keyCacheTtlMs ?? 300_000,
  });
  return { kinesis, kms, engine, context: inProcessContext, clock, close };
}
