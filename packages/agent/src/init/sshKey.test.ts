import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureSshIdentity, SshKeyError, throwAwayPublicKey } from './sshKey.js';

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
