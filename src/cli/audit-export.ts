// `sealstream audit export [--data-dir DIR] [--start ISO] [--end ISO]`: the audit trail
// of a data dir as JSON lines, one CloudTrail event record a line, oldest first, on
// stdout. It opens the store read-only, so it works whether or not a server is running on
// the data dir (LMDB lets a reader share the environment with the writing server); it
// never creates a store where there is none.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { LmdbEngine } from '../storage/engines/lmdb.js';
import { TrailLog } from '../services/cloudtrail/domain/trail-log.js';

export class AuditExportError extends Error {}

export const auditUsage = `Usage: sealstream audit export [--data-dir DIR] [--start ISO-8601] [--end ISO-8601]

Writes the audit trail of management calls kept in DIR (default $SEALSTREAM_DATA_DIR or
./data) to stdout as JSON lines, one CloudTrail event record a line, oldest first.
--start and --end keep only events whose eventTime is within them (inclusive).
A server may be running on DIR meanwhile.`;

export async function exportAudit(argv: string[], out: Writable, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values } = parseArgsOrThrow(argv);
  const dataDir = resolve(values['data-dir'] ?? env['SEALSTREAM_DATA_DIR'] ?? './data');
  const start = parseTime('--start', values.start);
  const end = parseTime('--end', values.end);
  if (start !== undefined && end !== undefined && start > end) throw new AuditExportError('--start is after --end');
  const storePath = join(dataDir, 'store');
  if (!existsSync(join(storePath, 'data.mdb'))) throw new AuditExportError(`no Sealstream store in ${dataDir}`);

  const engine = new LmdbEngine({ path: storePath, readOnly: true });
  await engine.open();
  let count = 0;
  try {
    const trail = new TrailLog({ engine });
    // Events at or after --start arrived at or after it: skip what arrived before.
    const fromSeq = start === undefined ? 0 : await trail.seqArrivedFrom(start);
    if (fromSeq === undefined) return 0;
    for await (const { record } of trail.oldestFirst(fromSeq)) {
      const time = Date.parse(record.eventTime);
      if ((start !== undefined && time < start) || (end !== undefined && time > end)) continue;
      if (!out.write(JSON.stringify(record) + '\n')) await once(out, 'drain');
      count += 1;
    }
  } finally {
    await engine.close();
  }
  return count;
}

function parseArgsOrThrow(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: { 'data-dir': { type: 'string' }, start: { type: 'string' }, end: { type: 'string' } }, strict: true, allowPositionals: false });
  } catch (error) {
    throw new AuditExportError(error instanceof Error ? error.message : String(error));
  }
}

function parseTime(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw new AuditExportError(`${flag} is not an ISO 8601 time: ${text}`);
  return time;
}
