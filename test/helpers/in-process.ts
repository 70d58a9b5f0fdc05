// Services without a socket, over the memory engine, with a clock the test moves: for
// behaviour that takes hours or days (retention, key deletion and rotation) or limits a
// test server cannot be given.
import { after, before } from 'node:test';
import { allowAll, type Authorizer, type RequestContext } from '../../src/services/context.js';
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
  caller: { accountId: '000000000000', principalArn: 'arn:aws:iam::000000000000:root', principalType: 'Account', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', region: 'us-east-1', sourceIp: '127.0.0.1' },
  log,
  authorize: async () => {},
};

/** The built-in key store over `engine`, its time read from `clock`. */
function builtInKms(engine: MemoryEngine, clock: Clock): Kms {
  return createKms({ engine, rootKey: loadRootKey({ file: undefined, dataDir: undefined, log }), now: () => clock.now });
}

/**
 * For a describe block: the built-in key store on a fresh memory engine, its time read
 * from `clock`. The engine opens before the block's tests and closes after them; the key
 * store is wired at once, so the block can name it as it is declared.
 */
export function inProcessKmsSuite(clock: Clock): { kms: Kms; engine: MemoryEngine } {
  const engine = new MemoryEngine();
  before(() => engine.open());
  after(() => engine.close());
  return { kms: builtInKms(engine, clock), engine };
}

export interface InProcessKinesis {
  kinesis: Kinesis;
  kms: Kms;
  engine: MemoryEngine;
  context: RequestContext;
  clock: Clock;
  close(): Promise<void>;
}

export async function createInProcessKinesis(
  options: { transitionMs?: number; limits?: Partial<KinesisLimits>; keyCacheTtlMs?: number; authorizer?: Authorizer } = {},
): Promise<InProcessKinesis> {
  const clock = { now: Date.UTC(2026, 0, 1) };
  const engine = new MemoryEngine();
  await engine.open();
  const kms = builtInKms(engine, clock);
  const kinesis = await createKinesis({
    engine,
    transitionMs: options.transitionMs ?? 1000,
    now: () => clock.now,
    limits: options.limits ?? {},
    kms: createBuiltInKmsPort({ kms, authorizer: allowAll, log }),
    keyCacheTtlMs: options.keyCacheTtlMs ?? 300_000,
    ...(options.authorizer ? { authorizer: options.authorizer } : {}),
  });
  return { kinesis, kms, engine, context: inProcessContext, clock, close: () => engine.close() };
}
