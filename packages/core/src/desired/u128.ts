/**
 * 128-bit unsigned values as four 32-bit words (most significant first) stored in plain number
 * arrays at an offset: the IPv6 side of prefix subtraction does its arithmetic on words, which
 * allocates nothing, instead of on bigints, which allocate on every operation.
 */

/** Words to read: the value at offset i is `a[i] … a[i + 3]`. */
export type Words = ArrayLike<number>;

const TWO32 = 4_294_967_296;

/** −1, 0 or 1 as `a[ai…]` is below, equal to or above `b[bi…]`. */
export function compareWords(a: Words, ai: number, b: Words, bi: number): number {
  for (let k = 0; k < 4; k += 1) {
    const x = a[ai + k]!;
    const y = b[bi + k]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Copies the value at `from[fi…]` to `to[ti…]`. */
export function copyWords(from: Words, fi: number, to: number[], ti: number): void {
  to[ti] = from[fi]!;
  to[ti + 1] = from[fi + 1]!;
  to[ti + 2] = from[fi + 2]!;
  to[ti + 3] = from[fi + 3]!;
}

/** Adds 1 in place; returns false when the value wrapped from 2^128 − 1 to 0. */
export function incrementWords(a: number[], i: number): boolean {
  for (let k = 3; k >= 0; k -= 1) {
    if (a[i + k]! < TWO32 - 1) {
      a[i + k] = a[i + k]! + 1;
      return true;
    }
    a[i + k] = 0;
  }
  return false;
}

/** Subtracts 1 in place (the caller never passes 0). */
export function decrementWords(a: number[], i: number): void {
  for (let k = 3; k >= 0; k -= 1) {
    if (a[i + k]! > 0) {
      a[i + k] = a[i + k]! - 1;
      return;
    }
    a[i + k] = TWO32 - 1;
  }
}

/** Pushes the four words of a 128-bit bigint to `into`. */
export function pushBigWords(value: bigint, into: number[]): void {
  const hex = value.toString(16).padStart(32, '0');
  for (let k = 0; k < 4; k += 1) into.push(parseInt(hex.slice(k * 8, k * 8 + 8), 16));
}

/** The bigint of the value at `a[i…]` (tests and error paths only). */
export function wordsToBigInt(a: Words, i: number): bigint {
  let value = 0n;
  for (let k = 0; k < 4; k += 1) value = (value << 32n) | BigInt(a[i + k]!);
  return value;
}
