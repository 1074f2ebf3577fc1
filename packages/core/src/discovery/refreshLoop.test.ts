import { describe, expect, it } from 'vitest';
import type { DiscoveredPeer } from '../api/peer.js';
import { FakeClock } from '../testing/fakeClock.js';
import { runRefreshLoop, type RefreshResult } from './refreshLoop.js';
import { RecordingSink } from '../testing/recordingSink.js';

const peer = (address: string): DiscoveredPeer => ({ address, labels: {} });

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
});
