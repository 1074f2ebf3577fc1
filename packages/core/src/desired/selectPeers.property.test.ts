import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DiscoveredPeer } from '../api/peer.js';
import type { BgpSessionState, BgpState } from '../api/state.js';
import { sortIpAddressTexts } from '../net/ipAddress.js';
import { DEFAULT_SELECTION } from '../config/schema/extensionSchemas.js';
import { EMPTY_PEER_MEMORY } from './peerMemory.js';
import { selectPeers, type SelectPeersInput } from './selectPeers.js';

const NOW = 10_000_000;
const VANISH = 30_000;
const SELF = ['10.0.0.1', 'fd00::1'];
const SELECTION = { ...DEFAULT_SELECTION, sessionDownHoldMs: 3_000, healthWindowMs: 10_000 };

const address = fc.oneof(
  fc.integer({ min: 1, max: 40 }).map((n) => `10.0.0.${n}`),
  fc.integer({ min: 1, max: 20 }).map((n) => `fd00::${n.toString(16)}`),
);
const state = fc.constantFrom<BgpState>('Established', 'Established', 'Active', 'Idle', 'Connect');
const zone = fc.constantFrom('', 'a', 'b', 'c');

/**
 * A random situation of one group: discovered peers (self included sometimes), device state,
 * sessions, memory (session conditions, penalties, vanish times, balance pacing) and sometimes a
 * balance set.
 */
const situation = fc
  .record({
    discovered: fc.uniqueArray(fc.tuple(address, zone), { maxLength: 25, selector: ([a]) => a }),
    configured: fc.uniqueArray(address, { maxLength: 8 }),
    states: fc.array(state, { minLength: 60, maxLength: 60 }),
    wasUp: fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
    sinceAgo: fc.array(fc.integer({ min: 0, max: 30_000 }), { minLength: 60, maxLength: 60 }),
    vanishedAgo: fc.array(fc.integer({ min: 0, max: 60_000 }), { minLength: 60, maxLength: 60 }),
    penalised: fc.uniqueArray(address, { maxLength: 6 }),
    maxPeers: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
    withSelf: fc.boolean(),
    routerId: fc.integer({ min: 1, max: 1_000_000 }).map(String),
    tier: fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 12 }), {
      nil: undefined,
    }),
    dueAgo: fc.option(fc.integer({ min: -20_000, max: 20_000 }), { nil: undefined }),
  })
  .map((s): SelectPeersInput => {
    const candidates: DiscoveredPeer[] = s.discovered.map(([a, z]): DiscoveredPeer => ({
      address: a,
      labels: z === '' ? {} : { zone: z },
    }));
    if (s.withSelf) candidates.push({ address: SELF[0]!, labels: {} });
    const sessions = new Map<string, BgpSessionState>(
      s.configured.map((peer, i) => [peer, { peer, state: s.states[i]! }]),
    );
    const memorySessions = Object.fromEntries(
      s.configured.map((p, i) => {
        const up = sessions.get(p)!.state === 'Established';
        return [p, { up, since: NOW - s.sinceAgo[i]!, seenUp: up || s.wasUp[i]! }];
      }),
    );
    const vanishedSince = { G: Object.fromEntries(s.configured.map((p, i) => [p, NOW - s.vanishedAgo[i]!])) };
    const penalties = Object.fromEntries(
      s.penalised.map((p, i) => [p, { failures: 1 + (i % 3), at: NOW - 5_000, until: NOW + 1_000 * (i - 2) }]),
    );
    const routerId = `10.9.0.${s.routerId.length}`;
    const members = s.tier?.map((n) => `10.9.${n >> 8}.${n & 255}`);
    return {
      group: 'G',
      routerId,
      ...(s.maxPeers === undefined ? {} : { maxPeers: s.maxPeers }),
      candidates,
      self: SELF,
      configured: s.configured,
      sessions,
      memory: {
        vanishedSince,
        sessions: memorySessions,
        penalties,
        balanceDueAt: s.dueAgo === undefined ? {} : { G: NOW - s.dueAgo },
      },
      now: NOW,
      vanishedHoldDownMs: VANISH,
      selection: SELECTION,
      ...(members === undefined ? {} : { balance: { members: [...members, routerId], selfKey: routerId } }),
      random: () => 0.5,
    };
  });

/** Per discovered candidate: penalised or not, its consecutive failures and when its penalty ends. */
const penaltyMix = fc.array(
  fc.record({
    penalised: fc.oneof({ arbitrary: fc.constant(true), weight: 6 }, { arbitrary: fc.constant(false), weight: 1 }),
    failures: fc.integer({ min: 1, max: 4 }),
    endsIn: fc.integer({ min: -5_000, max: 60_000 }),
  }),
  { minLength: 26, maxLength: 26 },
);

/** `input` with the discovered candidates `mix` marks penalised as of `NOW`. */
function withPenalties(
  input: SelectPeersInput,
  mix: readonly { penalised: boolean; failures: number; endsIn: number }[],
): SelectPeersInput {
  const penalties = { ...input.memory.penalties };
  input.candidates.forEach((c, i) => {
    const m = mix[i]!;
    if (m.penalised) penalties[c.address] = { failures: m.failures, at: NOW - 5_000, until: NOW + m.endsIn };
  });
  return { ...input, memory: { ...input.memory, penalties } };
}

/** Configured, still discovered (not own) peers whose session is Established. */
function establishedBefore(input: SelectPeersInput): string[] {
  const discovered = new Set(input.candidates.map((c) => c.address));
  return input.configured.filter(
    (p) => discovered.has(p) && !SELF.includes(p) && input.sessions.get(p)?.state === 'Established',
  );
}

describe('selectPeers properties', () => {
  it('never self; only discovered or configured peers; decisions consistent with the result; over max_peers only by held peers', () => {
    fc.assert(
      fc.property(situation, (input) => {
        const r = selectPeers(input);
        const configured = new Set(input.configured);
        const discovered = new Set(input.candidates.map((c) => c.address));
        for (const n of r.neighbors) {
          expect(SELF).not.toContain(n);
          expect(discovered.has(n) || configured.has(n)).toBe(true);
        }
        const added = r.decisions.filter((d) => d.action === 'add').map((d) => d.peer);
        const removed = new Set(r.decisions.filter((d) => d.action === 'remove').map((d) => d.peer));
        for (const a of added) expect(configured.has(a)).toBe(false);
        for (const d of removed) expect(configured.has(d)).toBe(true);
        expect(r.neighbors).toEqual(sortIpAddressTexts([...input.configured.filter((p) => !removed.has(p)), ...added]));
        const keptBeyond = r.decisions.filter(
          (d) => d.action === 'hold' || (d.action === 'keep' && d.reason === 'session-down-no-replacement'),
        ).length;
        // over max_peers only by held or failed peers, and by at most one move in flight
        if (input.maxPeers !== undefined)
          expect(r.neighbors.length - keptBeyond).toBeLessThanOrEqual(input.maxPeers + 1);
        expect(r.decisions.map((d) => d.peer)).toEqual([...r.decisions.map((d) => d.peer)].sort(compareText));
      }),
      { numRuns: 400 },
    );
  });

  it('deterministic and independent of the order peers were discovered in', () => {
    fc.assert(
      fc.property(situation, fc.integer({ min: 0, max: 1_000 }), (input, seed) => {
        const shuffled = [...input.candidates].sort(
          (a, b) => ((hashOf(a.address) ^ seed) % 97) - ((hashOf(b.address) ^ seed) % 97),
        );
        expect(selectPeers({ ...input, candidates: shuffled })).toEqual(selectPeers(input));
      }),
      { numRuns: 300 },
    );
  });

  it('never fewer Established peers than before: an Established peer goes only when max_peers others stay Established', () => {
    fc.assert(
      fc.property(situation, (input) => {
        const before = establishedBefore(input);
        const r = selectPeers(input);
        const after = before.filter((p) => r.neighbors.includes(p));
        if (input.maxPeers === undefined) expect(after).toEqual(before);
        else expect(after.length).toBeGreaterThanOrEqual(Math.min(before.length, input.maxPeers));
      }),
      { numRuns: 600 },
    );
  });

  it('sticky: an Established peer in the target always stays; a not-Established added peer is never counted as one', () => {
    fc.assert(
      fc.property(situation, (input) => {
        fc.pre(input.maxPeers !== undefined);
        const r = selectPeers(input);
        for (const p of establishedBefore(input)) if (r.target!.includes(p)) expect(r.neighbors).toContain(p);
        const adds = r.decisions.filter((d) => d.action === 'add').length;
        const removedUp = r.decisions.filter((d) => d.action === 'remove' && d.reason === 'rebalanced').length;
        if (adds > 0) expect(removedUp).toBe(0); // make before break: never add and drop an Established peer in one step
      }),
      { numRuns: 600 },
    );
  });

  it('penalties order candidates and never leave a slot empty: a penalised peer is added only when every unpenalised candidate is taken, and a failed peer is kept without replacement only when no candidate is left', () => {
    fc.assert(
      fc.property(situation, penaltyMix, (situationInput, mix) => {
        fc.pre(situationInput.maxPeers !== undefined);
        // penalise many of the discovered candidates too, so that often none is left unpenalised
        const input = withPenalties(situationInput, mix);
        const r = selectPeers(input);
        const usable = input.candidates.map((c) => c.address).filter((a) => !SELF.includes(a));
        const penalised = (a: string) => (r.memory.penalties[a]?.until ?? -Infinity) > NOW;
        const adds = r.decisions.filter((d) => d.action === 'add');
        for (const d of adds) expect(penalised(d.peer)).toBe(d.reason === 'least-penalised');
        if (adds.some((d) => d.reason === 'least-penalised'))
          for (const a of usable) if (!penalised(a)) expect(r.neighbors).toContain(a);
        if (r.decisions.some((d) => d.reason === 'session-down-no-replacement'))
          for (const a of usable) expect(r.neighbors).toContain(a);
      }),
      { numRuns: 600 },
    );
  });

  it('balanced: over many routers every peer carries about the same load, zones or not', () => {
    for (const zones of [1, 3]) {
      const core: DiscoveredPeer[] = Array.from({ length: 12 }, (_, i) => ({
        address: `10.1.0.${i + 1}`,
        labels: { zone: `z${i % zones}` },
      }));
      const load = new Map(core.map((c) => [c.address, 0]));
      const routers = 3_000;
      for (let i = 0; i < routers; i += 1) {
        const routerId = `10.2.${i >> 8}.${i & 255}`;
        const r = selectPeers({
          group: 'G',
          routerId,
          maxPeers: 3,
          candidates: core,
          self: [routerId],
          configured: [],
          sessions: new Map(),
          memory: EMPTY_PEER_MEMORY,
          now: NOW,
          vanishedHoldDownMs: VANISH,
          selection: SELECTION,
        });
        for (const n of r.neighbors) load.set(n, load.get(n)! + 1);
      }
      const mean = (routers * 3) / core.length;
      for (const count of load.values()) {
        expect(count).toBeGreaterThan(mean * 0.85);
        expect(count).toBeLessThan(mean * 1.15);
      }
    }
  });
});

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function hashOf(text: string): number {
  let h = 7;
  for (let i = 0; i < text.length; i += 1) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h;
}
