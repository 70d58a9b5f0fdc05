// The HTTPS port's certificate: the operator's files (--tls-cert/--tls-key), or one this
// server makes for itself (--tls-self-signed) for localhost, 127.0.0.1 and ::1, so local
// clients can trust it by its file (Node `ca`, Java truststore, AWS_CA_BUNDLE for the CLI).
// A self-signed certificate is kept in the data dir and reused, renewed when it nears
// expiry; with --in-memory a fresh one is made each start and only the certificate (no
// key) is written, to a temporary directory, for clients to trust.
// Node has no X.509 builder, so `selfsigned` (WebCrypto-based, no install scripts) makes it.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';

export interface ServerCertificate {
  /** PEM. */
  key: string;
  /** PEM. */
  cert: string;
  /** Where clients find the certificate to trust. */
  certificatePath: string;
  /** Removes a certificate written only for this run (--in-memory). */
  dispose(): void;
}

const validityDays = 365;
/** A kept certificate this close to expiry is replaced at start, so a long-running dev setup never meets an expired one. */
const renewBeforeDays = 30;
const dayMs = 86_400_000;

/** The operator's certificate and key, checked to be PEM that belong together before the port opens. */
export function loadCertificateFiles(certFile: string, keyFile: string): ServerCertificate {
  const cert = readPem(certFile, '--tls-cert');
  const key = readPem(keyFile, '--tls-key');
  try {
    tls.createSecureContext({ cert, key });
  } catch (error) {
    throw new Error(`--tls-cert ${certFile} and --tls-key ${keyFile} do not make a usable certificate: ${(error as Error).message}`);
  }
  return { key, cert, certificatePath: certFile, dispose() {} };
}

/** The self-signed certificate under `dataDir/tls/`, made on first start; a fresh one per start without a data dir. */
export async function selfSignedCertificate(dataDir: string | undefined, now: number = Date.now()): Promise<ServerCertificate> {
  if (dataDir === undefined) {
    const { key, cert } = await createSelfSigned(now);
    const dir = mkdtempSync(join(tmpdir(), 'sealstream-tls-'));
    const certificatePath = join(dir, 'localhost.crt');
    writeFileSync(certificatePath, cert);
    return { key, cert, certificatePath, dispose: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const dir = join(dataDir, 'tls');
  const certificatePath = join(dir, 'localhost.crt');
  const keyPath = join(dir, 'localhost.key');
  if (existsSync(certificatePath) && existsSync(keyPath)) {
    const cert = readFileSync(certificatePath, 'utf8');
    const key = readFileSync(keyPath, 'utf8');
    if (new Date(new X509Certificate(cert).validTo).getTime() - now > renewBeforeDays * dayMs) {
      createPrivateKey(key);
      return { key, cert, certificatePath, dispose() {} };
    }
  }
  const { key, cert } = await createSelfSigned(now);
  mkdirSync(dir, { recursive: true });
  // The key first and private: a certificate without its key is useless, a key readable by others is not.
  writeFileSync(keyPath, key, { mode: 0o600 });
  chmodSync(keyPath, 0o600);
  writeFileSync(certificatePath, cert);
  return { key, cert, certificatePath, dispose() {} };
}

async function createSelfSigned(now: number): Promise<{ key: string; cert: string }> {
  // ECDSA P-256 with SHA-256: accepted by every TLS stack AWS clients use, and made in
  // tens of milliseconds where RSA-2048 takes several hundred.
  // Loaded only when a certificate is made: the generator is a tenth of a second of start-up.
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + validityDays * dayMs),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      // Clients check the name they dialled against these (RFC 6125 §6): both loopback forms and the name.
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

function readPem(file: string, flag: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${flag} ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!text.includes('-----BEGIN ')) throw new Error(`${flag} ${file} is not a PEM file`);
  return text;
}
