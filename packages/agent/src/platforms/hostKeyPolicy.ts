/** The NETCONF host-key policy a `host_key` option (`--host-key`) names. */
export type HostKeyPolicyChoice =
  | { readonly kind: 'fingerprint'; readonly sha256: string }
  | { readonly kind: 'known-hosts'; readonly path: string }
  | { readonly kind: 'trust-on-first-use'; readonly path: string; readonly record?: boolean }
  | { readonly kind: 'accept-any' };

/** What a `host_key` value may be, for messages. */
export const HOST_KEY_FORMS = 'pin:<SHA256:fingerprint>, known-hosts:<file>, tofu:<file> or insecure-accept-any';

/**
 * Parses `pin:<SHA256:…>`, `known-hosts:<file>`, `tofu:<file>` or `insecure-accept-any`; undefined
 * otherwise. With `readOnly` (plan, discover) a `tofu` file is only checked, never written: a
 * read-only command records no host key and creates no directory where it runs (issue 11 item 11).
 */
export function parseHostKeyPolicy(value: string, readOnly = false): HostKeyPolicyChoice | undefined {
  const colon = value.indexOf(':');
  const kind = colon < 0 ? value : value.slice(0, colon);
  const arg = colon < 0 ? '' : value.slice(colon + 1);
  if (kind === 'insecure-accept-any' && arg === '') return { kind: 'accept-any' };
  if (arg === '') return undefined;
  if (kind === 'pin') return { kind: 'fingerprint', sha256: arg };
  if (kind === 'known-hosts') return { kind: 'known-hosts', path: arg };
  if (kind === 'tofu') return { kind: 'trust-on-first-use', path: arg, ...(readOnly ? { record: false } : {}) };
  return undefined;
}
