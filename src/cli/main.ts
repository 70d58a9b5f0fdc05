#!/usr/bin/env node
// `sealstream serve [flags]`: runs the server until SIGTERM or SIGINT, then drains
// in-flight requests and closes the store cleanly.
import { ConfigError, loadConfig, usage } from '../config/config.js';
import { startSealstream, version } from '../main.js';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version') {
    console.log(version);
    return 0;
  }
  if (command === undefined || command === '--help' || command === 'help' || rest.includes('--help')) {
    console.log(usage());
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('sealstream: failed to start:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
