import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAsRange, parseAsNumber, parseAsRange } from './index.js';

describe('parseAsNumber', () => {
  it.each([
    ['65000', 65000],
    [65000, 65000],
    ['1', 1],
    ['4294967295', 4294967295],
    ['65000.1', 4259840001],
    ['0.1', 1],
    ['1.0', 65536],
    ['65535.65535', 4294967295],
  ] as const)('%s → %d', (text, value) => {
    expect(parseAsNumber(text)).toEqual({ value, text: String(text) });
  });

  it.each([
    '0',
    0,
    '0.0',
    '4294967296',
    4294967296,
    '065000',
    '65536.0',
    '1.65536',
    '65000.01',
    '1.5.1',
    '',
    ' 1',
    '-1',
    1.5,
    Number.NaN,
    'AS65000',
  ])('refuses %s', (text) => {
    expect(parseAsNumber(text)).toBeUndefined();
  });

  it('reads asdot X.Y as X × 65536 + Y for every valid pair', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }), (high, low) => {
        const parsed = parseAsNumber(`${high}.${low}`);
        if (high === 0 && low === 0) return parsed === undefined;
        return parsed?.value === high * 65536 + low && parsed.text === `${high}.${low}`;
      }),
    );
  });
});

describe('parseAsRange', () => {
  it.each([
    ['65001-65500', { start: 65001, end: 65500 }],
    ['65001 - 65500', { start: 65001, end: 65500 }],
    ['65001', { start: 65001, end: 65001 }],
    ['65000.1-65000.5', { start: 4259840001, end: 4259840005 }],
    ['64512-65000.1', { start: 64512, end: 4259840001 }],
  ] as const)('%s', (text, range) => {
    expect(parseAsRange(text)).toEqual(range);
  });

  it.each(['65500-65001', '0-10', '1-', '-1', '1-2-3', 'a-b', ''])('refuses %s', (text) => {
    expect(parseAsRange(text)).toBeUndefined();
  });

  it('round-trips through formatAsRange', () => {
    const asn = fc.integer({ min: 1, max: 4294967295 });
    fc.assert(
      fc.property(asn, asn, (a, b) => {
        const range = { start: Math.min(a, b), end: Math.max(a, b) };
        expect(parseAsRange(formatAsRange(range))).toEqual(range);
      }),
    );
  });
});
