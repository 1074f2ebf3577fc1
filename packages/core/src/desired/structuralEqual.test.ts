import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { structuralEqual } from './structuralEqual.js';

describe('structuralEqual', () => {
  it('is true for a structural copy and agrees with isDeepStrictEqual-like semantics on plain data', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(structuralEqual(value, structuredClone(value))).toBe(true);
      }),
    );
  });

  it('tells apart values that differ anywhere', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(structuralEqual(a, b)).toBe(JSON.stringify(sorted(a)) === JSON.stringify(sorted(b)));
      }),
    );
  });

  it('compares arrays by order, objects by keys in any order, Maps and Sets by entries, NaN equal to NaN', () => {
    expect(structuralEqual([1, 2], [2, 1])).toBe(false);
    expect(structuralEqual({ a: 1, b: [2] }, { b: [2], a: 1 })).toBe(true);
    expect(structuralEqual({ a: undefined }, {})).toBe(false);
    expect(structuralEqual(new Map([['k', { v: 1 }]]), new Map([['k', { v: 1 }]]))).toBe(true);
    expect(structuralEqual(new Map([['k', 1]]), new Map([['k', 2]]))).toBe(false);
    expect(structuralEqual(new Set(['a']), new Set(['b']))).toBe(false);
    expect(structuralEqual([Number.NaN], [Number.NaN])).toBe(true);
    expect(structuralEqual([], {})).toBe(false);
    expect(structuralEqual(new Map(), {})).toBe(false);
    const f = () => 0;
    expect(structuralEqual({ f }, { f })).toBe(true);
    expect(structuralEqual({ f }, { f: () => 0 })).toBe(false);
  });
});

/** `value` with every object's keys sorted (JSON text then compares structure, not key order). */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
    );
  return value;
}
