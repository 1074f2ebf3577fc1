import { appendFile, chmod, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FILE_LIMITS, readBoundedText, TransportError, type Logger } from '@meshrr/core';
import { HostKeyMismatchError } from '../errors.js';
import { keyTypeOf, normalizeFingerprint, sha256Fingerprint } from './fingerprint.js';
import type { HostKeyPolicy } from './hostKeyPolicy.js';
import { keysFor, knownHostName, parseKnownHosts } from './knownHosts.js';

/** Checks a presented host key blob: resolves when trusted, rejects with a `TransportError` (usually {@link HostKeyMismatchError}) otherwise. */
export type HostKeyVerifier = (key: Buffer) => Promise<void>;

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readBoundedText(path, { maxBytes: FILE_LIMITS.small, what: 'known_hosts file' });
  } catch (error) {
    if ((error as { missing?: boolean }).missing === true) return undefined;
    throw new TransportError((error as Error).message, { cause: error, code: 'host-key-file' });
  }
}

function checkAgainstFile(text: string, path: string, host: string, port: number, key: Buffer): 'trusted' | 'unknown' {
  const presented = sha256Fingerprint(key);
  const { keys, revoked } = keysFor(parseKnownHosts(text), host, port);
  const bad = revoked.find((e) => e.key.equals(key));
  if (bad !== undefined)
    throw new HostKeyMismatchError(knownHostName(host, port), [], presented, `revoked in ${path}:${bad.line}`);
  if (keys.length === 0) return 'unknown';
  if (keys.some((e) => e.key.equals(key))) return 'trusted';
  throw new HostKeyMismatchError(
    knownHostName(host, port),
    keys.map((e) => sha256Fingerprint(e.key)),
    presented,
    `${path} line ${keys.map((e) => e.line).join(', ')}`,
  );
}

async function trustOnFirstUse(
  path: string,
  record: boolean,
  host: string,
  port: number,
  key: Buffer,
  logger: Logger,
): Promise<void> {
  const text = await readOptional(path);
  if (text !== undefined && checkAgainstFile(text, path, host, port, key) === 'trusted') return;
  const type = keyTypeOf(key);
  if (type === undefined)
    throw new TransportError(`host key of ${host}:${port} is unreadable`, { code: 'host-key-file' });
  if (!record) {
    logger.warn(
      { host, port, fingerprint: sha256Fingerprint(key), file: path },
      'device host key accepted for this read-only command, not recorded',
    );
    return;
  }
  const dir = dirname(path);
  const created = await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode is masked by the umask (0777 under umask 000 once); set it outright.
  if (created !== undefined) await chmod(dir, 0o700);
  const prefix = text === undefined || text === '' || text.endsWith('\n') ? '' : '\n';
  await appendFile(path, `${prefix}${knownHostName(host, port)} ${type} ${key.toString('base64')}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  logger.warn(
    { host, port, fingerprint: sha256Fingerprint(key), file: path },
    'trusting the device host key on first use',
  );
}

/**
 * Builds the verifier for `policy` and the device at `host`:`port`. Files are read at every
 * connect (an operator's fix takes effect on the next retry). A known_hosts file without an entry
 * for the host fails with a `TransportError` (code `host-key-unknown`).
 */
export function hostKeyVerifier(policy: HostKeyPolicy, host: string, port: number, logger: Logger): HostKeyVerifier {
  switch (policy.kind) {
    case 'accept-any':
      return async (key) => {
        logger.warn(
          { host, port, fingerprint: sha256Fingerprint(key) },
          'host key NOT verified (hostKey policy accept-any)',
        );
      };
    case 'fingerprint': {
      const pins = (typeof policy.sha256 === 'string' ? [policy.sha256] : [...policy.sha256]).map(normalizeFingerprint);
      return async (key) => {
        const presented = sha256Fingerprint(key);
        if (!pins.includes(presented))
          throw new HostKeyMismatchError(knownHostName(host, port), pins, presented, 'pinned fingerprint');
      };
    }
    case 'known-hosts':
      return async (key) => {
        const text = (await readOptional(policy.path)) ?? '';
        if (checkAgainstFile(text, policy.path, host, port, key) === 'unknown') {
          throw new TransportError(
            `no host key for ${knownHostName(host, port)} in ${policy.path}; the server presented ${sha256Fingerprint(key)}`,
            { code: 'host-key-unknown' },
          );
        }
      };
    case 'trust-on-first-use':
      return (key) => trustOnFirstUse(policy.path, policy.record !== false, host, port, key, logger);
  }
}
