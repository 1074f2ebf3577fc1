import type { AsRange } from '../api/config.js';
import type { DesiredGroup } from '../api/state.js';
import { GROUP_NAME_PATTERN } from '../config/grammars.js';
import { compareCidr, formatCidr, parseCidr } from '../net/cidr.js';
import { canonicalIpAddress, sortIpAddressTexts } from '../net/ipAddress.js';

/** A canonical list, or the first entry that is refused and why (renderers wrap it in their own error). */
export type CanonicalList<T> =
  | { readonly ok: true; readonly value: readonly T[] }
  | { readonly ok: false; readonly index: number; readonly message: string };

/** The largest 32-bit AS number. */
export const MAX_AS_NUMBER = 4_294_967_295;

/**
 * Neighbor addresses as a renderer must write them: IP literals in canonical text (RFC 5952 for
 * IPv6), without duplicates, IPv4 before IPv6 and by address. Refuses the first entry that is not
 * an IP literal, so nothing discovered can inject configuration.
 */
export function canonicalNeighbors(neighbors: readonly string[]): CanonicalList<string> {
  const canonical = new Set<string>();
  for (const [index, text] of neighbors.entries()) {
    const ip = canonicalIpAddress(text);
    if (ip === undefined) return { ok: false, index, message: `"${text}" is not an IP address literal` };
    canonical.add(ip);
  }
  return { ok: true, value: sortIpAddressTexts(canonical) };
}

/** Prefixes in canonical CIDR text, without duplicates, sorted; refuses the first that is not a prefix. */
export function canonicalPrefixes(prefixes: readonly string[]): CanonicalList<string> {
  const cidrs = [];
  for (const [index, text] of prefixes.entries()) {
    const parsed = parseCidr(text);
    if (!parsed.ok) return { ok: false, index, message: `"${text}" is not a prefix: ${parsed.reason}` };
    cidrs.push(parsed.cidr);
  }
  return { ok: true, value: [...new Set(cidrs.sort(compareCidr).map(formatCidr))] };
}

/** AS ranges sorted (by start, then end) without duplicates; refuses the first with start > end or out of 1–2³²−1. */
export function canonicalAsRanges(ranges: readonly AsRange[]): CanonicalList<AsRange> {
  for (const [index, r] of ranges.entries()) {
    const ok =
      Number.isInteger(r.start) &&
      Number.isInteger(r.end) &&
      r.start >= 1 &&
      r.start <= r.end &&
      r.end <= MAX_AS_NUMBER;
    if (!ok)
      return {
        ok: false,
        index,
        message: `${r.start}-${r.end} is not an AS range (1 ≤ start ≤ end ≤ ${MAX_AS_NUMBER})`,
      };
  }
  const sorted = [...ranges]
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .filter((r, i, all) => i === 0 || r.start !== all[i - 1]!.start || r.end !== all[i - 1]!.end);
  return { ok: true, value: sorted };
}

/** One desired group with every value checked and canonical, lists sorted: what a renderer writes. */
export interface CanonicalGroup {
  readonly name: string;
  readonly kind: 'mesh' | 'subtractive';
  readonly peerType: 'internal' | 'external';
  readonly neighbors: readonly string[];
  readonly allow: readonly string[];
  readonly asRanges: readonly AsRange[];
}

/** A canonical group, or the first refused value: `field` relative to the group (`neighbors[2]`). */
export type CanonicalGroupResult =
  | { readonly ok: true; readonly value: CanonicalGroup }
  | { readonly ok: false; readonly field: string; readonly message: string };

function listOrIssue<T>(
  field: string,
  result: CanonicalList<T>,
): { ok: true; value: readonly T[] } | { ok: false; field: string; message: string } {
  return result.ok ? result : { ok: false, field: `${field}[${result.index}]`, message: result.message };
}

/**
 * Checks one desired group as every renderer must before writing it: a name of meshrr's grammar
 * ({@link GROUP_NAME_PATTERN}), canonical neighbor, prefix and AS-range lists, `external` only on a
 * subtractive (route-server) group and AS ranges only on an external one. Renderers wrap a refusal
 * in their own error (prefixing `groups[i].` to `field`); nothing discovered can inject configuration.
 */
export function canonicalGroup(group: DesiredGroup): CanonicalGroupResult {
  if (!GROUP_NAME_PATTERN.test(group.name))
    return {
      ok: false,
      field: 'name',
      message: `"${group.name}" is not a group name (letters, digits, _ . : -, at most 63, starting with a letter or digit)`,
    };
  const asRanges = listOrIssue('peerAsRanges', canonicalAsRanges(group.peerAsRanges));
  if (!asRanges.ok) return asRanges;
  if (group.peerType === 'external' && group.kind !== 'subtractive')
    return { ok: false, field: 'peerType', message: 'only subtractive (route-server) groups can be external' };
  if (group.peerType === 'internal' && asRanges.value.length > 0)
    return { ok: false, field: 'peerAsRanges', message: 'AS ranges need an external (route-server) group' };
  const neighbors = listOrIssue('neighbors', canonicalNeighbors(group.neighbors));
  if (!neighbors.ok) return neighbors;
  const allow = listOrIssue('allow', canonicalPrefixes(group.allow));
  if (!allow.ok) return allow;
  return {
    ok: true,
    value: {
      name: group.name,
      kind: group.kind,
      peerType: group.peerType,
      neighbors: neighbors.value,
      allow: allow.value,
      asRanges: asRanges.value,
    },
  };
}
