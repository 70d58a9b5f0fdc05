#!/usr/bin/env node
// `sealstream serve [flags]`: runs the server until SIGTERM or SIGINT, then drains
// in-flight requests and closes the store cleanly.
// `sealstream audit export [flags]`: prints the audit trail as JSON lines (audit-export.ts).
import { ConfigError, loadConfig, usage } from '../config/config.js';
import { startSealstream, version } from '../main.js';
import { AuditExportError, auditUsage, exportAudit } from './audit-export.js';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version') {
    console.log(version);
    return 0;
  }
  if (command === 'audit') return audit(rest);
  if (command === undefined || command === '--help' || command === 'help' || rest.includes('--help')) {
    console.log(`${usage()}\n\n${auditUsage.split('\n')[0]}`);
    return command === undefined ? 1 : 0;
  }
  if (command !== 'serve') {
    console.error(`sealstream: unknown command '${command}'\n\n${usage()}`);
    return 2;
  }
  let config;
  try {
    config = loadConfig(rest);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`sealstream: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const server = await startSealstream(config);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      server.log.info({ signal }, 'stopping');
      server.close().then(resolve, (error: unknown) => {
        server.log.error({ err: error }, 'unclean stop');
        resolve();
      });
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}

async function audit(argv: string[]): Promise<number> {
  const [subcommand, ...rest] = argv;
  if (subcommand === '--help' || rest.includes('--help')) {
    console.log(auditUsage);
    return 0;
  }
  if (subcommand !== 'export') {
    console.error(`sealstream: unknown audit command '${subcommand ?? ''}'\n\n${auditUsage}`);
    return 2;
  }
  try {
    await exportAudit(rest, process.stdout);
    return 0;
  } catch (error) {
    if (error instanceof AuditExportError) {
      console.error(`sealstream audit export: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('sealstream: failed to start:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
