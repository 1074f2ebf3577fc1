import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nearestRank, summarize } from './summary.js';

describe('summarize', () => {
  it('reports min, median, nearest-rank p99 and max of the samples', () => {
    const samples = Array.from({ length: 200 }, (_, i) => 200 - i);
    expect(summarize(samples)).toEqual({ n: 200, min: 1, median: 100.5, p99: 198, max: 200 });
  });

  it('takes the maximum as p99 below 100 samples and the middle of an odd count as median', () => {
    expect(summarize([5, 1, 9])).toEqual({ n: 3, min: 1, median: 5, p99: 9, max: 9 });
  });

  it('gives NaN figures for no samples', () => {
    expect(summarize([]).median).toBeNaN();
  });

  it('every figure is ordered min ≤ median ≤ p99 ≤ max and p99 is one of the samples', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1 }), (xs) => {
        const s = summarize(xs);
        expect(s.min).toBeLessThanOrEqual(s.median);
        expect(s.median).toBeLessThanOrEqual(s.p99);
        expect(s.p99).toBeLessThanOrEqual(s.max);
        expect(xs).toContain(s.p99);
      }),
    );
  });

  it('nearest rank never interpolates', () => {
    expect(nearestRank([1, 2, 3, 4], 50)).toBe(2);
    expect(nearestRank([1, 2, 3, 4], 51)).toBe(3);
  });
});
