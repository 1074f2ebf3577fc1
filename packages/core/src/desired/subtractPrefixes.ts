import { parseAddressRanges, type AddressRanges } from './addressRanges.js';
import { coverCountV4, coverCountV6, coverV4, coverV6 } from './cidrCover.js';
import { CidrTextBuffer, MAX_V4_ENTRY_BYTES, MAX_V6_ENTRY_BYTES } from './cidrTextBuffer.js';
import { compareWords, copyWords, decrementWords, incrementWords } from './u128.js';

/** A minimal CIDR list as canonical text: `count` entries, one per line in `text` (`''` when none). */
export interface CidrText {
  readonly count: number;
  readonly text: string;
}

/** Indices 0 … n − 1 of `n` items sorted by `compare`. */
function sortedIndices(n: number, compare: (a: number, b: number) => number): number[] {
  return Array.from({ length: n }, (_, i) => i).sort(compare);
}

/** IPv4 [start, end] ranges (flat pairs) sorted and merged (overlapping or adjacent joined). */
function mergeV4(ranges: readonly number[]): number[] {
  const order = sortedIndices(ranges.length / 2, (a, b) => ranges[2 * a]! - ranges[2 * b]!);
  const out: number[] = [];
  for (const r of order) {
    const last = out.length - 1;
    if (last > 0 && ranges[2 * r]! <= out[last]! + 1) {
      if (ranges[2 * r + 1]! > out[last]!) out[last] = ranges[2 * r + 1]!;
    } else out.push(ranges[2 * r]!, ranges[2 * r + 1]!);
  }
  return out;
}

const next6 = [0, 0, 0, 0];

/** IPv6 ranges (8 words each) sorted and merged, as flat 8-word intervals. */
function mergeV6(ranges: readonly number[]): number[] {
  const out: number[] = [];
  for (const r of sortedIndices(ranges.length / 8, (a, b) => compareWords(ranges, 8 * a, ranges, 8 * b))) {
    const last = out.length - 8;
    if (last >= 0) {
      copyWords(out, last + 4, next6, 0);
      if (!incrementWords(next6, 0) || compareWords(ranges, 8 * r, next6, 0) <= 0) {
        if (compareWords(ranges, 8 * r + 4, out, last + 4) > 0) copyWords(ranges, 8 * r + 4, out, last + 4);
        continue;
      }
    }
    const to = out.length;
    out.length += 8;
    copyWords(ranges, 8 * r, out, to);
    copyWords(ranges, 8 * r + 4, out, to + 4);
  }
  return out;
}

/** Intervals as flat pairs, and how many CIDRs their minimal cover has. */
interface Intervals {
  readonly pairs: number[];
  cidrs: number;
}

/**
 * The maximal IPv4 intervals of `keep` (merged pairs) that no removal covers, and their CIDR count.
 * The removals are the `points` (sorted) and the `ranges` (merged pairs), walked together in
 * address order in the same pass: one loop over the removals, no merged copy of them.
 */
function complementV4(keep: readonly number[], points: Float64Array, ranges: readonly number[]): Intervals {
  const result: Intervals = { pairs: [], cidrs: 0 };
  const out = result.pairs;
  const emit = (start: number, end: number): void => {
    out.push(start, end);
    result.cidrs += coverCountV4(start, end);
  };
  let i = 0;
  let j = 0;
  for (let k = 0; k < keep.length; k += 2) {
    const keepEnd = keep[k + 1]!;
    let cursor = keep[k]!;
    for (;;) {
      const point = i < points.length ? points[i]! : Infinity;
      const range = j < ranges.length ? ranges[j]! : Infinity;
      const isPoint = point <= range;
      const start = isPoint ? point : range;
      if (start > keepEnd) break;
      const end = isPoint ? point : ranges[j + 1]!;
      if (end >= cursor) {
        if (start > cursor) emit(cursor, start - 1);
        cursor = end + 1;
      }
      if (end > keepEnd) break;
      if (isPoint) i += 1;
      else j += 2;
    }
    if (cursor <= keepEnd) emit(cursor, keepEnd);
  }
  return result;
}

const cursor6 = [0, 0, 0, 0];

/** {@link complementV4} for IPv6: `keep` and `ranges` 8 words per interval, `points` 4 words each in `order`. */
function complementV6(
  keep: readonly number[],
  points: readonly number[],
  order: readonly number[],
  ranges: readonly number[],
): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  for (let k = 0; k < keep.length; k += 8) {
    copyWords(keep, k, cursor6, 0);
    let open = true;
    while (open && (i < order.length || j < ranges.length)) {
      const isPoint = j >= ranges.length || (i < order.length && compareWords(points, 4 * order[i]!, ranges, j) <= 0);
      const src = isPoint ? points : ranges;
      const start = isPoint ? 4 * order[i]! : j;
      const end = isPoint ? start : j + 4;
      if (compareWords(src, start, keep, k + 4) > 0) break;
      if (compareWords(src, end, cursor6, 0) >= 0) {
        if (compareWords(src, start, cursor6, 0) > 0) {
          const to = out.length;
          out.length += 8;
          copyWords(cursor6, 0, out, to);
          copyWords(src, start, out, to + 4);
          decrementWords(out, to + 4);
        }
        copyWords(src, end, cursor6, 0);
        open = incrementWords(cursor6, 0);
      }
      if (compareWords(src, end, keep, k + 4) > 0) break;
      if (isPoint) i += 1;
      else j += 8;
    }
    if (open && compareWords(cursor6, 0, keep, k + 4) <= 0) {
      const to = out.length;
      out.length += 8;
      copyWords(cursor6, 0, out, to);
      copyWords(keep, k + 4, out, to + 4);
    }
  }
  return out;
}

/** What is removed, parsed once and ordered: points sorted, ranges merged. */
interface Removals {
  readonly v4Points: Float64Array;
  readonly v4: number[];
  readonly v6Points: readonly number[];
  readonly v6Order: number[];
  readonly v6: number[];
}

function removalsOf(parsed: AddressRanges): Removals {
  const p6 = parsed.v6Points;
  return {
    v4Points: Float64Array.from(parsed.v4Points).sort(),
    v4: mergeV4(parsed.v4),
    v6Points: p6,
    v6Order: sortedIndices(p6.length / 4, (a, b) => compareWords(p6, 4 * a, p6, 4 * b)),
    v6: mergeV6(parsed.v6),
  };
}

/**
 * The minimal CIDR cover of the `prefixes` (parsed) minus the removals, as canonical text. The
 * parts are counted first, so the text is written once into a buffer of the right size.
 */
function subtract(prefixes: AddressRanges, remove: Removals): CidrTextBuffer {
  const { pairs: v4, cidrs: count4 } = complementV4(mergeV4(prefixes.v4), remove.v4Points, remove.v4);
  const v6 = complementV6(mergeV6(prefixes.v6), remove.v6Points, remove.v6Order, remove.v6);
  let count6 = 0;
  for (let i = 0; i < v6.length; i += 8) count6 += coverCountV6(v6, i, v6, i + 4);
  const out = new CidrTextBuffer(count4 * MAX_V4_ENTRY_BYTES + count6 * MAX_V6_ENTRY_BYTES);
  for (let i = 0; i < v4.length; i += 2) coverV4(v4[i]!, v4[i + 1]!, out);
  for (let i = 0; i < v6.length; i += 8) coverV6(v6, i, v6, i + 4, out);
  return out;
}

/**
 * `subtractPrefixes` with the removals parsed, sorted and merged once: the returned function
 * gives `prefixes − addresses` for any `prefixes`, so many subtractive groups share one parse of
 * the meshed neighbors. Throws like {@link subtractPrefixes}.
 */
export function prefixSubtractor(addresses: readonly string[]): (prefixes: readonly string[]) => string[] {
  const remove = removalsOf(parseAddressRanges(addresses, 'address', true));
  return (prefixes) => subtract(parseAddressRanges(prefixes, 'prefix', false), remove).texts();
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
  const { count, text } = subtractPrefixesText(prefixes, addresses);
  return count === 0 ? [] : text.split('\n');
}

/**
 * {@link subtractPrefixes} as one text (entries in the same order, one per line, no trailing
 * newline) and its count: no string per entry is made, which is most of the cost of a large result
 * (≈ 20 CIDRs per excluded IPv4 address, ≈ 115 per IPv6 address). Throws like `subtractPrefixes`.
 */
export function subtractPrefixesText(prefixes: readonly string[], addresses: readonly string[]): CidrText {
  const keep = parseAddressRanges(prefixes, 'prefix', false);
  const out = subtract(keep, removalsOf(parseAddressRanges(addresses, 'address', true)));
  return { count: out.count, text: out.text() };
}
