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
import { copyWords, incrementWords, type Words } from './u128.js';

/** Set bits of an unsigned 32-bit value. */
function popcount32(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 63;
}

/** How many CIDRs {@link coverV4} writes for [start, end] (to size the output before writing). */
export function coverCountV4(start: number, end: number): number {
  if (start === end) return 1;
  const h = 31 - Math.clz32((start ^ end) >>> 0);
  const pow = 2 ** h;
  const mid = end - (end % pow);
  const lower = mid - start;
  const upper = end - mid + 1;
  if (lower === pow && upper === pow) return 1;
  return popcount32(lower >>> 0) + popcount32(upper >>> 0);
}

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

const TWO32 = 4_294_967_296;
const start6 = [0, 0, 0, 0];
const mid6 = [0, 0, 0, 0];
const lower6 = [0, 0, 0, 0];
const upper6 = [0, 0, 0, 0];

/** `into = x − y` on four words (x ≥ y). */
function subtractWords(x: Words, xi: number, y: Words, yi: number, into: number[]): void {
  let borrow = 0;
  for (let k = 3; k >= 0; k -= 1) {
    let d = x[xi + k]! - y[yi + k]! - borrow;
    borrow = d < 0 ? 1 : 0;
    if (d < 0) d += TWO32;
    into[k] = d;
  }
}

/** Adds 2^bit (bit < 128) to the four words of `a` (the caller never overflows). */
function addPow2(a: number[], bit: number): void {
  let k = 3 - (bit >> 5);
  a[k] = a[k]! + 2 ** (bit & 31);
  while (a[k]! >= TWO32 && k > 0) {
    a[k] = a[k]! - TWO32;
    k -= 1;
    a[k] = a[k]! + 1;
  }
}

/**
 * Splits the interval [s, e] (words at `a[ai…]`, `b[bi…]`) at its aligned middle: fills `start6`,
 * `mid6`, `lower6` (= mid − s) and `upper6` (= e − mid + 1) and returns h, the highest bit in
 * which s and e differ; −1 when s = e.
 */
function split6(a: Words, ai: number, b: Words, bi: number): number {
  copyWords(a, ai, start6, 0);
  let i = 0;
  while (i < 4 && a[ai + i] === b[bi + i]) i += 1;
  if (i === 4) return -1;
  const hb = 31 - Math.clz32((a[ai + i]! ^ b[bi + i]!) >>> 0);
  const pow = 2 ** hb;
  for (let k = 0; k < 4; k += 1) mid6[k] = k < i ? b[bi + k]! : k === i ? Math.floor(b[bi + k]! / pow) * pow : 0;
  subtractWords(mid6, 0, a, ai, lower6);
  subtractWords(b, bi, mid6, 0, upper6);
  incrementWords(upper6, 0);
  return (3 - i) * 32 + hb;
}

/** Whether the words of `x` are exactly 2^h. */
function isPow2(x: number[], h: number): boolean {
  const k = 3 - (h >> 5);
  for (let j = 0; j < 4; j += 1) if (x[j] !== (j === k ? 2 ** (h & 31) : 0)) return false;
  return true;
}

/** How many CIDRs {@link coverV6} writes for [s, e] (words at `a[ai…]`, `b[bi…]`). */
export function coverCountV6(a: Words, ai: number, b: Words, bi: number): number {
  const h = split6(a, ai, b, bi);
  if (h < 0 || (isPow2(lower6, h) && isPow2(upper6, h))) return 1;
  let n = 0;
  for (let k = 0; k < 4; k += 1) n += popcount32(lower6[k]!) + popcount32(upper6[k]!);
  return n;
}

/** Writes the minimal CIDR cover of the IPv6 interval [s, e] (words at `a[ai…]`, `b[bi…]`) to `out`. */
export function coverV6(a: Words, ai: number, b: Words, bi: number, out: CidrTextBuffer): void {
  const h = split6(a, ai, b, bi);
  const cur = start6;
  if (h < 0 || (isPow2(lower6, h) && isPow2(upper6, h))) {
    out.ipv6(cur);
    out.prefixLength(h < 0 ? 128 : 127 - h);
    return;
  }
  // Lower part: one block per set bit of mid − s, smallest first.
  for (let k = 3; k >= 0; k -= 1) {
    let w = lower6[k]!;
    while (w !== 0) {
      const low = (w & -w) >>> 0;
      const bit = (3 - k) * 32 + 31 - Math.clz32(low);
      out.ipv6(cur);
      out.prefixLength(128 - bit);
      addPow2(cur, bit);
      w -= low;
    }
  }
  // Upper part: one block per set bit of e − mid + 1, largest first.
  copyWords(mid6, 0, cur, 0);
  for (let k = 0; k < 4; k += 1) {
    let w = upper6[k]!;
    while (w !== 0) {
      const top = 31 - Math.clz32(w);
      const bit = (3 - k) * 32 + top;
      out.ipv6(cur);
      out.prefixLength(128 - bit);
      addPow2(cur, bit);
      w -= 2 ** top;
    }
  }
}
