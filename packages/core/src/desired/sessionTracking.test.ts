import { describe, expect, it } from 'vitest';
import type { BgpSessionState } from '../api/state.js';
import { trackSessions } from './sessionTracking.js';

const state = (peer: string, s: Partial<BgpSessionState>): [string, BgpSessionState] => [
  peer,
  { peer, state: 'Established', ...s },
];

describe('trackSessions', () => {
  it('starts a peer seen for the first time now, Established or not', () => {
    const out = trackSessions({}, ['a', 'b'], new Map([state('a', {}), state('b', { state: 'Active' })]), 100);
    expect(out).toEqual({ a: { up: true, since: 100, seenUp: true }, b: { up: false, since: 100, seenUp: false } });
  });

  it('dates a drop from when the device says the session went down, not from this pass', () => {
    const before = { a: { up: true, since: 1_000, seenUp: true } };
    const sessions = new Map([state('a', { state: 'Active', downForMs: 2_500 })]);
    expect(trackSessions(before, ['a'], sessions, 10_000)).toEqual({ a: { up: false, since: 7_500, seenUp: true } });
  });

  it('never dates a drop before the session was seen coming up, nor after now', () => {
    const before = { a: { up: true, since: 9_000, seenUp: true } };
    const long = new Map([state('a', { state: 'Idle', downForMs: 60_000 })]);
    expect(trackSessions(before, ['a'], long, 10_000).a?.since).toBe(9_000);
    const negative = new Map([state('a', { state: 'Idle', downForMs: -5 })]);
    expect(trackSessions(before, ['a'], negative, 10_000).a?.since).toBe(10_000);
  });

  it('starts a drop now when the device does not say when, and a recovery always now', () => {
    const down = trackSessions(
      { a: { up: true, since: 1_000, seenUp: true } },
      ['a'],
      new Map([state('a', { state: 'Active' })]),
      5_000,
    );
    expect(down.a).toEqual({ up: false, since: 5_000, seenUp: true });
    const up = trackSessions(down, ['a'], new Map([state('a', { downForMs: 3_000 })]), 6_000);
    expect(up.a).toEqual({ up: true, since: 6_000, seenUp: true });
  });

  it('keeps an unchanged condition and drops peers no longer configured', () => {
    const before = { a: { up: false, since: 1_000, seenUp: true }, gone: { up: true, since: 1, seenUp: true } };
    const out = trackSessions(before, ['a'], new Map([state('a', { state: 'Active', downForMs: 100 })]), 9_000);
    expect(out).toEqual({ a: before.a });
  });
});
