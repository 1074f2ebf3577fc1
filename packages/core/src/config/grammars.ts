/**
 * The fixed grammars configuration strings must match before they reach device configuration,
 * XPath filters or module loading (meshrr fault B22: names were interpolated unescaped).
 */

/**
 * BGP group names: a letter or digit, then up to 62 letters, digits, `_`, `.`, `:` or `-`
 * (63 characters at most). Safe unquoted in Junos `set` commands, in an XPath string literal, in
 * an FRR peer-group name and in the `MESHRR:<group>` as-list name.
 */
export const GROUP_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,62}$/;
/** {@link GROUP_NAME_PATTERN} in words, for error messages. */
export const GROUP_NAME_RULE = 'a letter or digit, then up to 62 letters, digits, "_", ".", ":" or "-"';

/** `sourcetype` after lower-casing: a kebab-case word (`dns`, `kubernetes`, `my-cmdb`). */
export const SOURCETYPE_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * `encrypted_root_pw`: one token of crypt(3) characters (`$6$salt$hash`) or a marker such as
 * meshrr's `NOLOGIN`; never spaces, quotes, `;`, braces or control characters, which would break
 * out of the rendered `encrypted-password "..."` statement.
 */
export const ROOT_PW_PATTERN = /^[A-Za-z0-9./$=+_:*!-]{1,1024}$/;
/** {@link ROOT_PW_PATTERN} in words, for error messages. */
export const ROOT_PW_RULE = 'one token of letters, digits and . / $ = + _ : * ! - (a crypt(3) hash, or NOLOGIN)';

/** npm package names as npm accepts them for new packages (lower case, optional `@scope/`). */
export const NPM_NAME_PATTERN = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/;

/** Is `text` a valid npm package name (at most 214 characters)? */
export function isNpmPackageName(text: string): boolean {
  return text.length <= 214 && NPM_NAME_PATTERN.test(text);
}

const DNS_LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

/**
 * Is `text` a DNS name a resolver can look up: dot-separated labels of 1–63 letters, digits, `_`
 * or `-` (not at either end of a label), at most 253 characters, an optional final `.`, and a last
 * label that is not all digits (so an IP literal is not taken for a name). Single-label names are
 * allowed (meshrr relies on resolv.conf search domains: `hostname: meshrr`).
 */
export function isDnsName(text: string): boolean {
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  if (!labels.every((label) => DNS_LABEL.test(label))) return false;
  return !/^[0-9]+$/.test(labels[labels.length - 1] ?? '');
}
