import { describe, expect, it } from 'vitest';
import type { BgpSessionState } from '../api/state.js';
import { FakeClock } from '../testing/fakeClock.js';
import { waitForDrained } from './settle.js';

const peer = (address: string, extra: Partial<BgpSessionState> = {}): BgpSessionState => ({
  peer: address,
  state: 'Established',
  connectionsEstablished: 1,
  ...extra,
});

function setup(initial: BgpSessionState[], budgetMs = 5_000) {
  const clock = new FakeClock();
  const reads: number[] = [];
  const state = { sessions: initial };
  const options = {
    read: async () => {
      reads.push(clock.now() - start);
      return state.sessions;
    },
    clock,
    settleMs: 1_000,
    pollMs: 200,
    deadline: clock.now() + budgetMs,
    signal: new AbortController().signal,
  };
  const start = clock.now();
  return { clock, reads, state, options, start };
}

describe('waitForDrained', () => {
  it('settles once every peer was sent the re-advertisement, plus the settle time — well inside the budget', async () => {
    const baseline = [
      peer('10.0.0.2', { updatesSent: 5, prefixesSent: 3 }),
      peer('10.0.0.3', { updatesSent: 9, prefixesSent: 0 }),
    ];
    const h = setup(baseline);
    const done = waitForDrained({ ...h.options, baseline });
    await h.clock.advance(600);
    h.state.sessions = [peer('10.0.0.2', { updatesSent: 6, prefixesSent: 3, outQueueDepth: 2 }), baseline[1]!];
    await h.clock.advance(200);
    h.state.sessions = [peer('10.0.0.2', { updatesSent: 7, prefixesSent: 3, outQueueDepth: 0 }), baseline[1]!];
    await h.clock.advance(2_000);
    expect(await done).toEqual({ settled: true, how: 'updates-sent' });
    // updates went out between 800 and 1 000 ms; then 1 s for the peers: done at 2 s of a 5 s budget
    expect(h.clock.now() - h.start).toBeGreaterThanOrEqual(2_000);
    expect(h.reads.at(-1)).toBe(1_000);
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('a peer that went away or has nothing advertised to it does not hold the drain', async () => {
    const baseline = [
      peer('10.0.0.2', { updatesSent: 5, prefixesSent: 3 }),
      peer('10.0.0.3', { updatesSent: 1, prefixesSent: 0 }),
    ];
    const h = setup([{ ...baseline[0]!, state: 'Active' }, baseline[1]!]);
    const done = waitForDrained({ ...h.options, baseline });
    await h.clock.advance(1_000);
    expect(await done).toEqual({ settled: true, how: 'updates-sent' });
  });

  it('without update counters: settles when the sessions stayed unchanged for the settle time', async () => {
    const h = setup([peer('10.0.0.2')]);
    const done = waitForDrained({ ...h.options, baseline: [peer('10.0.0.2')] });
    await h.clock.advance(400);
    h.state.sessions = [peer('10.0.0.2', { connectionsEstablished: 2 })];
    await h.clock.advance(3_000);
    expect(await done).toEqual({ settled: true, how: 'sessions-stable' });
    expect(h.reads.at(-1)).toBe(1_600); // first read of the new state at 600 ms, unchanged 1 s later
  });

  it('gives up at the budget while a peer is never sent the update', async () => {
    const baseline = [peer('10.0.0.2', { updatesSent: 5, prefixesSent: 3 })];
    const h = setup(baseline, 2_500);
    const done = waitForDrained({ ...h.options, baseline });
    await h.clock.advance(10_000);
    expect(await done).toEqual({ settled: false, how: 'budget' });
    expect(h.clock.now()).toBeGreaterThanOrEqual(h.start + 2_500);
    expect(h.clock.pendingTimers).toBe(0);
  });
});
