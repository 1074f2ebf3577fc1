import type { Words } from './u128.js';

const DOT = 46;
const COLON = 58;
const SLASH = 47;
const NEWLINE = 10;
const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];
const decoder = new TextDecoder();
const GROUPS = new Int32Array(8);

/**
 * For each set of zero groups (bit i = group i is zero), where RFC 5952 puts `::`: the first
 * longest run of at least two zero groups, as `start << 4 | length`; 0 when there is none.
 */
const ZERO_RUN = (() => {
  const table = new Uint8Array(256);
  for (let mask = 0; mask < 256; mask += 1) {
    let bestAt = -1;
    let bestLen = 1;
    for (let i = 0; i < 8;) {
      let j = i;
      while (j < 8 && (mask & (1 << j)) !== 0) j += 1;
      if (j - i > bestLen) {
        bestAt = i;
        bestLen = j - i;
      }
      i = j === i ? i + 1 : j;
    }
    table[mask] = bestAt < 0 ? 0 : (bestAt << 4) | bestLen;
  }
  return table;
})();

/** The longest entry of each family: `255.255.255.255/32\n`, `ffff:…:ffff/128\n` (8 × 4 + 7 + 5). */
export const MAX_V4_ENTRY_BYTES = 19;
export const MAX_V6_ENTRY_BYTES = 44;

/** Decimal text of 0–255: three bytes per value (digits right-aligned), the digit count at [768 + v]. */
const DECIMAL = (() => {
  const table = new Uint8Array(256 * 4);
  for (let v = 0; v < 256; v += 1) {
    const text = String(v);
    for (let i = 0; i < text.length; i += 1) table[v * 3 + 3 - text.length + i] = text.charCodeAt(i);
    table[768 + v] = text.length;
  }
  return table;
})();

/**
 * Collects canonical CIDR texts as ASCII bytes, one per line, and turns them into one string
 * (`text()`) or strings (`texts()`) once at the end: one decode instead of hundreds of thousands of
 * concatenations. Give the capacity when the output size is known (`count × MAX_*_ENTRY_BYTES`): the
 * buffer then never grows or copies. Writers must end every entry with {@link CidrTextBuffer.prefixLength}.
 */
export class CidrTextBuffer {
  #bytes: Uint8Array;
  #length = 0;
  #count = 0;

  constructor(capacity = 4096) {
    this.#bytes = new Uint8Array(Math.max(64, capacity));
  }

  #reserve(extra: number): void {
    if (this.#length + extra <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(this.#bytes.length * 2, this.#length + extra));
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
  }

  #decimal(b: Uint8Array, at: number, value: number): number {
    const digits = DECIMAL[768 + value]!;
    const from = value * 3 + 3 - digits;
    b[at] = DECIMAL[from]!;
    if (digits > 1) b[at + 1] = DECIMAL[from + 1]!;
    if (digits > 2) b[at + 2] = DECIMAL[from + 2]!;
    return at + digits;
  }

  /** Writes the dotted quad of an unsigned 32-bit value. */
  ipv4(value: number): void {
    this.#reserve(MAX_V4_ENTRY_BYTES);
    const b = this.#bytes;
    let at = this.#decimal(b, this.#length, value >>> 24);
    b[at++] = DOT;
    at = this.#decimal(b, at, (value >>> 16) & 255);
    b[at++] = DOT;
    at = this.#decimal(b, at, (value >>> 8) & 255);
    b[at++] = DOT;
    this.#length = this.#decimal(b, at, value & 255);
  }

  /**
   * Writes the IPv6 address held in four 32-bit words at `words[at…]` in RFC 5952 form: the first
   * longest run (≥ 2) of zero groups as `::`.
   */
  ipv6(words: Words, at = 0): void {
    this.#reserve(MAX_V6_ENTRY_BYTES);
    const groups = GROUPS;
    let zeros = 0;
    for (let k = 0; k < 4; k += 1) {
      const w = words[at + k]!;
      const high = (w / 65_536) | 0;
      const low = w & 0xffff;
      groups[2 * k] = high;
      groups[2 * k + 1] = low;
      if (high === 0) zeros |= 1 << (2 * k);
      if (low === 0) zeros |= 2 << (2 * k);
    }
    const run = ZERO_RUN[zeros]!;
    const bestAt = run === 0 ? -1 : run >> 4;
    const bestLen = run & 15;
    const b = this.#bytes;
    let to = this.#length;
    for (let i = 0; i < 8; i += 1) {
      if (i === bestAt) {
        b[to++] = COLON;
        b[to++] = COLON;
        i += bestLen - 1;
        continue;
      }
      if (i > 0 && i !== bestAt + bestLen) b[to++] = COLON;
      const value = groups[i]!;
      if (value >= 0x1000) b[to++] = HEX[value >>> 12]!;
      if (value >= 0x100) b[to++] = HEX[(value >>> 8) & 15]!;
      if (value >= 0x10) b[to++] = HEX[(value >>> 4) & 15]!;
      b[to++] = HEX[value & 15]!;
    }
    this.#length = to;
  }

  /** Ends the current entry with `/length`. */
  prefixLength(length: number): void {
    const b = this.#bytes;
    b[this.#length++] = SLASH;
    this.#length = this.#decimal(b, this.#length, length);
    b[this.#length++] = NEWLINE;
    this.#count += 1;
  }

  /** How many entries were written. */
  get count(): number {
    return this.#count;
  }

  /** Every entry written so far, one per line (no trailing newline; `''` when there is none). */
  text(): string {
    return this.#count === 0 ? '' : decoder.decode(this.#bytes.subarray(0, this.#length - 1));
  }

  /** Every entry written so far, in order. */
  texts(): string[] {
    return this.#count === 0 ? [] : this.text().split('\n');
  }
}
