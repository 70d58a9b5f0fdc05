// A Kinesis service without a socket, over the memory engine, with a clock the test moves:
// for behaviour that takes hours (retention) or limits a test server cannot be given.
import type { RequestContext } from '../../src/services/context.js';
import { createKinesis } from '../../src/services/kinesis/create.js';
import type { Kinesis, KinesisLimits } from '../../src/services/kinesis/kinesis.js';
import { createLogger } from '../../src/log.js';
import { MemoryEngine } from '../../src/storage/engines/memory.js';

export interface InProcessKinesis {
  kinesis: Kinesis;
  engine: MemoryEngine;
  context: RequestContext;
  clock: { now: number };
  close(): Promise<void>;
}

export async function createInProcessKinesis(options: { transitionMs?: number; limits?: Partial<KinesisLimits> } = {}): Promise<InProcessKinesis> {
  const clock = { now: Date.UTC(2026, 0, 1) };
  const engine = new MemoryEngine();
  await engine.open();
  const kinesis = await createKinesis({ engine, transitionMs: options.transitionMs ?? 1000, now: () => clock.now, limits: options.limits ?? {} });
  const context: RequestContext = {
    requestId: 'in-process',
    caller: { accountId: '000000000000', principalArn: 'arn:aws:iam::000000000000:root', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', region: 'us-east-1', sourceIp: '127.0.0.1' },
    log: createLogger('silent'),
    authorize: async () => {},
  };
  return { kinesis, engine, context, clock, close: () => engine.close() };
}
