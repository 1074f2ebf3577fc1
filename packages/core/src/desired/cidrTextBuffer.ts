const DOT = 46;
const COLON = 58;
const SLASH = 47;
const NEWLINE = 10;
const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];
const decoder = new TextDecoder();

/**
 * Collects canonical CIDR texts as ASCII bytes, one per line, and turns them into strings once at
 * the end (`texts()`): one decode and one split instead of hundreds of thousands of concatenations,
 * which keeps large `allow` lists (≈ 20 CIDRs per excluded IPv4 peer, ≈ 115 per IPv6 peer) cheap.
 * Writers must end every entry with {@link CidrTextBuffer.prefixLength}.
 */
export class CidrTextBuffer {
  #bytes = new Uint8Array(4096);
  #length = 0;
  #count = 0;

  #reserve(extra: number): void {
    if (this.#length + extra <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(this.#bytes.length * 2, this.#length + extra));
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
  }

  #decimal(value: number): void {
    const b = this.#bytes;
    if (value >= 100) b[this.#length++] = 48 + Math.floor(value / 100);
    if (value >= 10) b[this.#length++] = 48 + (Math.floor(value / 10) % 10);
    b[this.#length++] = 48 + (value % 10);
  }

  /** Writes the dotted quad of an unsigned 32-bit value. */
  ipv4(value: number): void {
    this.#reserve(24);
    this.#decimal(value >>> 24);
    this.#bytes[this.#length++] = DOT;
    this.#decimal((value >>> 16) & 255);
    this.#bytes[this.#length++] = DOT;
    this.#decimal((value >>> 8) & 255);
    this.#bytes[this.#length++] = DOT;
    this.#decimal(value & 255);
  }

  #hex16(value: number): void {
    const b = this.#bytes;
    if (value >= 0x1000) b[this.#length++] = HEX[value >>> 12]!;
    if (value >= 0x100) b[this.#length++] = HEX[(value >>> 8) & 15]!;
    if (value >= 0x10) b[this.#length++] = HEX[(value >>> 4) & 15]!;
    b[this.#length++] = HEX[value & 15]!;
  }

  /** Writes eight 16-bit groups in RFC 5952 form: the first longest run (≥ 2) of zero groups as `::`. */
  ipv6(groups: readonly number[]): void {
    this.#reserve(48);
    let bestAt = -1;
    let bestLen = 1;
    for (let i = 0; i < 8;) {
      let j = i;
      while (j < 8 && groups[j] === 0) j += 1;
      if (j - i > bestLen) {
        bestAt = i;
        bestLen = j - i;
      }
      i = j === i ? i + 1 : j;
    }
    const b = this.#bytes;
    for (let i = 0; i < 8; i += 1) {
      if (i === bestAt) {
        b[this.#length++] = COLON;
        b[this.#length++] = COLON;
        i += bestLen - 1;
        continue;
      }
      if (i > 0 && i !== bestAt + bestLen) b[this.#length++] = COLON;
      this.#hex16(groups[i]!);
    }
  }

  /** Ends the current entry with `/length`. */
  prefixLength(length: number): void {
    this.#bytes[this.#length++] = SLASH;
    this.#decimal(length);
    this.#bytes[this.#length++] = NEWLINE;
    this.#count += 1;
  }

  /** Every entry written so far, in order. */
  texts(): string[] {
    if (this.#count === 0) return [];
    return decoder.decode(this.#bytes.subarray(0, this.#length - 1)).split('\n');
  }
}
