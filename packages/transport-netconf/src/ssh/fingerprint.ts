import { createHash } from 'node:crypto';

/** OpenSSH-style fingerprint of an SSH public key blob: `SHA256:` + unpadded base64 of its SHA-256. Pure. */
export function sha256Fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * Normalises a fingerprint as operators write it (`SHA256:abc…`, `sha256:abc…`, `abc…`, with or
 * without `=` padding) to {@link sha256Fingerprint}'s form. Throws `RangeError` when it is not
 * 43 base64 characters (a SHA-256) — MD5 (`aa:bb:…`) fingerprints are refused.
 */
export function normalizeFingerprint(text: string): string {
  const body = text
    .trim()
    .replace(/^sha256:/i, '')
    .replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]{43}$/.test(body))
    throw new RangeError(
      `host key fingerprint ${JSON.stringify(text)} is not a SHA256 fingerprint (expected "SHA256:" + 43 base64 characters, as printed by ssh-keygen -lf)`,
    );
  return `SHA256:${body}`;
}

/** Key type named inside an SSH public key blob (its first string, e.g. `ssh-ed25519`); `undefined` when unreadable. */
export function keyTypeOf(keyBlob: Buffer): string | undefined {
  if (keyBlob.length < 4) return undefined;
  const length = keyBlob.readUInt32BE(0);
  if (length === 0 || length > 64 || keyBlob.length < 4 + length) return undefined;
  return keyBlob.subarray(4, 4 + length).toString('latin1');
}
