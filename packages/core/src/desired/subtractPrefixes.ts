import { parseAddressRanges, type AddressRanges, type V4Range, type V6Range } from './addressRanges.js';
import { coverV4, coverV6 } from './cidrCover.js';
import { CidrTextBuffer } from './cidrTextBuffer.js';

/** Sorted, merged (overlapping or adjacent joined) IPv4 ranges of points and ranges. */
function mergeV4(points: readonly number[], ranges: V4Range[]): V4Range[] {
  const sorted = Float64Array.from(points).sort();
  ranges.sort((x, y) => x.start - y.start);
  const out: V4Range[] = [];
  let i = 0;
  let j = 0;
  while (i < sorted.length || j < ranges.length) {
    const takePoint = j >= ranges.length || (i < sorted.length && sorted[i]! < ranges[j]!.start);
    const start = takePoint ? sorted[i]! : ranges[j]!.start;
    const end = takePoint ? sorted[i++]! : ranges[j++]!.end;
    const last = out[out.length - 1];
    if (last !== undefined && start <= last.end + 1) {
      if (end > last.end) last.end = end;
    } else out.push({ start, end });
  }
  return out;
}

/** Sorted, merged IPv6 ranges of hex-key points and ranges. */
function mergeV6(keys: string[], ranges: V6Range[]): V6Range[] {
  const points = keys.sort().map((k) => BigInt(`0x${k}`));
  ranges.sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0));
  const out: V6Range[] = [];
  let i = 0;
  let j = 0;
  while (i < points.length || j < ranges.length) {
    const takePoint = j >= ranges.length || (i < points.length && points[i]! < ranges[j]!.start);
    const start = takePoint ? points[i]! : ranges[j]!.start;
    const end = takePoint ? points[i++]! : ranges[j++]!.end;
    const last = out[out.length - 1];
    if (last !== undefined && start <= last.end + 1n) {
      if (end > last.end) last.end = end;
    } else out.push({ start, end });
  }
  return out;
}

interface Range<T> {
  readonly start: T;
  readonly end: T;
}
interface Step<T> {
  readonly before: (x: T) => T;
  readonly after: (x: T) => T;
}
const V4_STEP: Step<number> = { before: (x) => x - 1, after: (x) => x + 1 };
const V6_STEP: Step<bigint> = { before: (x) => x - 1n, after: (x) => x + 1n };

/** Calls `emit` for every maximal part of `keep` not covered by `remove` (both sorted and merged). */
function sweep<T extends number | bigint>(
  keep: readonly Range<T>[],
  remove: readonly Range<T>[],
  step: Step<T>,
  emit: (start: T, end: T) => void,
): void {
  let j = 0;
  for (const k of keep) {
    let cursor = k.start;
    while (j < remove.length && remove[j]!.end < k.start) j += 1;
    for (let i = j; i < remove.length && remove[i]!.start <= k.end; i += 1) {
      const r = remove[i]!;
      if (r.start > cursor) emit(cursor, step.before(r.start));
      if (r.end >= cursor) cursor = step.after(r.end);
    }
    if (cursor <= k.end) emit(cursor, k.end);
  }
}

interface FamilyRanges {
  readonly v4: V4Range[];
  readonly v6: V6Range[];
}

function rangesOf(parsed: AddressRanges): FamilyRanges {
  return { v4: mergeV4(parsed.v4Points, parsed.v4), v6: mergeV6(parsed.v6Keys, parsed.v6) };
}

/** The minimal CIDR cover of `keep` minus `remove` (both sorted and merged), as canonical text. */
function subtract(keep: FamilyRanges, remove: FamilyRanges): string[] {
  const out = new CidrTextBuffer();
  sweep(keep.v4, remove.v4, V4_STEP, (s, e) => coverV4(s, e, out));
  sweep(keep.v6, remove.v6, V6_STEP, (s, e) => coverV6(s, e, out));
  return out.texts();
}

/**
 * `subtractPrefixes` with the removals parsed, sorted and merged once: the returned function
 * gives `prefixes − addresses` for any `prefixes`, so many subtractive groups share one parse of
 * the meshed neighbors. Throws like {@link subtractPrefixes}.
 */
export function prefixSubtractor(addresses: readonly string[]): (prefixes: readonly string[]) => string[] {
  const remove = rangesOf(parseAddressRanges(addresses, 'address', true));
  return (prefixes) => subtract(rangesOf(parseAddressRanges(prefixes, 'prefix', false)), remove);
}

/**
 * The minimal CIDR list of `prefixes` minus `addresses` — meshrr's `IPSet(prefixes) − peers`, the
 * `allow` list of a subtractive group. `prefixes` are CIDRs; `addresses` are IP literals (each
 * removes one address) or CIDRs. IPv4 and IPv6 are handled separately; the result is canonical text
 * (dotted quad, RFC 5952), sorted by address, IPv4 before IPv6, and minimal (no two entries could be
 * merged into one prefix). An empty result means nothing is left (render no `allow`, never
 * `allow [ ]`). Throws a `TypeError` naming the first invalid entry (a CIDR with host bits set is
 * invalid; prefixes are checked before addresses). Pure; O((P + A) log (P + A) + output) — a sort
 * and one sweep per family.
 */
export function subtractPrefixes(prefixes: readonly string[], addresses: readonly string[]): string[] {
  const keep = rangesOf(parseAddressRanges(prefixes, 'prefix', false));
  return subtract(keep, rangesOf(parseAddressRanges(addresses, 'address', true)));
}
