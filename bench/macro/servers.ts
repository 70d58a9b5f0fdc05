// The servers under test, each its own child process on its own loopback port, so that
// each one's resident memory can be read and none shares an event loop with the load.
// BENCH_PROFILE_DIR=<dir> makes each Sealstream write a CPU profile there when it stops
// (node --cpu-prof), to see where a load's time goes.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(import.meta.url);

export interface ServerUnderTest {
  name: string;
  endpoint: string;
  process: ChildProcess;
  /** Time from spawn to the first successful answer. */
  startupMs: number;
  /** Turn on SSE for a stream after creating it (Sealstream variants only). */
  encrypt: boolean;
  stop(): Promise<void>;
}

export type ServerKind = 'sealstream' | 'sealstream-plain' | 'sealstream-memory' | 'kinesalite' | 'kinesis-mock' | 'null-sink';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitUntilAnswering(endpoint: string, path: string, child: ChildProcess, started: number): Promise<number> {
  const deadline = started + 60_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(endpoint + path, { method: path === '/health' ? 'GET' : 'POST', signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      return performance.now() - started;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  throw new Error(`server at ${endpoint} did not answer within 60 s`);
}

export async function startServerUnderTest(kind: ServerKind): Promise<ServerUnderTest> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  let dataDir: string | undefined;
  let child: ChildProcess;
  let path = '/';
  const started = performance.now();
  switch (kind) {
    case 'sealstream':
    case 'sealstream-plain':
    case 'sealstream-memory': {
      const storage = kind === 'sealstream-memory' ? ['--in-memory'] : ['--data-dir', (dataDir = await mkdtemp(join(tmpdir(), 'sealstream-bench-')))];
      child = spawn(process.execPath, [...(process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE_DIR] : []), join(root, 'dist', 'src', 'cli', 'main.js'), 'serve', '--port', String(port), '--transition-ms', '10', '--log-level', 'warn', ...storage], { stdio: 'ignore' });
      path = '/health';
      break;
    }
    case 'kinesalite':
      child = spawn(process.execPath, [require.resolve('kinesalite/cli.js'), '--port', String(port), '--createStreamMs', '0', '--shardLimit', '100'], { stdio: 'ignore' });
      break;
    case 'kinesis-mock': {
      const main = require.resolve('kinesis-local/main.js');
      const tlsPort = await freePort();
      // It reads its TLS settings from server.json beside main.js, relative to the working directory.
      child = spawn(process.execPath, [main], {
        cwd: dirname(main),
        env: { ...process.env, KINESIS_MOCK_PLAIN_PORT: String(port), KINESIS_MOCK_TLS_PORT: String(tlsPort), LOG_LEVEL: 'ERROR', CREATE_STREAM_DURATION: '0ms', START_STREAM_ENCRYPTION_DURATION: '0ms' },
        stdio: 'ignore',
      });
      break;
    }
    case 'null-sink':
      path = '/health';
      child = spawn(process.execPath, [join(root, 'dist', 'bench', 'macro', 'null-sink.js'), String(port)], { stdio: 'ignore' });
      break;
  }
  const startupMs = await waitUntilAnswering(endpoint, path, child, started);
  return {
    name: kind,
    endpoint,
    process: child,
    startupMs,
    encrypt: kind === 'sealstream' || kind === 'sealstream-memory',
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        // Sealstream may still be writing a CPU profile (BENCH_PROFILE_DIR) when asked to stop.
        // The peers keep nothing worth waiting for, and kinesis-mock takes 4 s to stop when idle
        // and more than 10 s after a load.
        const timer = setTimeout(() => child.kill('SIGKILL'), kind.startsWith('sealstream') ? 10_000 : 2_000);
        await exited;
        clearTimeout(timer);
      }
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Resident {
  /** All resident pages (VmRSS). */
  totalMiB: number;
  /** Memory the process itself holds: heap, buffers, native allocations (RssAnon). */
  anonymousMiB: number;
  /** Pages of mapped files, such as an LMDB data file, which the kernel can drop and reread (RssFile). */
  fileMiB: number;
}

/** Resident memory of a child process (Linux /proc/<pid>/status). */
export async function residentMemory(child: ChildProcess): Promise<Resident | undefined> {
  try {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024;
    return { totalMiB: field('VmRSS'), anonymousMiB: field('RssAnon'), fileMiB: field('RssFile') };
  } catch {
    return undefined;
  }
}

/**
 * CPU time a child process has used so far, all its threads, in milliseconds (Linux
 * /proc/<pid>/stat utime + stime, in clock ticks of 10 ms: USER_HZ is 100 on Linux).
 * Read before and after a load, it gives the server's CPU per record, which, unlike
 * records per second, does not depend on what else the machine is doing.
 */
export async function cpuMillis(child: ChildProcess): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
