import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberRangeRegex } from './asRangeRegex.js';

function matches(start: number, end: number, n: number): boolean {
  return new RegExp(`^(${numberRangeRegex(start, end)})$`).test(String(n));
}

describe('numberRangeRegex', () => {
  it('renders the meshrr example range compactly', () => {
    expect(numberRangeRegex(65001, 65500)).toBe('6500[1-9]|650[1-9][0-9]|65[1-4][0-9][0-9]|65500');
    expect(numberRangeRegex(65001, 65535)).toBe('6500[1-9]|650[1-9][0-9]|65[1-4][0-9][0-9]|655[0-2][0-9]|6553[0-5]');
    expect(numberRangeRegex(7, 7)).toBe('7');
    expect(numberRangeRegex(0, 4294967295)).toBe(
      '[0-9]|[1-9][0-9]|[1-9][0-9][0-9]|[1-9][0-9][0-9][0-9]|[1-9][0-9][0-9][0-9][0-9]|[1-9][0-9][0-9][0-9][0-9][0-9]|[1-9][0-9][0-9][0-9][0-9][0-9][0-9]|[1-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]|[1-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]|[1-3][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]|4[0-1][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]|42[0-8][0-9][0-9][0-9][0-9][0-9][0-9][0-9]|429[0-3][0-9][0-9][0-9][0-9][0-9][0-9]|4294[0-8][0-9][0-9][0-9][0-9][0-9]|42949[0-5][0-9][0-9][0-9][0-9]|429496[0-6][0-9][0-9][0-9]|4294967[0-1][0-9][0-9]|42949672[0-8][0-9]|429496729[0-5]',
    );
  });

  it('matches exactly the numbers of the range (edges and neighbours)', () => {
    for (const [s, e] of [
      [65001, 65500],
      [1, 9],
      [10, 10],
      [99, 101],
      [64512, 65534],
      [4200000000, 4294967294],
    ] as const) {
      for (const n of [s - 1, s, s + 1, e - 1, e, e + 1]) {
        if (n >= 0) expect(matches(s, e, n), `${s}-${e} vs ${n}`).toBe(n >= s && n <= e);
      }
    }
  });

  it('property: n matches iff start <= n <= end', () => {
    const asn = fc.integer({ min: 0, max: 4294967295 });
    fc.assert(
      fc.property(asn, asn, asn, (a, b, n) => {
        const [s, e] = a <= b ? [a, b] : [b, a];
        return matches(s, e, n) === (n >= s && n <= e);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: small ranges around decade boundaries', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: -50, max: 2050 }),
        (s, len, off) => {
          const n = s + off;
          return n < 0 || matches(s, s + len, n) === (off >= 0 && off <= len);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses impossible bounds', () => {
    expect(() => numberRangeRegex(5, 4)).toThrow(RangeError);
    expect(() => numberRangeRegex(-1, 4)).toThrow(RangeError);
    expect(() => numberRangeRegex(1, 4294967296)).toThrow(RangeError);
    expect(() => numberRangeRegex(1.5, 4)).toThrow(RangeError);
  });
});
