import { createHmac } from 'node:crypto';

/** One usable line of an OpenSSH known_hosts file. */
export interface KnownHostEntry {
  /** 1-based line number (for messages). */
  readonly line: number;
  readonly marker: 'revoked' | 'cert-authority' | undefined;
  /** Host patterns (`host`, `[host]:port`, wildcards, `!negation`) or one hashed `|1|salt|hash` entry. */
  readonly hosts: readonly string[];
  readonly keyType: string;
  readonly key: Buffer;
}

/**
 * Parses known_hosts text (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): comments and blank lines are
 * skipped, and so are lines that cannot be read (OpenSSH does the same). Pure.
 */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) return;
    const marker =
      fields[0] === '@revoked' ? 'revoked' : fields[0] === '@cert-authority' ? 'cert-authority' : undefined;
    const [hosts, keyType, key] = marker === undefined ? fields : fields.slice(1);
    if (hosts === undefined || keyType === undefined || key === undefined || !/^[A-Za-z0-9+/]+=*$/.test(key)) return;
    out.push({ line: index + 1, marker, hosts: hosts.split(','), keyType, key: Buffer.from(key, 'base64') });
  });
  return out;
}

/** The name OpenSSH records for `host` on `port`: `host` on 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function wildcardMatch(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(name);
}

function hashedMatch(entry: string, name: string): boolean {
  const [, kind, salt, hash] = entry.split('|');
  if (kind !== '1' || salt === undefined || hash === undefined) return false;
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
}

/** Whether the host list of one entry matches `name` (hashed entries, wildcards, `!` negation). */
export function hostsMatch(hosts: readonly string[], name: string): boolean {
  let matched = false;
  for (const pattern of hosts) {
    if (pattern.startsWith('|')) {
      if (hashedMatch(pattern, name)) matched = true;
    } else if (pattern.startsWith('!')) {
      if (wildcardMatch(pattern.slice(1), name)) return false;
    } else if (wildcardMatch(pattern, name)) matched = true;
  }
  return matched;
}

/** Plain keys and revoked keys recorded for `host`:`port` (`@cert-authority` lines are not supported and ignored). */
export function keysFor(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number,
): { keys: KnownHostEntry[]; revoked: KnownHostEntry[] } {
  const name = knownHostName(host, port);
  const hits = entries.filter((e) => hostsMatch(e.hosts, name));
  return { keys: hits.filter((e) => e.marker === undefined), revoked: hits.filter((e) => e.marker === 'revoked') };
}
