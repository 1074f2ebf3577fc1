import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DiscoveredPeer } from '../api/peer.js';
import type { BgpSessionState } from '../api/state.js';
import { EMPTY_PEER_MEMORY } from './peerMemory.js';
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
  sessionDownHoldDownMs: 120_000,
};

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
    expect(first.nextDeadline).toBe(base.now + 30_000);
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

  it('a peer down past the hold-down is replaced: the replacement is added before the old one goes', () => {
    const down: Map<string, BgpSessionState> = new Map([['10.0.0.2', { peer: '10.0.0.2', state: 'Active' }]]);
    const noticed = selectPeers({
      ...base,
      maxPeers: 1,
      candidates: peers('10.0.0.2', '10.0.0.3'),
      configured: ['10.0.0.2'],
      sessions: down,
    });
    expect(noticed.neighbors).toEqual(['10.0.0.2']);
    expect(noticed.nextDeadline).toBe(base.now + 120_000);
    const expired = selectPeers({
      ...base,
      now: base.now + 120_000,
      memory: noticed.memory,
      maxPeers: 1,
      candidates: peers('10.0.0.2', '10.0.0.3'),
      configured: ['10.0.0.2'],
      sessions: down,
    });
    expect(expired.neighbors).toEqual(['10.0.0.2', '10.0.0.3']);
    expect(expired.decisions).toEqual([
      { group: 'UP', peer: '10.0.0.2', action: 'hold', reason: 'replacement-pending' },
      { group: 'UP', peer: '10.0.0.3', action: 'add', reason: 'selected' },
    ]);
    const replaced = selectPeers({
      ...base,
      now: base.now + 121_000,
      memory: expired.memory,
      maxPeers: 1,
      candidates: peers('10.0.0.2', '10.0.0.3'),
      configured: expired.neighbors,
      sessions: new Map([...down, ...up('10.0.0.3')]),
    });
    expect(replaced.neighbors).toEqual(['10.0.0.3']);
    expect(replaced.decisions).toEqual([{ group: 'UP', peer: '10.0.0.2', action: 'remove', reason: 'session-down' }]);
  });

  it('a failed peer is released once its replacement is Established, even while an unrelated peer is down', () => {
    const found = peers('10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5');
    const sessions: Map<string, BgpSessionState> = new Map([
      ['10.0.0.2', { peer: '10.0.0.2', state: 'Active' }],
      ['10.0.0.3', { peer: '10.0.0.3', state: 'Connect' }],
    ]);
    // .2 failed (down past the hold-down) at now − 80 s; .3 went down before that, still within its hold-down
    const memory = { vanishedSince: {}, downSince: { '10.0.0.2': base.now - 200_000, '10.0.0.3': base.now - 100_000 } };
    const expired = selectPeers({
      ...base,
      maxPeers: 2,
      candidates: found,
      configured: ['10.0.0.2', '10.0.0.3'],
      sessions,
      memory,
    });
    const [replacement] = expired.decisions.filter((d) => d.action === 'add').map((d) => d.peer);
    expect(replacement).toBeDefined();
    expect(expired.decisions).toContainEqual({
      group: 'UP',
      peer: '10.0.0.2',
      action: 'hold',
      reason: 'replacement-pending',
    });
    expect(expired.decisions).toContainEqual({
      group: 'UP',
      peer: '10.0.0.3',
      action: 'keep',
      reason: 'session-down-hold-down',
    });
    expect(expired.nextDeadline).toBe(base.now + 20_000);
    const later = selectPeers({
      ...base,
      now: base.now + 1_000,
      maxPeers: 2,
      candidates: found,
      configured: expired.neighbors,
      sessions: new Map([...sessions, ...up(replacement!)]),
      memory: expired.memory,
    });
    expect(later.neighbors).toEqual(['10.0.0.3', replacement]);
    expect(later.decisions).toEqual([
      { group: 'UP', peer: '10.0.0.2', action: 'remove', reason: 'session-down' },
      { group: 'UP', peer: '10.0.0.3', action: 'keep', reason: 'session-down-hold-down' },
    ]);
  });

  it('a failed peer with nothing to replace it stays (no add/remove churn)', () => {
    const down: Map<string, BgpSessionState> = new Map([
      ...up('10.0.0.3'),
      ['10.0.0.2', { peer: '10.0.0.2', state: 'Idle' }],
    ]);
    const memory = { vanishedSince: {}, downSince: { '10.0.0.2': base.now - 500_000 } };
    const r = selectPeers({
      ...base,
      maxPeers: 2,
      candidates: peers('10.0.0.2', '10.0.0.3'),
      configured: ['10.0.0.2', '10.0.0.3'],
      sessions: down,
      memory,
    });
    expect(r.neighbors).toEqual(['10.0.0.2', '10.0.0.3']);
    expect(r.decisions).toEqual([
      { group: 'UP', peer: '10.0.0.2', action: 'keep', reason: 'session-down-no-replacement' },
    ]);
    expect(r.memory.downSince).toEqual({ '10.0.0.2': base.now - 500_000 });
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
