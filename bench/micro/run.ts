// `npm run bench:micro`: the hot-path pieces one by one, mirroring src/.
import { cpus } from 'node:os';
import * as codecs from './protocol/codecs.bench.js';
import * as shapes from './protocol/shapes.bench.js';
import * as sequenceNumbers from './services/kinesis/sequence-numbers.bench.js';
import * as policies from './services/iam/policy.bench.js';
import * as envelope from './crypto/envelope.bench.js';
import * as envelopeThreads from './crypto/envelope-threads.bench.js';
import * as engines from './storage/engines.bench.js';

console.log(`Sealstream micro-benchmarks — Node ${process.version}, ${cpus()[0]?.model} x${cpus().length}`);
codecs.run();
shapes.run();
sequenceNumbers.run();
policies.run();
envelope.run();
await envelopeThreads.run();
await engines.run();
