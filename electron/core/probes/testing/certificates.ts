/**
 * Self-signed certificates for 127.0.0.1/localhost with any validity window, expired ones
 * included. OpenSSL 3.0's `req -x509` only takes `-days` from now, so this signs with
 * `openssl ca -selfsign -startdate -enddate`, which accepts dates in the past.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../testing/temp-dir.js';

export interface Certificate {
  cert: string;
  key: string;
}

const DAY_MS = 86_400_000;

const CA_CONFIG = `[ca]
default_ca = test_ca
[test_ca]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any_common_name
x509_extensions = server
unique_subject = no
[any_common_name]
commonName = supplied
[server]
subjectAltName = IP:127.0.0.1,DNS:localhost
basicConstraints = critical,CA:FALSE
keyUsage = digitalSignature
extendedKeyUsage = serverAuth
`;

/** A certificate valid from `validFromDaysAgo` days ago until `validForDays` days from now (negative: already expired). */
export function makeCertificate(validForDays: number, validFromDaysAgo = 30): Certificate {
  const now = Date.now();
  const dir = makeTempDir('warroom-cert-');
  try {
    writeFileSync(join(dir.path, 'ca.cnf'), CA_CONFIG);
    writeFileSync(join(dir.path, 'index.txt'), '');
    writeFileSync(join(dir.path, 'serial'), '01\n');
    openssl(dir.path, ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'key.pem', '-out', 'req.csr', '-subj', '/CN=localhost']);
    openssl(dir.path, [
      'ca', '-batch', '-config', 'ca.cnf', '-selfsign', '-keyfile', 'key.pem', '-in', 'req.csr', '-out', 'cert.pem', '-notext',
      '-startdate', opensslDate(now - validFromDaysAgo * DAY_MS),
      '-enddate', opensslDate(now + validForDays * DAY_MS),
    ]);
    return { cert: readFileSync(join(dir.path, 'cert.pem'), 'utf8'), key: readFileSync(join(dir.path, 'key.pem'), 'utf8') };
  } finally {
    dir.remove();
  }
}

function openssl(cwd: string, args: string[]): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('openssl not found: install the Debian package "openssl" (apt-get install -y openssl)', { cause: error });
    }
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`openssl ${args[0]} failed: ${stderr.trim().split('\n').slice(-3).join(' | ')}`, { cause: error });
  }
}

/** YYYYMMDDHHMMSSZ in UTC, the form `openssl ca -startdate/-enddate` takes. */
function opensslDate(at: number): string {
  return `${new Date(at).toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}
