import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { FILE_LIMITS, MeshrrError, readBoundedText } from '@meshrr/core';

/** The pod's SSH identity: where it lives and its public key line. */
export interface SshIdentity {
  readonly privateKeyPath: string;
  readonly publicKeyPath: string;
  /** OpenSSH public key line, e.g. `ssh-ed25519 AAAA... meshrr`. */
  readonly publicKey: string;
  /** True when this call generated the key pair; false when an existing one was reused. */
  readonly generated: boolean;
  /** What was wrong and has been fixed (an existing key's unsafe mode); the caller prints them. */
  readonly warnings: readonly string[];
}

/** The key file exists but cannot be used. */
export class SshKeyError extends MeshrrError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ssh-key', message, options);
  }
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readBoundedText(path, { maxBytes: FILE_LIMITS.small, what: 'SSH private key' });
  } catch (error) {
    if ((error as { missing?: boolean }).missing === true) return undefined;
    throw new SshKeyError((error as Error).message, { cause: error });
  }
}

async function publicKeyOf(privateKeyText: string, path: string): Promise<string> {
  const { default: ssh2 } = await import('ssh2');
  const parsed = ssh2.utils.parseKey(privateKeyText);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (key === undefined || key instanceof Error) {
    throw new SshKeyError(`${path} is not a usable private key: ${key instanceof Error ? key.message : 'empty'}`);
  }
  if (key.type !== 'ssh-ed25519') throw new SshKeyError(`${path} holds a ${key.type} key; meshrr uses ssh-ed25519`);
  return `${key.type} ${key.getPublicSSH().toString('base64')} meshrr`;
}

/**
 * Creates `dir` and any missing parents with mode 0700. `mkdir`'s mode is masked by the umask (a
 * 0777 key directory under umask 000), so every directory this call created is set explicitly;
 * directories that already existed are left alone (they may be shared, like /tmp).
 */
async function makePrivateDir(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (first === undefined) return;
  for (let level = resolve(dir); ; level = dirname(level)) {
    await chmod(level, 0o700);
    if (level === resolve(first) || level === dirname(level)) break;
  }
}

/** Sets an existing private key that group or others can access to 0600; refuses when that fails. */
async function tightenKeyMode(path: string): Promise<string[]> {
  const mode = (await stat(path)).mode & 0o777;
  if ((mode & 0o077) === 0) return [];
  const octal = mode.toString(8).padStart(4, '0');
  try {
    await chmod(path, 0o600);
  } catch (error) {
    throw new SshKeyError(
      `${path} is mode ${octal} (readable by group or others) and cannot be set to 0600: ${(error as Error).message}; mount it with defaultMode: 0400, or let meshrr init generate it`,
      { cause: error },
    );
  }
  return [`${path} was mode ${octal} (readable by group or others): set to 0600`];
}

/**
 * Ensures the pod has an ed25519 SSH key pair at `privateKeyPath` (OpenSSH format) and
 * `privateKeyPath.pub`. Idempotent (fixes meshrr B18): an existing private key is kept and its
 * public half re-derived; nothing ever prompts. Modes are safe whatever the umask: directories it
 * creates 0700, the private key 0600, the public key 0644; an existing private key that group or
 * others can access is set to 0600 with a warning (refused when that is impossible). The key is
 * read bounded: a device or FIFO at the path fails at once.
 */
export async function ensureSshIdentity(privateKeyPath: string): Promise<SshIdentity> {
  const publicKeyPath = `${privateKeyPath}.pub`;
  const existing = await readIfExists(privateKeyPath);
  if (existing !== undefined) {
    const publicKey = await publicKeyOf(existing, privateKeyPath);
    const warnings = await tightenKeyMode(privateKeyPath);
    await writeFile(publicKeyPath, `${publicKey}\n`, { mode: 0o644 });
    return { privateKeyPath, publicKeyPath, publicKey, generated: false, warnings };
  }
  const privateKey = generateEd25519OpenSshKey('meshrr');
  await makePrivateDir(dirname(privateKeyPath));
  await writeFile(privateKeyPath, privateKey, { mode: 0o600, flag: 'wx' });
  await chmod(privateKeyPath, 0o600);
  const publicKey = await publicKeyOf(privateKey, privateKeyPath);
  await writeFile(publicKeyPath, `${publicKey}\n`, { mode: 0o644 });
  await chmod(publicKeyPath, 0o644);
  return { privateKeyPath, publicKeyPath, publicKey, generated: true, warnings: [] };
}

function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function ed25519PublicBlob(publicKey: Buffer): Buffer {
  return Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(publicKey)]);
}

/**
 * A fresh ed25519 private key in OpenSSH format (`-----BEGIN OPENSSH PRIVATE KEY-----`, unencrypted,
 * as `ssh-keygen -t ed25519 -N ''` writes it), built with node:crypto. Not ssh2's generator: ssh2
 * 1.17.0 drops the leading zero byte of a public key that starts with one (about 1 key in 256),
 * writing a key that ssh2's own parser and OpenSSH refuse; here both halves are always 32 bytes.
 */
export function generateEd25519OpenSshKey(comment: string): string {
  const crypto = process.getBuiltinModule('node:crypto');
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  if (jwk.d === undefined || jwk.x === undefined)
    throw new SshKeyError('node:crypto exported an ed25519 key without its private or public value');
  return openSshEd25519PrivateKey(
    Buffer.from(jwk.d, 'base64url'),
    Buffer.from(jwk.x, 'base64url'),
    comment,
    crypto.randomBytes(4),
  );
}

/**
 * Encodes an ed25519 key pair (32-byte seed and 32-byte public key) in OpenSSH's private key format
 * (PROTOCOL.key: cipher and KDF `none`, one key, check integers `checkInt` twice, padding 1, 2, 3…
 * to the 8-byte block), base64 in 70-character lines. Pure.
 */
export function openSshEd25519PrivateKey(seed: Buffer, publicKey: Buffer, comment: string, checkInt: Buffer): string {
  if (seed.length !== 32 || publicKey.length !== 32 || checkInt.length !== 4)
    throw new SshKeyError('an ed25519 key needs a 32-byte seed, a 32-byte public key and a 4-byte check integer');
  const unpadded = Buffer.concat([
    checkInt,
    checkInt,
    sshString(Buffer.from('ssh-ed25519')),
    sshString(publicKey),
    sshString(Buffer.concat([seed, publicKey])),
    sshString(Buffer.from(comment, 'utf8')),
  ]);
  const padding = Buffer.from(Array.from({ length: (8 - (unpadded.length % 8)) % 8 }, (_, i) => i + 1));
  const none = sshString(Buffer.from('none'));
  const nKeys = Buffer.alloc(4);
  nKeys.writeUInt32BE(1);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    none,
    none,
    sshString(Buffer.alloc(0)),
    nKeys,
    sshString(ed25519PublicBlob(publicKey)),
    sshString(Buffer.concat([unpadded, padding])),
  ]).toString('base64');
  const lines = body.match(/.{1,70}/g) ?? [];
  return ['-----BEGIN OPENSSH PRIVATE KEY-----', ...lines, '-----END OPENSSH PRIVATE KEY-----', ''].join('\n');
}

/**
 * A fresh ed25519 public key line (`ssh-ed25519 <base64> meshrr-preview`) whose private half is
 * discarded: for previews (`meshrr render`, `meshrr validate`) when the pod's key does not exist yet.
 * Built with node:crypto (RFC 8709 wire format), so a preview never loads ssh2.
 */
export function throwAwayPublicKey(): string {
  const { publicKey } = process.getBuiltinModule('node:crypto').generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x;
  if (x === undefined) throw new SshKeyError('node:crypto exported an ed25519 key without its public value');
  const blob = ed25519PublicBlob(Buffer.from(x, 'base64url'));
  return `ssh-ed25519 ${blob.toString('base64')} meshrr-preview`;
}
