/**
 * The minimal CIDR cover of an inclusive address interval, emitted as canonical text.
 *
 * An interval [s, e] with s < e splits at m, the multiple of 2^h inside it, where h is the highest
 * bit in which s and e differ. The lower part [s, m) is covered by one block per set bit of m − s,
 * smallest first; the upper part [m, e] by one block per set bit of e − m + 1, largest first. That
 * is exactly the greedy largest-aligned-block cover (hence minimal), computed with O(1) big
 * arithmetic per interval and small-number work per block: no per-split allocation of bigints.
 */

import type { CidrTextBuffer } from './cidrTextBuffer.js';

/** Writes the minimal CIDR cover of the IPv4 interval [start, end] (unsigned 32-bit numbers) to `out`. */
export function coverV4(start: number, end: number, out: CidrTextBuffer): void {
  if (start === end) {
    out.ipv4(start);
    out.prefixLength(32);
    return;
  }
  const h = 31 - Math.clz32((start ^ end) >>> 0);
  const pow = 2 ** h;
  const mid = end - (end % pow);
  let lower = mid - start;
  let upper = end - mid + 1;
  if (lower === pow && upper === pow) {
    out.ipv4(start);
    out.prefixLength(31 - h);
    return;
  }
  let cur = start;
  while (lower > 0) {
    const bit = (lower & -lower) >>> 0;
    out.ipv4(cur);
    out.prefixLength(1 + Math.clz32(bit));
    cur += bit;
    lower -= bit;
  }
  cur = mid;
  while (upper > 0) {
    const log = 31 - Math.clz32(upper);
    out.ipv4(cur);
    out.prefixLength(32 - log);
    const bit = 2 ** log;
    cur += bit;
    upper -= bit;
  }
}

/** The eight 16-bit groups of a 128-bit value, most significant first. */
function groupsOf(value: bigint, into: number[]): number[] {
  const hex = value.toString(16).padStart(32, '0');
  for (let i = 0; i < 8; i += 1) into[i] = parseInt(hex.slice(i * 4, i * 4 + 4), 16);
  return into;
}

/** Adds 2^bit to the 128-bit value held in `g` (bit < 128; the caller never overflows). */
function addPow2(g: number[], bit: number): void {
  let i = 7 - (bit >> 4);
  let carry = 1 << (bit & 15);
  while (carry > 0 && i >= 0) {
    const sum = g[i]! + carry;
    g[i] = sum & 0xffff;
    carry = sum >>> 16;
    i -= 1;
  }
}

/** Index (0 = least significant) of the highest set bit of a positive bigint. */
function highestBit(value: bigint): number {
  const hex = value.toString(16);
  return (hex.length - 1) * 4 + 31 - Math.clz32(parseInt(hex[0]!, 16));
}

/** Writes the minimal CIDR cover of the IPv6 interval [start, end] (128-bit bigints) to `out`. */
export function coverV6(start: bigint, end: bigint, out: CidrTextBuffer): void {
  const cur = groupsOf(start, new Array<number>(8));
  if (start === end) {
    out.ipv6(cur);
    out.prefixLength(128);
    return;
  }
  const h = highestBit(start ^ end);
  const pow = 1n << BigInt(h);
  const mid = (end >> BigInt(h)) << BigInt(h);
  const lower = mid - start;
  const upper = end - mid + 1n;
  if (lower === pow && upper === pow) {
    out.ipv6(cur);
    out.prefixLength(127 - h);
    return;
  }
  const bits = groupsOf(lower, new Array<number>(8));
  for (let i = 7; i >= 0; i -= 1) {
    for (let b = 0; b < 16; b += 1) {
      if ((bits[i]! & (1 << b)) === 0) continue;
      const bit = (7 - i) * 16 + b;
      out.ipv6(cur);
      out.prefixLength(128 - bit);
      addPow2(cur, bit);
    }
  }
  groupsOf(upper, bits);
  groupsOf(mid, cur);
  for (let i = 0; i < 8; i += 1) {
    for (let b = 15; b >= 0; b -= 1) {
      if ((bits[i]! & (1 << b)) === 0) continue;
      const bit = (7 - i) * 16 + b;
      out.ipv6(cur);
      out.prefixLength(128 - bit);
      addPow2(cur, bit);
    }
  }
}
