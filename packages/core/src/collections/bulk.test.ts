import { describe, expect, it } from 'vitest';
import { maxOf, minOf, pushAll } from './bulk.js';

describe('bulk array helpers (issue 11 item 7)', () => {
  const huge = Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1_000_003);

  it('spreading a million elements into call arguments overflows the stack; the helpers do not', () => {
    expect(() => [].push(...(huge as never[]))).toThrow(RangeError);
    expect(pushAll([-1], huge)).toHaveLength(1_000_001);
    expect(minOf(huge)).toBe(0);
    expect(maxOf(huge)).toBe(huge.reduce((a, b) => (b > a ? b : a)));
  });

  it('empty input has no minimum or maximum', () => {
    expect([minOf([]), maxOf([])]).toEqual([undefined, undefined]);
    expect([minOf([3, 1, 2]), maxOf([3, 1, 2])]).toEqual([1, 3]);
  });
});
