/**
 * How the device's SSH host key is checked.
 * - `fingerprint`: pinned SHA256 fingerprint(s) (`ssh-keygen -lf key.pub`); several allow a key rollover.
 * - `known-hosts`: an OpenSSH known_hosts file (hashed entries, `[host]:port`, wildcards, `@revoked`).
 * - `trust-on-first-use`: a known_hosts-format file the transport writes the first key it sees
 *   into (mode 0600, its directory created 0700) and checks every later connection against. For
 *   pods, where cRPD generates its host key when it starts, put the file on a volume that lives
 *   exactly as long as the pod. `record: false` (read-only commands such as `meshrr plan`) checks
 *   a recorded key but never writes: an unknown key is accepted for that session with a warning.
 * - `accept-any`: no check at all (explicit, insecure opt-out; logged as a warning on every connect).
 */
export type HostKeyPolicy =
  | { readonly kind: 'fingerprint'; readonly sha256: string | readonly string[] }
  | { readonly kind: 'known-hosts'; readonly path: string }
  | { readonly kind: 'trust-on-first-use'; readonly path: string; readonly record?: boolean }
  | { readonly kind: 'accept-any' };
