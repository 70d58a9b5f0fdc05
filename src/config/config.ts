// One typed Config from flags, environment (SEALSTREAM_<NAME>) and defaults, in that
// order of precedence. An unknown flag or a bad value is an error at start, never a
// silent default.

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  inMemory: boolean;
  region: string;
  accountId: string;
  transitionMs: number;
  keyCacheTtlMs: number;
  /** Worker threads that seal and open big record batches; undefined: one fewer than the cores, at most four. */
  cryptoThreads: number | undefined;
  logLevel: LogLevel;
  /** Production root key; without it one is generated into the data dir. */
  rootKeyFile: string | undefined;
  /** An AWS-KMS-compatible endpoint to use instead of the built-in key store. */
  kmsEndpoint: string | undefined;
  kmsAccessKeyId: string | undefined;
  kmsSecretAccessKey: string | undefined;
  /** The HTTPS port (ALPN h2 and http/1.1); off when undefined. */
  tlsPort: number | undefined;
  tlsCert: string | undefined;
  tlsKey: string | undefined;
  tlsSelfSigned: boolean;
  /** Firehose HTTP endpoint destinations may use http:// (AWS requires https://), for local receivers. */
  allowHttpEndpoints: boolean;
  /**
   * open: any well-formed SigV4 request acts as the account root; strict: signatures are
   * verified and IAM policies decide. Undefined until loadConfig settles it: open on a
   * loopback host, strict elsewhere.
   */
  auth: AuthMode;
  /** Lets --auth open listen on a non-loopback host. */
  allowOpenAuth: boolean;
  /** The account root's credentials, JSON as credential_process prints it; without it strict mode writes new ones into the data dir. */
  rootCredentialsFile: string | undefined;
}

export type AuthMode = 'open' | 'strict';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Kind = 'string' | 'url' | 'port' | 'duration' | 'boolean' | 'region' | 'account' | 'level' | 'auth' | 'threads';

interface FlagSpec {
  key: keyof Config;
  kind: Kind;
  help: string;
}

const flags: Record<string, FlagSpec> = {
  host: { key: 'host', kind: 'string', help: 'address to listen on (default 127.0.0.1)' },
  port: { key: 'port', kind: 'port', help: 'port for every service, 0 for any free port (default 4567)' },
  'data-dir': { key: 'dataDir', kind: 'string', help: 'directory of the embedded store (default ./data)' },
  'in-memory': { key: 'inMemory', kind: 'boolean', help: 'keep everything in memory, nothing on disk' },
  region: { key: 'region', kind: 'region', help: 'default region (default us-east-1)' },
  'account-id': { key: 'accountId', kind: 'account', help: 'default account, 12 digits (default 000000000000)' },
  'transition-ms': { key: 'transitionMs', kind: 'duration', help: 'how long CREATING/UPDATING/DELETING last (default 1000)' },
  'key-cache-ttl-ms': { key: 'keyCacheTtlMs', kind: 'duration', help: 'plaintext key-material cache lifetime (default 300000)' },
  'crypto-threads': { key: 'cryptoThreads', kind: 'threads', help: 'worker threads that seal and open big record batches, 0 for none (default: cores - 1, at most 4)' },
  'log-level': { key: 'logLevel', kind: 'level', help: 'fatal, error, warn, info, debug, trace or silent (default info)' },
  'root-key-file': { key: 'rootKeyFile', kind: 'string', help: 'file holding the 32-byte root key (default: generated in the data dir)' },
  'kms-endpoint': { key: 'kmsEndpoint', kind: 'url', help: 'use this AWS-KMS-compatible endpoint instead of the built-in key store' },
  'kms-access-key-id': { key: 'kmsAccessKeyId', kind: 'string', help: 'access key for --kms-endpoint (default: the AWS SDK credential chain)' },
  'kms-secret-access-key': { key: 'kmsSecretAccessKey', kind: 'string', help: 'secret key for --kms-endpoint' },
  'tls-port': { key: 'tlsPort', kind: 'port', help: 'also serve every service over HTTPS on this port, 0 for any free port (default off)' },
  'tls-cert': { key: 'tlsCert', kind: 'string', help: 'PEM certificate (chain) for --tls-port' },
  'tls-key': { key: 'tlsKey', kind: 'string', help: 'PEM private key for --tls-port' },
  'tls-self-signed': { key: 'tlsSelfSigned', kind: 'boolean', help: 'make a certificate for localhost and 127.0.0.1 for --tls-port, kept in the data dir' },
  'allow-http-endpoints': { key: 'allowHttpEndpoints', kind: 'boolean', help: 'let Firehose HTTP endpoint destinations use http:// URLs (AWS: https:// only)' },
  auth: { key: 'auth', kind: 'auth', help: 'open (any signature acts as the account root) or strict (verified signatures, IAM policies); default open on a loopback host, else strict' },
  'allow-open-auth': { key: 'allowOpenAuth', kind: 'boolean', help: 'allow --auth open on a non-loopback host' },
  'root-credentials-file': { key: 'rootCredentialsFile', kind: 'string', help: "the account root's credentials, JSON as credential_process prints it (default: generated in the data dir by strict mode)" },
};

export const defaults: Config = {
  host: '127.0.0.1',
  port: 4567,
  dataDir: './data',
  inMemory: false,
  region: 'us-east-1',
  accountId: '000000000000',
  transitionMs: 1000,
  keyCacheTtlMs: 300_000,
  cryptoThreads: undefined,
  logLevel: 'info',
  rootKeyFile: undefined,
  kmsEndpoint: undefined,
  kmsAccessKeyId: undefined,
  kmsSecretAccessKey: undefined,
  tlsPort: undefined,
  tlsCert: undefined,
  tlsKey: undefined,
  tlsSelfSigned: false,
  allowHttpEndpoints: false,
  auth: 'open',
  allowOpenAuth: false,
  rootCredentialsFile: undefined,
};

const levels: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function convert(name: string, spec: FlagSpec, raw: string): Config[keyof Config] {
  const bad = (what: string) => new ConfigError(`invalid value '${raw}' for --${name}: ${what}`);
  switch (spec.kind) {
    case 'string':
      if (raw === '') throw bad('must not be empty');
      return raw;
    case 'url':
      if (!/^https?:\/\/[^\s/]+/.test(raw)) throw bad('expected an http:// or https:// URL');
      return raw;
    case 'port': {
      if (!/^\d+$/.test(raw) || Number(raw) > 65535) throw bad('expected a port number from 0 to 65535');
      return Number(raw);
    }
    case 'duration':
      if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw bad('expected a whole number of milliseconds');
      return Number(raw);
    case 'boolean':
      if (['true', '1', 'yes', ''].includes(raw.toLowerCase())) return true;
      if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
      throw bad('expected true or false');
    case 'region':
      if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(raw)) throw bad('expected a region name such as us-east-1');
      return raw;
    case 'account':
      if (!/^\d{12}$/.test(raw)) throw bad('expected a 12-digit account id');
      return raw;
    case 'level':
      if (!levels.includes(raw as LogLevel)) throw bad(`expected one of ${levels.join(', ')}`);
      return raw as LogLevel;
    case 'auth':
      if (raw !== 'open' && raw !== 'strict') throw bad('expected open or strict');
      return raw;
    case 'threads':
      if (!/^\d+$/.test(raw) || Number(raw) > 64) throw bad('expected a number of threads from 0 to 64');
      return Number(raw);
  }
}

function envName(flag: string): string {
  return 'SEALSTREAM_' + flag.toUpperCase().replace(/-/g, '_');
}

/** argv: the arguments after `serve`. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): Config {
  const config: Config = { ...defaults };
  const set = config as unknown as Record<string, unknown>;
  let authGiven = false;
  for (const [name, spec] of Object.entries(flags)) {
    const raw = env[envName(name)];
    if (raw !== undefined) set[spec.key] = convert(name, spec, raw);
    if (raw !== undefined && spec.key === 'auth') authGiven = true;
  }
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (!argument.startsWith('--')) throw new ConfigError(`unexpected argument '${argument}'`);
    const equals = argument.indexOf('=');
    const name = argument.slice(2, equals < 0 ? undefined : equals);
    const spec = flags[name];
    if (!spec) throw new ConfigError(`unknown flag --${name} (try --help)`);
    let raw: string;
    if (equals >= 0) raw = argument.slice(equals + 1);
    else if (spec.kind === 'boolean') raw = 'true';
    else {
      const next = argv[index + 1];
      if (next === undefined || next.startsWith('--')) throw new ConfigError(`flag --${name} needs a value`);
      raw = next;
      index++;
    }
    set[spec.key] = convert(name, spec, raw);
    if (spec.key === 'auth') authGiven = true;
  }
  checkTls(config);
  checkAuth(config, authGiven);
  return config;
}

/** Loopback addresses: only this machine can reach a server listening there. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Open mode lets anyone who can reach the port act as the account root: the default only
 * where only this machine can reach it (issue 8). Elsewhere strict is the default, and
 * open needs --allow-open-auth.
 */
function checkAuth(config: Config, authGiven: boolean): void {
  if (!authGiven) config.auth = isLoopbackHost(config.host) ? 'open' : 'strict';
  if (config.auth === 'open' && !isLoopbackHost(config.host) && !config.allowOpenAuth) {
    throw new ConfigError(`--auth open on the non-loopback host ${config.host} lets anyone who reaches it act as the account root; give --allow-open-auth to mean it, or use --auth strict`);
  }
}

/** The TLS flags only make sense together: a port and exactly one source of certificate. */
function checkTls(config: Config): void {
  const hasFiles = config.tlsCert !== undefined || config.tlsKey !== undefined;
  if (config.tlsPort === undefined) {
    if (hasFiles || config.tlsSelfSigned) throw new ConfigError('--tls-cert, --tls-key and --tls-self-signed need --tls-port');
    return;
  }
  if (config.tlsSelfSigned && hasFiles) throw new ConfigError('give either --tls-self-signed or --tls-cert with --tls-key, not both');
  if (!config.tlsSelfSigned && (config.tlsCert === undefined || config.tlsKey === undefined)) {
    throw new ConfigError('--tls-port needs --tls-cert and --tls-key, or --tls-self-signed');
  }
  if (config.tlsPort !== 0 && config.tlsPort === config.port) throw new ConfigError(`--tls-port ${config.tlsPort} is also --port; give them different ports`);
}

export function usage(): string {
  const lines = Object.entries(flags).map(([name, spec]) => `  --${name.padEnd(18)} ${spec.help}  [${envName(name)}]`);
  return ['Usage: sealstream serve [flags]', '', 'Flags (each also an environment variable):', ...lines].join('\n');
}
