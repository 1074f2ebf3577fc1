import { familyBits, formatIpAddress, parseIpAddress } from '../net/ipAddress.js';
import { parseCidr } from '../net/cidr.js';

/** An inclusive range of addresses of one family, as bigint (IPv6) or exact number (IPv4). */
interface V4Range {
  start: number;
  end: number;
}
interface V6Range {
  start: bigint;
  end: bigint;
}

const V4 = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;
const TWO_32 = 4_294_967_296;

/** Fast path for the common case (thousands of IPv4 peers): a dotted quad without a length. */
function parseV4(text: string): number | undefined {
  const m = V4.exec(text);
  if (m === null) return undefined;
  const a = Number(m[1]);
  const b = Number(m[2]);
  const c = Number(m[3]);
  const d = Number(m[4]);
  if (a > 255 || b > 255 || c > 255 || d > 255) return undefined;
  return a * 16_777_216 + b * 65_536 + c * 256 + d;
}

/** Parses an IP literal or a prefix into a range; throws a TypeError naming the bad value. */
function toRange(text: string, what: string, allowBareAddress: boolean): { family: 4; range: V4Range } | { family: 6; range: V6Range } {
  const v4 = allowBareAddress ? parseV4(text) : undefined;
  if (v4 !== undefined) return { family: 4, range: { start: v4, end: v4 } };
  if (allowBareAddress && !text.includes('/')) {
    const ip = parseIpAddress(text);
    if (ip === undefined) throw new TypeError(`${what} ${JSON.stringify(text)} is not an IP address or prefix`);
    return ip.family === 4 ? { family: 4, range: { start: Number(ip.value), end: Number(ip.value) } } : { family: 6, range: { start: ip.value, end: ip.value } };
  }
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new TypeError(`${what} ${JSON.stringify(text)} is not a valid prefix: ${parsed.reason}`);
  const { family, network, length } = parsed.cidr;
  const last = network | ((1n << BigInt(familyBits(family) - length)) - 1n);
  return family === 4 ? { family: 4, range: { start: Number(network), end: Number(last) } } : { family: 6, range: { start: network, end: last } };
}

/** Sorts and merges overlapping or adjacent ranges. */
function mergeV4(ranges: V4Range[]): V4Range[] {
  ranges.sort((x, y) => x.start - y.start);
  const out: V4Range[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last !== undefined && r.start <= last.end + 1) last.end = Math.max(last.end, r.end);
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}

function mergeV6(ranges: V6Range[]): V6Range[] {
  ranges.sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0));
  const out: V6Range[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last !== undefined && r.start <= last.end + 1n) last.end = last.end > r.end ? last.end : r.end;
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}

interface Step<T> {
  readonly before: (x: T) => T;
  readonly after: (x: T) => T;
}
const V4_STEP: Step<number> = { before: (x) => x - 1, after: (x) => x + 1 };
const V6_STEP: Step<bigint> = { before: (x) => x - 1n, after: (x) => x + 1n };

/** Kept ranges = `keep` minus `remove` (both sorted and merged), in one sweep. */
function sweep<T extends number | bigint>(keep: readonly { start: T; end: T }[], remove: readonly { start: T; end: T }[], step: Step<T>): { start: T; end: T }[] {
  const out: { start: T; end: T }[] = [];
  let j = 0;
  for (const k of keep) {
    let cursor = k.start;
    while (j < remove.length && remove[j]!.end < k.start) j += 1;
    for (let i = j; i < remove.length && remove[i]!.start <= k.end; i += 1) {
      const r = remove[i]!;
      if (r.start > cursor) out.push({ start: cursor, end: step.before(r.start) });
      if (r.end >= cursor) cursor = step.after(r.end);
    }
    if (cursor <= k.end) out.push({ start: cursor, end: k.end });
  }
  return out;
}

const OCTET = Array.from({ length: 256 }, (_, i) => String(i));
const LENGTH = Array.from({ length: 33 }, (_, i) => `/${i}`);

/** Dotted quad of a 32-bit value; table lookups because this runs once per output prefix. */
function v4Text(v: number): string {
  return `${OCTET[v >>> 24]}.${OCTET[(v >>> 16) & 255]}.${OCTET[(v >>> 8) & 255]}.${OCTET[v & 255]}`;
}

/** Greedy largest-aligned-block split of [start, end]: the minimal CIDR cover of an interval. */
function v4Cidrs(start: number, end: number, out: string[]): void {
  let s = start;
  while (s <= end) {
    let size = s === 0 ? TWO_32 : ((s & -s) >>> 0) || TWO_32;
    while (s + size - 1 > end) size /= 2;
    out.push(v4Text(s) + LENGTH[32 - Math.log2(size)]!);
    s += size;
  }
}

function v6Cidrs(start: bigint, end: bigint, out: string[]): void {
  let s = start;
  while (s <= end) {
    let size = s === 0n ? 1n << 128n : s & -s;
    while (s + size - 1n > end) size >>= 1n;
    const bits = size.toString(2).length - 1;
    out.push(`${formatIpAddress({ family: 6, value: s })}/${128 - bits}`);
    s += size;
  }
}

/**
 * The minimal CIDR list of `prefixes` minus `addresses` — meshrr's `IPSet(prefixes) − peers`, the
 * `allow` list of a subtractive group. `addresses` are IP literals (each removes one address) or
 * prefixes. IPv4 and IPv6 are handled separately; the result is canonical text, sorted by address,
 * IPv4 before IPv6, and minimal (no two entries could be merged). Throws a `TypeError` naming the
 * first invalid entry. An empty result means nothing is left (render no `allow`, never `allow [ ]`).
 */
export function subtractPrefixes(prefixes: readonly string[], addresses: readonly string[]): string[] {
  const keep4: V4Range[] = [];
  const keep6: V6Range[] = [];
  const drop4: V4Range[] = [];
  const drop6: V6Range[] = [];
  for (const p of prefixes) {
    const r = toRange(p, 'prefix', false);
    if (r.family === 4) keep4.push(r.range);
    else keep6.push(r.range);
  }
  for (const a of addresses) {
    const r = toRange(a, 'address', true);
    if (r.family === 4) drop4.push(r.range);
    else drop6.push(r.range);
  }
  const out: string[] = [];
  for (const r of sweep(mergeV4(keep4), mergeV4(drop4), V4_STEP)) v4Cidrs(r.start, r.end, out);
  for (const r of sweep(mergeV6(keep6), mergeV6(drop6), V6_STEP)) v6Cidrs(r.start, r.end, out);
  return out;
}
