// Child-process servers that a test stops and starts again on the same data dir (and the
// same port, so an external-mode front keeps its --kms-endpoint), and the files they leave.
import { readdir } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import type { ChildServer } from './server.js';

/** A port free right now, for a child that must come back on the same port after a restart. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Sends `signal` and waits for the exit; the exit code (null when killed by the signal). */
export async function stopChild(child: ChildServer, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return child.exited;
  child.process.kill(signal);
  return child.exited;
}

/** Every regular file under `dir`, recursively. */
export async function filesUnder(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}
