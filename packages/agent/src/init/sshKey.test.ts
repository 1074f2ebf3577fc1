import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import {
  ensureSshIdentity,
  generateEd25519OpenSshKey,
  openSshEd25519PrivateKey,
  SshKeyError,
  throwAwayPublicKey,
} from './sshKey.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshrr-ssh-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ensureSshIdentity', () => {
  it('generates an OpenSSH ed25519 pair with a 0600 private key', async () => {
    const id = await ensureSshIdentity(join(dir, 'ssh', 'id_ed25519'));
    expect(id.generated).toBe(true);
    expect(id.publicKey).toMatch(/^ssh-ed25519 [A-Za-z0-9+/=]{68} meshrr$/);
    expect(await readFile(id.privateKeyPath, 'utf8')).toContain('-----BEGIN OPENSSH PRIVATE KEY-----');
    expect((await stat(id.privateKeyPath)).mode & 0o777).toBe(0o600);
    expect((await readFile(id.publicKeyPath, 'utf8')).trim()).toBe(id.publicKey);
  });

  it('is idempotent: a second run keeps the key and derives the same public key (meshrr B18)', async () => {
    const path = join(dir, 'id_ed25519');
    const first = await ensureSshIdentity(path);
    const before = await readFile(path, 'utf8');
    const second = await ensureSshIdentity(path);
    expect(second.generated).toBe(false);
    expect(second.publicKey).toBe(first.publicKey);
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('refuses a file that is not an ed25519 private key, naming the file', async () => {
    const path = join(dir, 'id_ed25519');
    await writeFile(path, 'garbage');
    await expect(ensureSshIdentity(path)).rejects.toThrow(SshKeyError);
    await expect(ensureSshIdentity(path)).rejects.toThrow(`${path} is not a usable private key`);
  });

  it('creates the key directory 0700 and the key 0600 whatever the umask (issue 11 item 11)', async () => {
    const previous = process.umask(0);
    try {
      const id = await ensureSshIdentity(join(dir, 'secret', 'ssh', 'id_ed25519'));
      expect((await stat(join(dir, 'secret'))).mode & 0o777).toBe(0o700);
      expect((await stat(join(dir, 'secret', 'ssh'))).mode & 0o777).toBe(0o700);
      expect((await stat(id.privateKeyPath)).mode & 0o777).toBe(0o600);
      expect((await stat(id.publicKeyPath)).mode & 0o777).toBe(0o644);
    } finally {
      process.umask(previous);
    }
  });

  it('an existing private key others can read is set to 0600, with a warning (issue 11 item 11)', async () => {
    const path = join(dir, 'id_ed25519');
    const first = await ensureSshIdentity(path);
    await chmod(path, 0o644);
    const again = await ensureSshIdentity(path);
    expect(again.publicKey).toBe(first.publicKey);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(again.warnings).toEqual([`${path} was mode 0644 (readable by group or others): set to 0600`]);
    expect((await ensureSshIdentity(path)).warnings).toEqual([]);
  });

  it.each(['/dev/zero', '/dev/urandom'])(
    'a key path at %s fails at once naming it (issue 11 item 8)',
    async (device) => {
      await expect(ensureSshIdentity(device)).rejects.toThrow(
        `SSH private key ${device} is a character device, not a regular file`,
      );
    },
  );
});

describe('throwAwayPublicKey', () => {
  it('is an OpenSSH ed25519 public key line that ssh2 parses, different every time', async () => {
    const { default: ssh2 } = await import('ssh2');
    const line = throwAwayPublicKey();
    expect(line).toMatch(/^ssh-ed25519 [A-Za-z0-9+/=]{68} meshrr-preview$/);
    const parsed = ssh2.utils.parseKey(line);
    expect(parsed instanceof Error ? parsed.message : (Array.isArray(parsed) ? parsed[0] : parsed)?.type).toBe(
      'ssh-ed25519',
    );
    expect(throwAwayPublicKey()).not.toBe(line);
  });
});

describe('OpenSSH ed25519 private keys', () => {
  // sha256('meshrr-398') is a seed whose public key starts with a zero byte: the case ssh2 1.17.0's
  // generator writes as a 31-byte key that its own parser (and OpenSSH) refuse.
  const seed = createHash('sha256').update('meshrr-398').digest();
  const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
  const publicKey = Buffer.from(
    createPublicKey(
      createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' }),
    ).export({ format: 'jwk' }).x!,
    'base64url',
  );

  it('encodes a public key with a leading zero byte at its full 32 bytes (golden; ssh-keygen -y accepted it when recorded)', async () => {
    expect(publicKey[0]).toBe(0);
    const text = openSshEd25519PrivateKey(seed, publicKey, 'meshrr', Buffer.from('01020304', 'hex'));
    expect(text).toBe(
      [
        '-----BEGIN OPENSSH PRIVATE KEY-----',
        'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
        'QyNTUxOQAAACAAe6++GP4x6tTuSME0zZy/Jl62dwHYuKVh/kR4dbFaggAAAJABAgMEAQID',
        'BAAAAAtzc2gtZWQyNTUxOQAAACAAe6++GP4x6tTuSME0zZy/Jl62dwHYuKVh/kR4dbFagg',
        'AAAEDqNHZoSWFAXIAHtguGYRzMIYNsnrj4ZOwOC0S4gMei+AB7r74Y/jHq1O5IwTTNnL8m',
        'XrZ3Adi4pWH+RHh1sVqCAAAABm1lc2hycgECAwQFBgc=',
        '-----END OPENSSH PRIVATE KEY-----',
        '',
      ].join('\n'),
    );
    const { default: ssh2 } = await import('ssh2');
    const parsed = ssh2.utils.parseKey(text);
    if (parsed instanceof Error || Array.isArray(parsed)) throw new Error(`ssh2 refused the key: ${String(parsed)}`);
    expect(parsed.getPublicSSH().subarray(-32)).toEqual(publicKey);
    expect(parsed.comment).toBe('meshrr');
  });

  it('every generated key parses with a 32-byte public key (ssh2 1.17.0 fails about 1 in 256)', async () => {
    const { default: ssh2 } = await import('ssh2');
    const refused: string[] = [];
    for (let i = 0; i < 2000; i += 1) {
      const text = generateEd25519OpenSshKey('meshrr');
      const parsed = ssh2.utils.parseKey(text);
      if (parsed instanceof Error || Array.isArray(parsed) || parsed.getPublicSSH().length !== 51) refused.push(text);
    }
    expect(refused).toEqual([]);
  });

  it('refuses halves of the wrong size', () => {
    expect(() => openSshEd25519PrivateKey(seed.subarray(1), publicKey, 'x', Buffer.alloc(4))).toThrow(SshKeyError);
  });
});
