import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DiscoveredPeer } from '../api/peer.js';
import { FakeClock } from '../testing/fakeClock.js';
import { runRefreshLoop, type RefreshResult } from './refreshLoop.js';
import { RecordingSink } from '../testing/recordingSink.js';

const peer = (address: string): DiscoveredPeer => ({ address, labels: {} });

/**
 * Runs the loop through one success (`refreshAfterMs: ttlMs`), `failures` failed lookups (a server
 * outage) and one more success, firing timers as they fall due; returns the time of every lookup.
 */
async function outage(
  failures: number,
  ttlMs: number,
  options: { random?: number; minRefreshMs?: number; maxRefreshMs?: number; maxBackoffMs?: number } = {},
): Promise<number[]> {
  const clock = new FakeClock();
  clock.randomValue = options.random ?? 0;
  const calls: number[] = [];
  const ac = new AbortController();
  const done = runRefreshLoop(ac.signal, new RecordingSink(), {
    clock,
    minRefreshMs: options.minRefreshMs ?? 1_000,
    maxRefreshMs: options.maxRefreshMs ?? 30_000,
    ...(options.maxBackoffMs === undefined ? {} : { maxBackoffMs: options.maxBackoffMs }),
    refresh: async () => {
      calls.push(clock.now());
      if (calls.length > 1 && calls.length <= failures + 1) throw new Error('socket');
      return { peers: [peer('10.0.0.1')], refreshAfterMs: ttlMs };
    },
  });
  await clock.advance(0);
  while (calls.length < failures + 2) await clock.advance(clock.nextTimerAt()! - clock.now());
  ac.abort();
  await done;
  return calls;
}

const gaps = (calls: number[]): number[] => calls.slice(1).map((t, i) => t - calls[i]!);

describe('runRefreshLoop', () => {
  it('emits the first set, then only changes; follows refreshAfterMs within bounds', async () => {
    const clock = new FakeClock();
    const answers: RefreshResult[] = [
      { peers: [peer('10.0.0.1')], refreshAfterMs: 5_000 },
      { peers: [peer('10.0.0.1')], refreshAfterMs: 100 },
      { peers: [peer('10.0.0.2'), peer('10.0.0.1')], refreshAfterMs: 99_000 },
    ];
    const calls: number[] = [];
    const sink = new RecordingSink();
    const ac = new AbortController();
    const done = runRefreshLoop(ac.signal, sink, {
      clock,
      maxRefreshMs: 30_000,
      refresh: async () => {
        calls.push(clock.now());
        return answers.shift() ?? { peers: [peer('10.0.0.2'), peer('10.0.0.1')], refreshAfterMs: 30_000 };
      },
    });
    await clock.advance(0);
    await clock.advance(5_000);
    await clock.advance(1_000); // 100 ms clamped up to the 1 s minimum
    await clock.advance(30_000); // 99 s clamped down to the 30 s maximum
    ac.abort();
    await done;
    const t0 = calls[0]!;
    expect(calls.map((t) => t - t0)).toEqual([0, 5_000, 6_000, 36_000]);
    expect(sink.events).toEqual(['emit 10.0.0.1', 'success', 'emit 10.0.0.2,10.0.0.1', 'success']);
  });

  it('keeps the last good set on failure, backs off exponentially, resets after success', async () => {
    const clock = new FakeClock();
    const script: Array<RefreshResult | Error> = [
      { peers: [peer('10.0.0.1')], refreshAfterMs: 1_000 },
      new Error('SERVFAIL'),
      new Error('timeout'),
      new Error('timeout'),
      { peers: [peer('10.0.0.1')], refreshAfterMs: 1_000 },
      new Error('SERVFAIL'),
    ];
    const calls: number[] = [];
    const sink = new RecordingSink();
    const ac = new AbortController();
    const done = runRefreshLoop(ac.signal, sink, {
      clock,
      maxRefreshMs: 30_000,
      initialBackoffMs: 500,
      refresh: async () => {
        calls.push(clock.now());
        const next = script.shift() ?? { peers: [peer('10.0.0.1')], refreshAfterMs: 1_000 };
        if (next instanceof Error) throw next;
        return next;
      },
    });
    for (let i = 0; i < 12; i += 1) await clock.advance(500);
    ac.abort();
    await done;
    const t0 = calls[0]!;
    // 0 ok → +1000 fail → +500 fail → +1000 fail → +2000 ok → +1000 fail → +500 ...
    expect(calls.slice(0, 6).map((t) => t - t0)).toEqual([0, 1_000, 1_500, 2_500, 4_500, 5_500]);
    expect(sink.events.slice(0, 6)).toEqual([
      'emit 10.0.0.1',
      'failure SERVFAIL',
      'failure timeout',
      'failure timeout',
      'success',
      'failure SERVFAIL',
    ]);
    expect(sink.events.filter((e) => e.startsWith('emit'))).toEqual(['emit 10.0.0.1']);
  });

  it('an authoritative empty set is emitted; abort ends the loop without further lookups', async () => {
    const clock = new FakeClock();
    const sink = new RecordingSink();
    const ac = new AbortController();
    let calls = 0;
    const done = runRefreshLoop(ac.signal, sink, {
      clock,
      maxRefreshMs: 10_000,
      refresh: async () => {
        calls += 1;
        return { peers: calls === 1 ? [peer('10.0.0.1')] : [], refreshAfterMs: 2_000 };
      },
    });
    await clock.advance(2_000);
    ac.abort();
    await done;
    await clock.advance(60_000);
    expect(sink.events).toEqual(['emit 10.0.0.1', 'emit ']);
    expect(calls).toBe(2);
    expect(clock.pendingTimers).toBe(0);
  });

  it('after an outage the failure backoff is capped at 2 × TTL + 1 s: back within that once the server answers', async () => {
    // TTL 1 s: 500, 1 000, 2 000, then 3 000 ms forever (not 30 s, the refresh maximum)
    expect(gaps(await outage(8, 1_000)).slice(1)).toEqual([500, 1_000, 2_000, 3_000, 3_000, 3_000, 3_000, 3_000]);
    // TTL 5 s: up to 11 s; a TTL above the refresh maximum: the maximum
    expect(Math.max(...gaps(await outage(10, 5_000)).slice(1))).toBe(11_000);
    expect(Math.max(...gaps(await outage(10, 90_000)).slice(1))).toBe(30_000);
    // an explicit cap wins, still never above the refresh maximum
    expect(Math.max(...gaps(await outage(10, 1_000, { maxBackoffMs: 8_000 })).slice(1))).toBe(8_000);
    expect(Math.max(...gaps(await outage(10, 1_000, { maxBackoffMs: 60_000 })).slice(1))).toBe(30_000);
  });

  it('before the first success the cap follows the minimum refresh period', async () => {
    const clock = new FakeClock();
    const calls: number[] = [];
    const ac = new AbortController();
    const done = runRefreshLoop(ac.signal, new RecordingSink(), {
      clock,
      minRefreshMs: 2_000,
      maxRefreshMs: 30_000,
      refresh: async () => {
        calls.push(clock.now());
        throw new Error('socket');
      },
    });
    await clock.advance(0);
    while (calls.length < 10) await clock.advance(clock.nextTimerAt()! - clock.now());
    ac.abort();
    await done;
    expect(Math.max(...gaps(calls))).toBe(5_000);
  });

  it('property: every retry after a failure, and so the recovery, waits at most min(max, 2 × period + 1 s), jittered down by at most half', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 0, max: 120_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.constantFrom(500, 1_000, 5_000),
        async (failures, ttlMs, random, minRefreshMs) => {
          const calls = await outage(failures, ttlMs, { random, minRefreshMs });
          const period = Math.min(30_000, Math.max(minRefreshMs, ttlMs));
          const cap = Math.min(30_000, 2 * period + 1_000);
          const retries = gaps(calls).slice(1);
          expect(retries).toHaveLength(failures);
          for (const [i, wait] of retries.entries()) {
            const ceiling = Math.min(cap, 500 * 2 ** i);
            expect(wait).toBeLessThanOrEqual(ceiling);
            expect(wait).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
