// Structured logs (pino). Nothing secret is ever passed to the logger: request bodies,
// key material and credentials stay out of log records.
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config/config.js';

export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { service: 'sealstream' }, timestamp: pino.stdTimeFunctions.isoTime });
}
