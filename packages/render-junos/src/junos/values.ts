import { GROUP_NAME_PATTERN, canonicalIpAddress, formatCidr, parseCidr, type AsRange } from '@meshrr/core';
import { JunosValueError } from '../errors.js';

/** Returns `name` when it matches core's `GROUP_NAME_PATTERN` (the loader's grammar); throws {@link JunosValueError} otherwise. */
export function validGroupName(name: string): string {
  if (typeof name !== 'string' || !GROUP_NAME_PATTERN.test(name)) {
    throw new JunosValueError(
      `group name ${JSON.stringify(name)}`,
      'is not allowed: use a letter or digit, then up to 62 letters, digits, "_", ".", ":" or "-"',
    );
  }
  return name;
}

/** Returns `text` when it is a canonical IPv4/IPv6 literal; throws {@link JunosValueError} otherwise. */
export function validAddress(text: string, what = 'neighbor address'): string {
  const canonical = typeof text === 'string' ? canonicalIpAddress(text) : undefined;
  if (canonical === undefined)
    throw new JunosValueError(`${what} ${JSON.stringify(text)}`, 'is not an IP address literal');
  if (canonical !== text)
    throw new JunosValueError(`${what} ${JSON.stringify(text)}`, `is not in canonical form (expected ${canonical})`);
  return text;
}

/** Returns `text` when it is a canonical `network/length`; throws {@link JunosValueError} otherwise. */
export function validPrefix(text: string, what = 'allow prefix'): string {
  const parsed = typeof text === 'string' ? parseCidr(text) : { ok: false as const, reason: 'not a string' };
  if (!parsed.ok) throw new JunosValueError(`${what} ${JSON.stringify(text)}`, `is not a prefix: ${parsed.reason}`);
  const canonical = formatCidr(parsed.cidr);
  if (canonical !== text)
    throw new JunosValueError(`${what} ${JSON.stringify(text)}`, `is not in canonical form (expected ${canonical})`);
  return text;
}

/** Junos `as-list` member text of a range (`65001-65500`, or `65001` for a single AS); validated. */
export function asRangeText(range: AsRange): string {
  const ok = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 4_294_967_295;
  if (!ok(range.start) || !ok(range.end) || range.start > range.end) {
    throw new JunosValueError(
      `AS range ${JSON.stringify(range)}`,
      'must be whole numbers 0–4294967295 with start ≤ end',
    );
  }
  return range.start === range.end ? `${range.start}` : `${range.start}-${range.end}`;
}

/** Name of the `policy-options as-list` that holds a route-server group's peer AS ranges. */
export function asListName(group: string): string {
  return `MESHRR:${validGroupName(group)}`;
}
