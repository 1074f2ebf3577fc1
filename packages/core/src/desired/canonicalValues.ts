import type { AsRange } from '../api/config.js';
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
