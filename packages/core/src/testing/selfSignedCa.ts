import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throw-away CA and a server certificate for 127.0.0.1 / ::1 / localhost. */
export interface TestPki {
  readonly caCert: string;
  readonly serverKey: string;
  readonly serverCert: string;
  readonly clientKey: string;
  readonly clientCert: string;
}

/** Is the openssl binary available (needed by {@link makeTestPki})? */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates a self-signed CA, a server certificate (SAN 127.0.0.1, ::1, localhost) and a client
 * certificate with the openssl binary, in a temporary directory removed before returning. Test
 * support.
 */
export function makeTestPki(serverName = 'localhost'): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'meshrr-pki-'));
  const run = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  try {
    run(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      '/CN=meshrr-test-ca',
    );
    writeFileSync(join(dir, 'san.ext'), `subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost,DNS:${serverName}\n`);
    for (const who of ['server', 'client']) {
      run(
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        `${who}.key`,
        '-out',
        `${who}.csr`,
        '-subj',
        `/CN=${who === 'server' ? serverName : 'meshrr-agent'}`,
      );
      run(
        'x509',
        '-req',
        '-in',
        `${who}.csr`,
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${who}.crt`,
        '-days',
        '2',
        ...(who === 'server' ? ['-extfile', 'san.ext'] : []),
      );
    }
    const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
    return {
      caCert: read('ca.crt'),
      serverKey: read('server.key'),
      serverCert: read('server.crt'),
      clientKey: read('client.key'),
      clientCert: read('client.crt'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
