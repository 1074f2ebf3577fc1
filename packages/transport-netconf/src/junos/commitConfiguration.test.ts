import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commitXml } from '../ops/commit.js';
import { commitConfigurationXml, confirmMinutes } from './commitConfiguration.js';

describe('confirm timeout in minutes (Junos commit-configuration)', () => {
  it.each([
    [1, 1],
    [59, 1],
    [60, 1],
    [61, 2],
    [90, 2],
    [600, 10],
    [3_932_100, 65_535],
    [10_000_000, 65_535],
  ])('%i s → %i min', (seconds, minutes) => expect(confirmMinutes(seconds)).toBe(minutes));

  it('never shortens the requested window (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3_932_100 }), (s) => {
        const m = confirmMinutes(s);
        expect(m * 60).toBeGreaterThanOrEqual(s);
        expect((m - 1) * 60).toBeLessThan(s);
      }),
    );
  });

  it('refuses non-positive timeouts', () => {
    expect(() => confirmMinutes(0)).toThrow(RangeError);
    expect(() => confirmMinutes(Number.NaN)).toThrow(RangeError);
  });
});

describe('commit request XML', () => {
  it('Junos: PyEZ child order, escaped log', () => {
    expect(commitConfigurationXml()).toBe('<commit-configuration/>');
    expect(commitConfigurationXml({ check: true })).toBe('<commit-configuration><check/></commit-configuration>');
    expect(commitConfigurationXml({ comment: 'a & <b>', confirmTimeoutS: 300 })).toBe(
      '<commit-configuration><log>a &amp; &lt;b&gt;</log><confirmed/><confirm-timeout>5</confirm-timeout></commit-configuration>',
    );
  });

  it('RFC 6241: seconds, persist and persist-id', () => {
    expect(commitXml({})).toBe('<nc:commit/>');
    expect(commitXml({ confirmed: true, confirmTimeoutS: 120, persist: 'tok' })).toBe(
      '<nc:commit><nc:confirmed/><nc:confirm-timeout>120</nc:confirm-timeout><nc:persist>tok</nc:persist></nc:commit>',
    );
    expect(commitXml({ persistId: 'tok' })).toBe('<nc:commit><nc:persist-id>tok</nc:persist-id></nc:commit>');
    expect(() => commitXml({ confirmed: true, confirmTimeoutS: 1.5 })).toThrow(
      'confirmTimeoutS must be a positive integer of seconds, got 1.5',
    );
  });
});
