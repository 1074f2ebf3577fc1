import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelayMs } from './backoff.js';

describe('backoffDelayMs', () => {
  it('doubles from the initial delay up to the cap when the random draw is 0 (no reduction)', () => {
    const policy = { initialMs: 1000, maxMs: 4000 };
    expect([0, 1, 2, 3, 4, 60].map((n) => backoffDelayMs(n, policy, () => 0))).toEqual([
      0, 1000, 2000, 4000, 4000, 4000,
    ]);
  });

  it('jitters downwards by at most the jitter share, never above the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.9999, noNaN: true }),
        (attempt, initialMs, extra, jitter, r) => {
          const policy = { initialMs, maxMs: initialMs + extra, jitter };
          const ceiling = Math.min(policy.maxMs, initialMs * 2 ** Math.min(attempt - 1, 52));
          const delay = backoffDelayMs(attempt, policy, () => r);
          expect(delay).toBeLessThanOrEqual(policy.maxMs);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling * (1 - jitter)));
        },
      ),
    );
  });

  it('spreads agents that fail together: 100 draws of the same attempt are not one value', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const delays = new Set(
      Array.from({ length: 100 }, () => backoffDelayMs(5, { initialMs: 500, maxMs: 30_000 }, random)),
    );
    expect(delays.size).toBeGreaterThan(50);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(4_000);
  });
});

describe('Backoff', () => {
  it('counts consecutive failures and starts over after reset', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 }, () => 0.5);
    expect([b.fail(), b.fail(), b.fail()]).toEqual([100, 200, 400]);
    expect(b.failures).toBe(3);
    b.reset();
    expect(b.failures).toBe(0);
    expect(b.fail()).toBe(100);
  });
});
