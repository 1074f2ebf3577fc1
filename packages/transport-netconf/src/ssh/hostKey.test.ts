import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TransportError } from '@meshrr/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostKeyMismatchError } from '../errors.js';
import { testKeyPair } from '../testing-support/fakeSshServer.js';
import { JunosScriptServer } from '../testing-support/junosScriptServer.js';
import { fixture } from '../testing-support/junosFixtures.js';
import { startJunosHarness, type JunosHarness } from '../testing-support/junosHarness.js';
import { missingPrerequisite } from '../testing-support/realServers.js';
import { keyTypeOf, normalizeFingerprint, sha256Fingerprint } from './fingerprint.js';
import { hostsMatch, keysFor, knownHostName, parseKnownHosts } from './knownHosts.js';

const noSshKeygen = missingPrerequisite('ssh-keygen cross-checks', ['/usr/bin/ssh-keygen'], false);

describe('fingerprints', () => {
  it('normalises operator spellings and refuses MD5', () => {
    const fp = 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8';
    expect(normalizeFingerprint(fp)).toBe(fp);
    expect(normalizeFingerprint('sha256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8=')).toBe(fp);
    expect(normalizeFingerprint(' nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8 ')).toBe(fp);
    expect(() => normalizeFingerprint('16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48')).toThrow(
      'is not a SHA256 fingerprint',
    );
  });

  it.skipIf(noSshKeygen !== undefined)('matches ssh-keygen -lf for a generated ed25519 key', () => {
    const pair = testKeyPair('x');
    const dir = execFileSync('mktemp', ['-d']).toString().trim();
    writeFileSync(join(dir, 'k.pub'), pair.publicKey);
    const out = execFileSync('ssh-keygen', ['-lf', join(dir, 'k.pub')]).toString();
    execFileSync('rm', ['-rf', dir]);
    expect(out.split(' ')[1]).toBe(sha256Fingerprint(pair.blob));
    expect(keyTypeOf(pair.blob)).toBe('ssh-ed25519');
  });
});

describe('known_hosts', () => {
  const key = testKeyPair('k');
  const b64 = key.blob.toString('base64');

  it('parses plain, bracketed-port, wildcard, negated and marker lines; skips junk', () => {
    const entries = parseKnownHosts(
      `# comment\n\n[127.0.0.1]:830 ssh-ed25519 ${b64}\nrouter1,10.0.0.1 ssh-ed25519 ${b64} c\n@revoked * ssh-ed25519 ${b64}\n10.* ,!10.9.9.9 ssh-ed25519\ngarbage\n`,
    );
    expect(entries.map((e) => [e.line, e.marker, e.hosts])).toEqual([
      [3, undefined, ['[127.0.0.1]:830']],
      [4, undefined, ['router1', '10.0.0.1']],
      [5, 'revoked', ['*']],
    ]);
    expect(keysFor(entries, '127.0.0.1', 830).keys.map((e) => e.line)).toEqual([3]);
    expect(keysFor(entries, '10.0.0.1', 22).keys.map((e) => e.line)).toEqual([4]);
    expect(keysFor(entries, '10.0.0.1', 830).keys).toEqual([]);
    expect(keysFor(entries, '10.0.0.1', 830).revoked.map((e) => e.line)).toEqual([5]);
  });

  it('applies wildcards and negation like OpenSSH', () => {
    expect(knownHostName('h', 22)).toBe('h');
    expect(knownHostName('::1', 830)).toBe('[::1]:830');
    expect(hostsMatch(['10.0.0.*', '!10.0.0.9'], '10.0.0.5')).toBe(true);
    expect(hostsMatch(['10.0.0.*', '!10.0.0.9'], '10.0.0.9')).toBe(false);
    expect(hostsMatch(['[127.0.0.?]:830'], '[127.0.0.1]:830')).toBe(true);
    expect(hostsMatch(['127.0.0.1'], '[127.0.0.1]:830')).toBe(false);
  });

  it.skipIf(noSshKeygen !== undefined)('matches hashed entries written by ssh-keygen -H', () => {
    const dir = execFileSync('mktemp', ['-d']).toString().trim();
    const file = join(dir, 'known_hosts');
    writeFileSync(file, `[127.0.0.1]:8830 ssh-ed25519 ${b64}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const entries = parseKnownHosts(readFileSync(file, 'utf8'));
    execFileSync('rm', ['-rf', dir]);
    expect(entries[0]?.hosts[0]?.startsWith('|1|')).toBe(true);
    expect(keysFor(entries, '127.0.0.1', 8830).keys).toHaveLength(1);
    expect(keysFor(entries, '127.0.0.1', 8831).keys).toHaveLength(0);
  });
});

describe('host key policies against an ssh2 server', () => {
  let h: JunosHarness;
  beforeEach(async () => {
    h = await startJunosHarness();
  });
  afterEach(async () => {
    await h.close();
  });
  const serve = (): void =>
    void h.scripts.push(new JunosScriptServer(fixture('pyez_hello_junos_with-comment-preamble_eom.txt'), []));
  const open = (hostKey: Parameters<JunosHarness['transport']>[0]): Promise<unknown> =>
    h.transport(hostKey).open(new AbortController().signal);
  const presented = (): string => sha256Fingerprint(h.server.hostKey.blob);

  it('refuses a wrong pinned fingerprint, naming both fingerprints', async () => {
    const pinned = sha256Fingerprint(testKeyPair('other').blob);
    const error = await open({ hostKey: { kind: 'fingerprint', sha256: pinned } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostKeyMismatchError);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as HostKeyMismatchError).message).toContain(
      `host key mismatch for [127.0.0.1]:${h.server.port}: expected ${pinned} (pinned fingerprint), server presented ${presented()}`,
    );
    expect(h.scripts).toHaveLength(0);
  });

  it('accepts any of several pinned fingerprints (rollover)', async () => {
    serve();
    await expect(
      open({ hostKey: { kind: 'fingerprint', sha256: [sha256Fingerprint(testKeyPair('old').blob), presented()] } }),
    ).resolves.toBeDefined();
  });

  it('checks an OpenSSH known_hosts file: trusted, mismatch with line number, unknown host, revoked', async () => {
    const file = join(h.dir, 'known_hosts');
    const entry = (blob: Buffer, prefix = ''): string =>
      `${prefix}[127.0.0.1]:${h.server.port} ssh-ed25519 ${blob.toString('base64')}\n`;
    writeFileSync(file, `# pods\n${entry(h.server.hostKey.blob)}`);
    serve();
    await expect(open({ hostKey: { kind: 'known-hosts', path: file } })).resolves.toBeDefined();
    const other = testKeyPair('other').blob;
    writeFileSync(file, entry(other));
    await expect(open({ hostKey: { kind: 'known-hosts', path: file } })).rejects.toThrow(
      `expected ${sha256Fingerprint(other)} (${file} line 1), server presented ${presented()}`,
    );
    writeFileSync(file, 'other-host ssh-ed25519 AAAA\n');
    await expect(open({ hostKey: { kind: 'known-hosts', path: file } })).rejects.toMatchObject({
      code: 'host-key-unknown',
    });
    writeFileSync(file, `${entry(h.server.hostKey.blob)}${entry(h.server.hostKey.blob, '@revoked ')}`);
    await expect(open({ hostKey: { kind: 'known-hosts', path: file } })).rejects.toThrow(`revoked in ${file}:2`);
  });

  it('trust-on-first-use records the key once, then pins it', async () => {
    const file = join(h.dir, 'state', 'known_hosts');
    serve();
    serve();
    await open({ hostKey: { kind: 'trust-on-first-use', path: file } });
    const recorded = readFileSync(file, 'utf8');
    expect(recorded).toBe(`[127.0.0.1]:${h.server.port} ssh-ed25519 ${h.server.hostKey.blob.toString('base64')}\n`);
    await open({ hostKey: { kind: 'trust-on-first-use', path: file } });
    expect(readFileSync(file, 'utf8')).toBe(recorded);
    expect(h.logger.messages('warn').filter((m) => m === 'trusting the device host key on first use')).toHaveLength(1);
    const other = testKeyPair('other').blob;
    writeFileSync(file, `[127.0.0.1]:${h.server.port} ssh-ed25519 ${other.toString('base64')}\n`);
    await expect(open({ hostKey: { kind: 'trust-on-first-use', path: file } })).rejects.toBeInstanceOf(
      HostKeyMismatchError,
    );
  });

  it('accept-any connects and warns', async () => {
    serve();
    await open({ hostKey: { kind: 'accept-any' } });
    expect(h.logger.messages('warn')).toContain('host key NOT verified (hostKey policy accept-any)');
  });

  it('reports refused connections and bad keys as TransportError', async () => {
    await expect(h.transport({ port: 1 }).open(new AbortController().signal)).rejects.toThrow(
      'SSH to meshrr@127.0.0.1:1: connection refused',
    );
    await expect(
      h.transport({ privateKeyPath: join(h.dir, 'missing') }).open(new AbortController().signal),
    ).rejects.toMatchObject({ code: 'ssh-key' });
    writeFileSync(join(h.dir, 'other_key'), testKeyPair('stranger').privateKey, { mode: 0o600 });
    await expect(
      h.transport({ privateKeyPath: join(h.dir, 'other_key') }).open(new AbortController().signal),
    ).rejects.toThrow('SSH authentication as meshrr@127.0.0.1');
  });

  it('trust-on-first-use in a read-only command (record: false) checks a recorded key but writes nothing (issue 11 item 11)', async () => {
    const dir = join(h.dir, 'secret', 'ssh');
    const file = join(dir, 'crpd_host_key');
    serve();
    await open({ hostKey: { kind: 'trust-on-first-use', path: file, record: false } });
    expect(existsSync(dir)).toBe(false);
    expect(h.logger.messages('warn')).toContain('device host key accepted for this read-only command, not recorded');
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, `[127.0.0.1]:${h.server.port} ssh-ed25519 ${testKeyPair('other').blob.toString('base64')}\n`);
    await expect(open({ hostKey: { kind: 'trust-on-first-use', path: file, record: false } })).rejects.toBeInstanceOf(
      HostKeyMismatchError,
    );
  });

  it('trust-on-first-use creates its directory 0700 and the file 0600 whatever the umask (issue 11 item 11)', async () => {
    const file = join(h.dir, 'fresh', 'known_hosts');
    serve();
    const previous = process.umask(0);
    try {
      await open({ hostKey: { kind: 'trust-on-first-use', path: file } });
    } finally {
      process.umask(previous);
    }
    expect([statSync(join(h.dir, 'fresh')).mode & 0o777, statSync(file).mode & 0o777]).toEqual([0o700, 0o600]);
  });

  it.each([0o644, 0o640, 0o604, 0o660])(
    'refuses a private key of mode %o, which others could read or replace (issue 11 item 11)',
    async (mode) => {
      const path = join(h.dir, `key_${mode.toString(8)}`);
      writeFileSync(path, testKeyPair('client').privateKey);
      chmodSync(path, mode);
      await expect(h.transport({ privateKeyPath: path }).open(new AbortController().signal)).rejects.toThrow(
        `SSH private key ${path} is accessible by group or others (mode 0${mode.toString(8)})`,
      );
    },
  );

  it.each(['/dev/zero', '/dev/urandom'])(
    'a private key or known_hosts file at %s fails at once naming it (issue 11 item 8)',
    async (device) => {
      await expect(h.transport({ privateKeyPath: device }).open(new AbortController().signal)).rejects.toThrow(
        `SSH private key ${device} is a character device, not a regular file`,
      );
      await expect(open({ hostKey: { kind: 'known-hosts', path: device } })).rejects.toThrow(
        `known_hosts file ${device} is a character device, not a regular file`,
      );
    },
  );
});
