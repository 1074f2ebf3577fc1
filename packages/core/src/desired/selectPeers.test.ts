import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DiscoveredPeer } from '../api/peer.js';
import type { BgpSessionState } from '../api/state.js';
import { DEFAULT_SELECTION } from '../config/schema/extensionSchemas.js';
import { EMPTY_PEER_MEMORY } from './peerMemory.js';
import { rendezvousScore } from './rendezvous.js';
import { selectPeers, type SelectPeersInput } from './selectPeers.js';

const peers = (...addresses: string[]): DiscoveredPeer[] => addresses.map((address) => ({ address, labels: {} }));
const up = (...addresses: string[]): Map<string, BgpSessionState> =>
  new Map(addresses.map((peer) => [peer, { peer, state: 'Established' as const }]));
const base: SelectPeersInput = {
  group: 'UP',
  routerId: '10.1.0.1',
  candidates: [],
  self: ['10.1.0.1', 'fd00::1'],
  configured: [],
  sessions: new Map(),
  memory: EMPTY_PEER_MEMORY,
  now: 1_000_000,
  vanishedHoldDownMs: 30_000,
  selection: DEFAULT_SELECTION,
};

/** A router whose rendezvous score ranks `first` above `second` (found by trying router-ids). */
function routerPreferring(first: string, second: string): string {
  for (let i = 1; ; i += 1) {
    const id = `10.1.${i >> 8}.${i & 255}`;
    if (rendezvousScore(id, first) > rendezvousScore(id, second)) return id;
  }
}

/** One router over time: each pass applies the previous result (as the engine would) and threads memory. */
function router(
  options: Partial<Omit<SelectPeersInput, 'selection'>> & { selection?: Partial<SelectPeersInput['selection']> },
) {
  const { selection, ...rest } = options;
  let configured = [...(options.configured ?? [])];
  let memory = EMPTY_PEER_MEMORY;
  const r = {
    input: { ...base, ...rest, selection: { ...DEFAULT_SELECTION, ...selection } } as SelectPeersInput,
    /** A reconcile at `base.now + at` with these sessions Established (optionally forcing the configured set). */
    pass(
      state: { at?: number; up: readonly string[]; downForMs?: Readonly<Record<string, number>> },
      forceConfigured?: readonly string[],
    ) {
      if (forceConfigured !== undefined) configured = [...forceConfigured];
      const sessions = new Map(up(...state.up.filter((p) => configured.includes(p))));
      for (const [peer, downForMs] of Object.entries(state.downForMs ?? {}))
        sessions.set(peer, { peer, state: 'Active', downForMs });
      const result = selectPeers({
        ...r.input,
        now: base.now + (state.at ?? 0),
        configured,
        memory,
        sessions,
      });
      configured = [...result.neighbors];
      memory = result.memory;
      return result;
    },
  };
  return r;
}

describe('selectPeers', () => {
  it('without max_peers: every discovered peer but self and invalid ones', () => {
    const r = selectPeers({
      ...base,
      candidates: peers('10.0.0.3', '10.1.0.1', 'fd00::1', '10.0.0.2', '224.0.0.1', 'bogus', '10.0.0.2'),
    });
    expect(r.neighbors).toEqual(['10.0.0.2', '10.0.0.3']);
    expect(r.decisions).toEqual([
      { group: 'UP', peer: '10.0.0.2', action: 'add', reason: 'discovered' },
      { group: 'UP', peer: '10.0.0.3', action: 'add', reason: 'discovered' },
    ]);
  });

  it('with max_peers: sticky configured peers stay, free slots are filled', () => {
    const r = selectPeers({
      ...base,
      maxPeers: 2,
      candidates: peers('10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'),
      configured: ['10.0.0.4'],
      sessions: up('10.0.0.4'),
    });
    expect(r.neighbors).toHaveLength(2);
    expect(r.neighbors).toContain('10.0.0.4');
    expect(r.decisions.filter((d) => d.action === 'add')).toHaveLength(1);
  });

  it('a vanished peer is held until the hold-down passes, and its slot is filled at once', () => {
    const first = selectPeers({
      ...base,
      maxPeers: 1,
      candidates: peers('10.0.0.2', '10.0.0.3'),
      configured: ['10.0.0.9'],
      sessions: up('10.0.0.9'),
    });
    expect(first.neighbors).toHaveLength(2);
    expect(first.decisions.find((d) => d.peer === '10.0.0.9')).toEqual({
      group: 'UP',
      peer: '10.0.0.9',
      action: 'hold',
      reason: 'vanished-hold-down',
    });
    expect(first.nextDeadline).toBe(base.now + 10_000); // the new peer's health window ends before the hold-down
    const picked = first.neighbors.find((n) => n !== '10.0.0.9')!;
    const later = selectPeers({
      ...base,
      now: base.now + 30_000,
      memory: first.memory,
      maxPeers: 1,
      candidates: peers('10.0.0.2', '10.0.0.3'),
      configured: first.neighbors,
      sessions: up(picked),
    });
    expect(later.neighbors).toEqual([picked]);
    expect(later.decisions).toEqual([{ group: 'UP', peer: '10.0.0.9', action: 'remove', reason: 'vanished' }]);
    // kept while the peer is still configured (a guard may hold the removal), dropped once it is gone
    expect(later.memory.vanishedSince).toEqual({ UP: { '10.0.0.9': base.now } });
    const gone = selectPeers({
      ...base,
      now: base.now + 31_000,
      memory: later.memory,
      maxPeers: 1,
      candidates: peers('10.0.0.2', '10.0.0.3'),
      configured: later.neighbors,
      sessions: up(picked),
    });
    expect(gone.memory.vanishedSince).toEqual({});
    expect(gone.decisions).toEqual([]);
  });

  it('a vanished peer whose removal a guard held does not restart its hold-down', () => {
    const first = selectPeers({
      ...base,
      candidates: peers('10.0.0.2'),
      configured: ['10.0.0.2', '10.0.0.9'],
      sessions: up('10.0.0.2', '10.0.0.9'),
    });
    expect(first.decisions).toEqual([{ group: 'UP', peer: '10.0.0.9', action: 'hold', reason: 'vanished-hold-down' }]);
    // hold-down over: removal decided, but the engine's guards held it, so it is still configured
    const expired = selectPeers({
      ...base,
      now: base.now + 30_000,
      memory: first.memory,
      candidates: peers('10.0.0.2'),
      configured: ['10.0.0.2', '10.0.0.9'],
      sessions: up('10.0.0.2', '10.0.0.9'),
    });
    expect(expired.decisions).toEqual([{ group: 'UP', peer: '10.0.0.9', action: 'remove', reason: 'vanished' }]);
    const next = selectPeers({
      ...base,
      now: base.now + 31_000,
      memory: expired.memory,
      candidates: peers('10.0.0.2'),
      configured: ['10.0.0.2', '10.0.0.9'],
      sessions: up('10.0.0.2', '10.0.0.9'),
    });
    expect(next.decisions).toEqual([{ group: 'UP', peer: '10.0.0.9', action: 'remove', reason: 'vanished' }]);
    expect(next.nextDeadline).toBeUndefined();
  });

  it('an own address configured as a neighbor is removed at once', () => {
    const r = selectPeers({
      ...base,
      candidates: peers('10.0.0.2'),
      configured: ['10.0.0.2', 'fd00::1'],
      sessions: up('10.0.0.2'),
    });
    expect(r.neighbors).toEqual(['10.0.0.2']);
    expect(r.decisions).toEqual([{ group: 'UP', peer: 'fd00::1', action: 'remove', reason: 'self' }]);
  });

  it('a selected peer whose Established session stays down past the hold is replaced, make before break', () => {
    const found = peers('10.0.0.2', '10.0.0.3');
    const r = router({ maxPeers: 1, candidates: found, configured: ['10.0.0.2'] });
    r.pass({ up: ['10.0.0.2'] });
    const noticed = r.pass({ at: 1_000, up: [] });
    expect(noticed.neighbors).toEqual(['10.0.0.2']);
    expect(noticed.decisions).toEqual([
      { group: 'UP', peer: '10.0.0.2', action: 'keep', reason: 'session-down-hold-down' },
    ]);
    expect(noticed.nextDeadline).toBe(base.now + 1_000 + 3_000);
    const expired = r.pass({ at: 4_000, up: [] });
    expect(expired.neighbors).toEqual(['10.0.0.2', '10.0.0.3']);
    expect(expired.decisions).toEqual([
      { group: 'UP', peer: '10.0.0.2', action: 'hold', reason: 'replacement-pending' },
      { group: 'UP', peer: '10.0.0.3', action: 'add', reason: 'replacement' },
    ]);
    expect(expired.memory.penalties['10.0.0.2']).toMatchObject({ failures: 1, at: base.now + 4_000 });
    const replaced = r.pass({ at: 5_000, up: ['10.0.0.3'] });
    expect(replaced.neighbors).toEqual(['10.0.0.3']);
    expect(replaced.decisions).toEqual([{ group: 'UP', peer: '10.0.0.2', action: 'remove', reason: 'session-down' }]);
  });

  it('the hold counts from when the device says the session went down, not from the pass that saw it', () => {
    const r = router({ maxPeers: 1, candidates: peers('10.0.0.2', '10.0.0.3'), configured: ['10.0.0.2'] });
    r.pass({ up: ['10.0.0.2'] });
    const noticed = r.pass({ at: 2_500, up: [], downForMs: { '10.0.0.2': 2_000 } });
    expect(noticed.decisions).toEqual([
      { group: 'UP', peer: '10.0.0.2', action: 'keep', reason: 'session-down-hold-down' },
    ]);
    expect(noticed.nextDeadline).toBe(base.now + 500 + 3_000);
    const expired = r.pass({ at: 3_500, up: [], downForMs: { '10.0.0.2': 3_000 } });
    expect(expired.decisions).toContainEqual({ group: 'UP', peer: '10.0.0.3', action: 'add', reason: 'replacement' });
  });

  it('a session that comes back within the hold keeps its peer (no move)', () => {
    const r = router({ maxPeers: 1, candidates: peers('10.0.0.2', '10.0.0.3'), configured: ['10.0.0.2'] });
    r.pass({ up: ['10.0.0.2'] });
    r.pass({ at: 1_000, up: [] });
    const back = r.pass({ at: 3_500, up: ['10.0.0.2'] });
    expect(back.neighbors).toEqual(['10.0.0.2']);
    expect(back.decisions).toEqual([]);
    expect(back.memory.penalties).toEqual({});
  });

  it('a new peer that never reaches Established within the health window is penalised and its slot goes to the next candidate', () => {
    const r = router({ maxPeers: 1, candidates: peers('10.0.0.2', '10.0.0.3', '10.0.0.4'), configured: [] });
    const first = r.pass({ up: [] });
    expect(first.decisions).toEqual([{ group: 'UP', peer: first.neighbors[0], action: 'add', reason: 'selected' }]);
    expect(first.nextDeadline).toBe(base.now + 10_000);
    const dead = first.neighbors[0]!;
    expect(r.pass({ at: 9_999, up: [] }).neighbors).toEqual([dead]);
    const expired = r.pass({ at: 10_000, up: [] });
    const [next] = expired.decisions.filter((d) => d.action === 'add').map((d) => d.peer);
    expect(next).not.toBe(dead);
    expect(expired.decisions).toContainEqual({
      group: 'UP',
      peer: dead,
      action: 'hold',
      reason: 'replacement-pending',
    });
    expect(expired.memory.penalties[dead]).toEqual({ failures: 1, at: base.now + 10_000, until: base.now + 40_000 });
    const healthy = r.pass({ at: 11_000, up: [next!] });
    expect(healthy.neighbors).toEqual([next]);
    expect(healthy.decisions).toEqual([{ group: 'UP', peer: dead, action: 'remove', reason: 'not-established' }]);
  });

  it('a candidate that never answers BGP never pushes out an Established peer, and is retried only after its penalty', () => {
    const fake = '10.0.0.9';
    const r = router({
      maxPeers: 1,
      candidates: peers('10.0.0.2'),
      configured: ['10.0.0.2'],
      selection: { balanceDelayMs: 0, balanceIntervalMs: 0 },
    });
    r.pass({ up: ['10.0.0.2'] });
    // the fake address wins this router's rendezvous score against .2
    r.input = { ...r.input, candidates: peers('10.0.0.2', fake), routerId: routerPreferring(fake, '10.0.0.2') };
    const move = r.pass({ at: 1_000, up: ['10.0.0.2'] });
    expect(move.decisions).toEqual([{ group: 'UP', peer: fake, action: 'add', reason: 'rebalance' }]);
    expect(move.neighbors).toEqual(['10.0.0.2', fake]);
    const waiting = r.pass({ at: 6_000, up: ['10.0.0.2'] });
    expect(waiting.neighbors).toEqual(['10.0.0.2', fake]);
    const failed = r.pass({ at: 11_000, up: ['10.0.0.2'] });
    expect(failed.neighbors).toEqual(['10.0.0.2']);
    expect(failed.decisions).toEqual([{ group: 'UP', peer: fake, action: 'remove', reason: 'not-established' }]);
    const until = failed.memory.penalties[fake]!.until;
    expect(until).toBe(base.now + 41_000);
    expect(r.pass({ at: 20_000, up: ['10.0.0.2'] }).decisions).toEqual([]);
    expect(r.pass({ at: until - base.now, up: ['10.0.0.2'] }).decisions).toEqual([
      { group: 'UP', peer: fake, action: 'add', reason: 'rebalance' },
    ]);
    const again = r.pass({ at: until - base.now + 10_000, up: ['10.0.0.2'] });
    expect(again.decisions).toEqual([{ group: 'UP', peer: fake, action: 'remove', reason: 'not-established' }]);
    expect(again.memory.penalties[fake]!.failures).toBe(2);
    expect(again.memory.penalties[fake]!.until - (until + 10_000)).toBe(60_000);
  });

  it('balance moves wait a random delay, add first, remove once the new peer is Established, and are paced', () => {
    const r = router({
      maxPeers: 1,
      candidates: peers('10.0.0.2'),
      configured: ['10.0.0.2'],
      selection: { balanceDelayMs: 10_000, balanceIntervalMs: 8_000 },
      random: () => 0.5,
    });
    r.pass({ up: ['10.0.0.2'] });
    r.input = {
      ...r.input,
      candidates: peers('10.0.0.2', '10.0.0.5'),
      routerId: routerPreferring('10.0.0.5', '10.0.0.2'),
    };
    const seen = r.pass({ at: 1_000, up: ['10.0.0.2'] });
    expect(seen.target).toEqual(['10.0.0.5']);
    expect(seen.decisions).toEqual([]);
    expect(seen.nextDeadline).toBe(base.now + 1_000 + 5_000);
    const moved = r.pass({ at: 6_000, up: ['10.0.0.2'] });
    expect(moved.decisions).toEqual([{ group: 'UP', peer: '10.0.0.5', action: 'add', reason: 'rebalance' }]);
    expect(moved.memory.balanceDueAt['UP']).toBe(base.now + 6_000 + 6_000);
    const done = r.pass({ at: 7_000, up: ['10.0.0.2', '10.0.0.5'] });
    expect(done.neighbors).toEqual(['10.0.0.5']);
    expect(done.decisions).toEqual([{ group: 'UP', peer: '10.0.0.2', action: 'remove', reason: 'rebalanced' }]);
    expect(done.memory.balanceDueAt).toEqual({});
  });

  it('a target that changes back before the delay ends causes no move (hysteresis)', () => {
    const r = router({
      maxPeers: 1,
      candidates: peers('10.0.0.2'),
      configured: ['10.0.0.2'],
      selection: { balanceDelayMs: 10_000 },
      random: () => 0.9,
    });
    r.pass({ up: ['10.0.0.2'] });
    const routerId = routerPreferring('10.0.0.5', '10.0.0.2');
    r.input = { ...r.input, candidates: peers('10.0.0.2', '10.0.0.5'), routerId };
    expect(r.pass({ at: 1_000, up: ['10.0.0.2'] }).decisions).toEqual([]);
    r.input = { ...r.input, candidates: peers('10.0.0.2') };
    const calm = r.pass({ at: 5_000, up: ['10.0.0.2'] });
    expect(calm.decisions).toEqual([]);
    expect(calm.memory.balanceDueAt).toEqual({});
    expect(calm.nextDeadline).toBeUndefined();
  });

  it('over max_peers (lowered): the Established peers outside the target go, Established count never below max_peers', () => {
    const r = router({ maxPeers: 1, candidates: peers('10.0.0.2', '10.0.0.3', '10.0.0.4'), configured: [] });
    const target = r.pass({ up: [] }).target!;
    const result = r.pass({ at: 1_000, up: ['10.0.0.2', '10.0.0.3', '10.0.0.4'] }, [
      '10.0.0.2',
      '10.0.0.3',
      '10.0.0.4',
    ]);
    expect(result.neighbors).toEqual(target);
    expect(result.decisions.map((d) => `${d.action} ${d.reason}`)).toEqual(['remove rebalanced', 'remove rebalanced']);
  });

  it('trimming a surplus Established peer and starting a balance move never happen in one step (make before break)', () => {
    // Found by the sticky property: max_peers 1, two Established peers outside the target, balance due.
    const r = router({
      maxPeers: 1,
      candidates: peers('10.0.0.2', '10.0.0.3', '10.0.0.5'),
      routerId: routerPreferring('10.0.0.5', '10.0.0.2'),
      selection: { balanceDelayMs: 0, balanceIntervalMs: 0 },
      random: () => 0.5,
    });
    const target = r.pass({ up: [] }, []).target!;
    const outside = ['10.0.0.2', '10.0.0.3'].filter((p) => !target.includes(p));
    expect(outside).toHaveLength(2);
    const trim = r.pass({ at: 1_000, up: outside }, outside);
    expect(trim.decisions.map((d) => `${d.action} ${d.reason}`)).toEqual(['remove rebalanced']);
    expect(trim.neighbors).toHaveLength(1);
    const move = r.pass({ at: 2_000, up: trim.neighbors });
    expect(move.decisions).toEqual([{ group: 'UP', peer: target[0], action: 'add', reason: 'rebalance' }]);
  });

  it('a failed peer with nothing to replace it stays (no add/remove churn)', () => {
    const r = router({ maxPeers: 2, candidates: peers('10.0.0.2', '10.0.0.3'), configured: ['10.0.0.2', '10.0.0.3'] });
    r.pass({ up: ['10.0.0.2', '10.0.0.3'] });
    r.pass({ at: 1_000, up: ['10.0.0.3'] });
    const result = r.pass({ at: 500_000, up: ['10.0.0.3'] });
    expect(result.neighbors).toEqual(['10.0.0.2', '10.0.0.3']);
    expect(result.decisions).toEqual([
      { group: 'UP', peer: '10.0.0.2', action: 'keep', reason: 'session-down-no-replacement' },
    ]);
  });

  it('a slot no unpenalised candidate can fill goes to the least penalised one; its backoff grows if it fails again', () => {
    const r = router({
      maxPeers: 2,
      candidates: peers('10.0.0.2', '10.0.0.3', '10.0.0.4'),
      configured: ['10.0.0.2', '10.0.0.4'],
    });
    r.pass({ up: ['10.0.0.2', '10.0.0.4'] });
    // .4 crashes: replaced by .3 and penalised (30 s)
    r.pass({ at: 1_000, up: ['10.0.0.2'] });
    const replaced = r.pass({ at: 4_000, up: ['10.0.0.2'] });
    expect(replaced.decisions).toContainEqual({ group: 'UP', peer: '10.0.0.3', action: 'add', reason: 'replacement' });
    expect(replaced.memory.penalties['10.0.0.4']).toMatchObject({ failures: 1, until: base.now + 34_000 });
    expect(r.pass({ at: 5_000, up: ['10.0.0.2', '10.0.0.3'] }).neighbors).toEqual(['10.0.0.2', '10.0.0.3']);
    // .3 crashes while .4 is still penalised: .4 is the only candidate left, so it fills the slot
    r.pass({ at: 10_000, up: ['10.0.0.2'] });
    const lastResort = r.pass({ at: 13_000, up: ['10.0.0.2'] });
    expect(lastResort.neighbors).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4']);
    expect(lastResort.decisions).toEqual([
      { group: 'UP', peer: '10.0.0.3', action: 'hold', reason: 'replacement-pending' },
      { group: 'UP', peer: '10.0.0.4', action: 'add', reason: 'least-penalised' },
    ]);
    expect(lastResort.memory.penalties['10.0.0.4']).toMatchObject({ failures: 1, until: base.now + 34_000 });
    // .4 never answers: its health window ends, it is penalised again (doubled), both stay configured
    const again = r.pass({ at: 23_000, up: ['10.0.0.2'] });
    expect(again.neighbors).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4']);
    expect(again.memory.penalties['10.0.0.4']).toEqual({
      failures: 2,
      at: base.now + 23_000,
      until: base.now + 83_000,
    });
    expect(again.decisions).toEqual([
      { group: 'UP', peer: '10.0.0.3', action: 'keep', reason: 'session-down-no-replacement' },
      { group: 'UP', peer: '10.0.0.4', action: 'keep', reason: 'session-down-no-replacement' },
    ]);
    // once .4 is Established the failed .3 goes (make before break)
    const recovered = r.pass({ at: 24_000, up: ['10.0.0.2', '10.0.0.4'] });
    expect(recovered.neighbors).toEqual(['10.0.0.2', '10.0.0.4']);
    expect(recovered.decisions).toEqual([{ group: 'UP', peer: '10.0.0.3', action: 'remove', reason: 'session-down' }]);
  });

  it('a penalised candidate is never preferred over an unpenalised one; among penalised ones the least penalised wins', () => {
    const now = base.now;
    const failedUpstream = {
      ...base,
      maxPeers: 1,
      configured: ['10.0.0.2'],
      sessions: new Map<string, BgpSessionState>([['10.0.0.2', { peer: '10.0.0.2', state: 'Active' }]]),
    };
    const memory = (penalties: SelectPeersInput['memory']['penalties']) => ({
      ...EMPTY_PEER_MEMORY,
      sessions: { '10.0.0.2': { up: false, since: now - 60_000, seenUp: true } },
      penalties,
    });
    const added = (input: SelectPeersInput) =>
      selectPeers(input)
        .decisions.filter((d) => d.action === 'add')
        .map((d) => [d.peer, d.reason]);
    const penalties = {
      '10.0.0.3': { failures: 1, at: now - 1_000, until: now + 50_000 },
      '10.0.0.4': { failures: 3, at: now - 1_000, until: now + 20_000 },
      '10.0.0.5': { failures: 2, at: now - 1_000, until: now + 20_000 },
    };
    const all = peers('10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6');
    expect(added({ ...failedUpstream, candidates: all, memory: memory(penalties) })).toEqual([
      ['10.0.0.6', 'replacement'],
    ]);
    // the penalty that ends first wins, then the fewest failures
    expect(added({ ...failedUpstream, candidates: all.slice(0, 4), memory: memory(penalties) })).toEqual([
      ['10.0.0.5', 'least-penalised'],
    ]);
    expect(added({ ...failedUpstream, candidates: all.slice(0, 2), memory: memory(penalties) })).toEqual([
      ['10.0.0.3', 'least-penalised'],
    ]);
    // an Established upstream is never pushed out by a penalised candidate
    const healthy = {
      ...failedUpstream,
      candidates: all.slice(0, 4),
      sessions: up('10.0.0.2'),
      memory: { ...memory(penalties), sessions: { '10.0.0.2': { up: true, since: now - 60_000, seenUp: true } } },
    };
    expect(selectPeers(healthy).decisions).toEqual([]);
  });

  it('with a balance set, routers of a tier together put the same number of routers on each candidate', () => {
    const tier = Array.from({ length: 8 }, (_, i) => `10.1.0.${i + 1}`);
    const core = peers('10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4');
    const load = new Map(core.map((c) => [c.address, 0]));
    for (const routerId of tier) {
      const r = selectPeers({
        ...base,
        routerId,
        self: [routerId],
        maxPeers: 2,
        candidates: core,
        balance: { members: tier, selfKey: routerId },
      });
      for (const n of r.neighbors) load.set(n, load.get(n)! + 1);
    }
    expect([...load.values()]).toEqual([4, 4, 4, 4]);
  });

  it('zones: a pick comes from the zone with the fewest selected peers', () => {
    const zoned: DiscoveredPeer[] = [
      ...Array.from({ length: 10 }, (_, i) => ({ address: `10.0.1.${i + 1}`, labels: { zone: 'a' } })),
      { address: '10.0.2.1', labels: { zone: 'b' } },
      { address: '10.0.3.1', labels: { zone: 'c' } },
    ];
    for (let i = 1; i < 40; i += 1) {
      const r = selectPeers({ ...base, routerId: `10.9.0.${i}`, self: [], maxPeers: 3, candidates: zoned });
      expect(r.neighbors.filter((n) => n.startsWith('10.0.1.'))).toHaveLength(1);
      expect(r.neighbors).toEqual(expect.arrayContaining(['10.0.2.1', '10.0.3.1']));
    }
  });

  const address = fc.integer({ min: 1, max: 250 }).map((n) => `10.0.${n}.1`);
  it('never self, never over max_peers (without holds), sticky, deterministic and order-independent', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(address, { maxLength: 30 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 250 }),
        (found, maxPeers, selfN) => {
          const self = `10.0.${selfN}.1`;
          const input: SelectPeersInput = {
            ...base,
            routerId: self,
            self: [self],
            maxPeers,
            candidates: peers(...found, self),
          };
          const r = selectPeers(input);
          expect(r.neighbors).not.toContain(self);
          expect(r.neighbors.length).toBe(Math.min(maxPeers, found.filter((a) => a !== self).length));
          expect(selectPeers({ ...input, candidates: [...input.candidates].reverse() }).neighbors).toEqual(r.neighbors);
          const again = selectPeers({ ...input, configured: r.neighbors, sessions: up(...r.neighbors) });
          expect(again.neighbors).toEqual(r.neighbors);
          expect(again.decisions).toEqual([]);
        },
      ),
    );
  });

  it('spreads routers evenly over the candidates (rendezvous balance)', () => {
    const core = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'];
    const load = new Map(core.map((c) => [c, 0]));
    for (let i = 0; i < 400; i += 1) {
      const routerId = `10.${1 + (i >> 8)}.${i & 255}.9`;
      for (const n of selectPeers({ ...base, routerId, self: [routerId], maxPeers: 2, candidates: peers(...core) })
        .neighbors)
        load.set(n, load.get(n)! + 1);
    }
    for (const count of load.values()) expect(count).toBeGreaterThan(150); // 200 each when perfectly even
  });

  it('spreads over zones', () => {
    const zoned: DiscoveredPeer[] = [
      { address: '10.0.0.1', labels: { zone: 'a' } },
      { address: '10.0.0.2', labels: { zone: 'a' } },
      { address: '10.0.0.3', labels: { zone: 'b' } },
    ];
    for (let i = 1; i < 50; i += 1) {
      const r = selectPeers({ ...base, routerId: `10.9.0.${i}`, self: [], maxPeers: 2, candidates: zoned });
      expect(r.neighbors).toContain('10.0.0.3');
    }
  });
});
