import { describe, expect, it } from 'vitest';
import type { BgpSessionState } from '../api/state.js';
import { FakeClock } from '../testing/fakeClock.js';
import { waitForSettledSessions } from './settle.js';

describe('waitForSettledSessions', () => {
  it('settles after two identical reads one interval apart', async () => {
    const clock = new FakeClock();
    const reads: number[] = [];
    let sessions: BgpSessionState[] = [{ peer: '10.0.0.2', state: 'Established', connectionsEstablished: 1 }];
    const done = waitForSettledSessions({
      read: async () => {
        reads.push(clock.now());
        return sessions;
      },
      clock,
      settleMs: 1_000,
      deadline: clock.now() + 10_000,
      signal: new AbortController().signal,
    });
    await clock.settle();
    sessions = [{ peer: '10.0.0.2', state: 'Established', connectionsEstablished: 2 }];
    await clock.advance(3_000);
    expect(await done).toBe(true);
    expect(reads.map((t) => t - reads[0]!)).toEqual([0, 1_000, 2_000]);
  });

  it('gives up at the deadline while sessions keep changing', async () => {
    const clock = new FakeClock();
    let n = 0;
    const done = waitForSettledSessions({
      read: async () => [{ peer: '10.0.0.2', state: 'Established', connectionsEstablished: ++n }],
      clock,
      settleMs: 1_000,
      deadline: clock.now() + 2_500,
      signal: new AbortController().signal,
    });
    await clock.advance(10_000);
    expect(await done).toBe(false);
    expect(n).toBe(3);
    expect(clock.pendingTimers).toBe(0);
  });
});
