import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MeshrrError } from '@meshrr/core';

/** The pod's SSH identity: where it lives and its public key line. */
export interface SshIdentity {
  readonly privateKeyPath: string;
  readonly publicKeyPath: string;
  /** OpenSSH public key line, e.g. `ssh-ed25519 AAAA... meshrr`. */
  readonly publicKey: string;
  /** True when this call generated the key pair; false when an existing one was reused. */
  readonly generated: boolean;
}

/** The key file exists but cannot be used. */
export class SshKeyError extends MeshrrError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ssh-key', message, options);
  }
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SshKeyError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
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
 * Ensures the pod has an ed25519 SSH key pair at `privateKeyPath` (OpenSSH format, mode 0600) and
 * `privateKeyPath.pub`. Idempotent (fixes meshrr B18): an existing private key is kept and its
 * public half re-derived; nothing ever prompts.
 */
export async function ensureSshIdentity(privateKeyPath: string): Promise<SshIdentity> {
  const publicKeyPath = `${privateKeyPath}.pub`;
  const existing = await readIfExists(privateKeyPath);
  if (existing !== undefined) {
    const publicKey = await publicKeyOf(existing, privateKeyPath);
    await writeFile(publicKeyPath, `${publicKey}\n`, { mode: 0o644 });
    return { privateKeyPath, publicKeyPath, publicKey, generated: false };
  }
  const { default: ssh2 } = await import('ssh2');
  const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment: 'meshrr' });
  await mkdir(dirname(privateKeyPath), { recursive: true });
  await writeFile(privateKeyPath, pair.private, { mode: 0o600, flag: 'wx' });
  await chmod(privateKeyPath, 0o600);
  const publicKey = await publicKeyOf(pair.private, privateKeyPath);
  await writeFile(publicKeyPath, `${publicKey}\n`, { mode: 0o644 });
  return { privateKeyPath, publicKeyPath, publicKey, generated: true };
}

function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
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
  const blob = Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(Buffer.from(x, 'base64url'))]);
  return `ssh-ed25519 ${blob.toString('base64')} meshrr-preview`;
}
