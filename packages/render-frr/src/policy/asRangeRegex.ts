import { pushAll } from '@meshrr/core';
/** Largest 32-bit AS number. */
const MAX_ASN = 4_294_967_295;

/** A digit class: a single digit, or `[a-b]`, or `[0-9]`. */
function digitClass(low: number, high: number): string {
  if (low === high) return String(low);
  return `[${low}-${high}]`;
}

/**
 * Patterns for every number with exactly `digits` digits in [low, high] (both with that many
 * digits), as a list of alternatives. Splits the interval at digit boundaries the classic way:
 * a common prefix, then one class per position.
 */
function sameLengthPatterns(low: string, high: string): string[] {
  if (low.length === 0) return [''];
  const lowHead = Number(low[0]);
  const highHead = Number(high[0]);
  const lowTail = low.slice(1);
  const highTail = high.slice(1);
  if (lowHead === highHead) return sameLengthPatterns(lowTail, highTail).map((p) => `${lowHead}${p}`);
  const zeros = '0'.repeat(lowTail.length);
  const nines = '9'.repeat(lowTail.length);
  const out: string[] = [];
  let from = lowHead;
  let to = highHead;
  if (lowTail !== zeros) {
    pushAll(
      out,
      sameLengthPatterns(lowTail, nines).map((p) => `${lowHead}${p}`),
    );
    from += 1;
  }
  const highFull = highTail === nines;
  if (!highFull) to -= 1;
  if (from <= to) out.push(`${digitClass(from, to)}${'[0-9]'.repeat(lowTail.length)}`);
  if (!highFull)
    pushAll(
      out,
      sameLengthPatterns(zeros, highTail).map((p) => `${highHead}${p}`),
    );
  return out;
}

/**
 * An extended regular expression (POSIX ERE, also valid JavaScript) that matches exactly the
 * decimal numbers `start..end` (inclusive, no leading zeros) and nothing else, e.g.
 * `65001-65500` → `6500[1-9]|650[1-9][0-9]|65[1-4][0-9][0-9]|65500`. Alternatives
 * only, no anchors: callers wrap it. Deterministic.
 * @throws {RangeError} when the bounds are not integers with 0 ≤ start ≤ end ≤ 4294967295.
 */
export function numberRangeRegex(start: number, end: number): string {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > MAX_ASN || start > end) {
    throw new RangeError(`not a number range: ${start}-${end}`);
  }
  const out: string[] = [];
  let low = start;
  while (low <= end) {
    const digits = String(low).length;
    const top = Math.min(end, 10 ** digits - 1);
    pushAll(out, sameLengthPatterns(String(low), String(top)));
    low = top + 1;
  }
  return out.join('|');
}
