import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DiscoveredPeer } from '../api/peer.js';
import type { BgpSessionState, BgpState, ManagedState, PeerDecision } from '../api/state.js';
import { DEFAULT_SELECTION } from '../config/schema/extensionSchemas.js';
import { applyManagedChange } from './applyManagedChange.js';
import { meshGroup, subtractiveGroup, testConfig } from '../testing/testConfig.js';
import { computeDesiredState, type DesiredStateInput } from './computeDesiredState.js';
import { DesiredStateMemo } from './desiredStateMemo.js';
import { EMPTY_PEER_MEMORY } from './peerMemory.js';

const UNIVERSE = [
  ...Array.from({ length: 10 }, (_, i) => `10.0.0.${i + 2}`),
  ...Array.from({ length: 4 }, (_, i) => `fd00::${(i + 2).toString(16)}`),
];
const identity = { routerId: '10.0.0.1', addresses: ['10.0.0.1', 'fd00::1'] };

/** A deterministic random source for one step (the same numbers for the memo and the fresh run). */
function randomFor(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const step = fc.record({
  /** Time since the last pass: nothing, a little, or across hold-downs, windows, penalties, pacing. */
  dt: fc.constantFrom(0, 0, 1, 400, 1_000, 2_500, 5_000, 12_000, 40_000),
  /** Toggle one peer in discovery (index into UNIVERSE), or none. */
  toggle: fc.option(fc.nat({ max: UNIVERSE.length - 1 }), { freq: 4, nil: undefined }),
  /** Flip one configured session (index into the configured list), or none. */
  flip: fc.option(fc.nat({ max: 20 }), { freq: 4, nil: undefined }),
  /** How long ago the device says the down sessions went down (`downForMs`), or not said. */
  downFor: fc.constantFrom(undefined, 0, 700, 2_000, 60_000),
  /** Does the device take the change (else: plan mode, a failed commit)? */
  apply: fc.boolean(),
  /** Discovery hands over a new but equal array (else the same one). */
  copy: fc.boolean(),
  /** Hold back the removal of one configured peer (as the guards do). */
  hold: fc.option(fc.nat({ max: 20 }), { freq: 8, nil: undefined }),
  seed: fc.nat(),
});

const scenario = fc.record({
  maxPeers: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  tier: fc.boolean(),
  vanishedHoldDownMs: fc.constantFrom(0, 3_000, 30_000),
  selection: fc.record({
    sessionDownHoldMs: fc.constantFrom(0, 2_000, 3_000),
    healthWindowMs: fc.constantFrom(1_000, 10_000),
    penaltyMs: fc.constantFrom(1_000, 30_000),
    balanceDelayMs: fc.constantFrom(0, 3_000),
    balanceIntervalMs: fc.constantFrom(0, 4_000),
  }),
  initial: fc.uniqueArray(fc.nat({ max: UNIVERSE.length - 1 }), { maxLength: UNIVERSE.length }),
  steps: fc.array(step, { minLength: 1, maxLength: 30 }),
});

describe('DesiredStateMemo', () => {
  it('returns exactly what a fresh computation returns, over random sequences of passes', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const config = testConfig({
          groups: [
            meshGroup('MESH', s.maxPeers === undefined ? {} : { maxPeers: s.maxPeers }),
            ...(s.tier ? [meshGroup('TIER')] : []),
            subtractiveGroup('CLIENTS', ['10.0.0.0/24', 'fd00::/120']),
          ],
          safety: { vanishedHoldDownMs: s.vanishedHoldDownMs },
          selection: { ...DEFAULT_SELECTION, ...s.selection },
        });
        const memo = new DesiredStateMemo();
        const present = new Set(s.initial);
        const peer = (i: number): DiscoveredPeer => ({ address: UNIVERSE[i]!, labels: { zone: `z${i % 3}` } });
        let discovered = [...present].sort((a, b) => a - b).map(peer);
        const tier = [
          { address: '10.0.9.1', labels: {} },
          { address: '10.0.9.2', labels: {} },
        ];
        let actual: ManagedState = { groups: [], gracefulShutdown: false };
        const down = new Set<string>();
        let memory = EMPTY_PEER_MEMORY;
        let now = 1_000_000;
        for (const st of s.steps) {
          now += st.dt;
          if (st.toggle !== undefined) {
            if (present.has(st.toggle)) present.delete(st.toggle);
            else present.add(st.toggle);
            discovered = [...present].sort((a, b) => a - b).map(peer);
          } else if (st.copy) discovered = discovered.map((p) => ({ ...p, labels: { ...p.labels } }));
          const configured = actual.groups.flatMap((g) => g.neighbors);
          if (st.flip !== undefined && configured.length > 0) {
            const p = configured[st.flip % configured.length]!;
            if (down.has(p)) down.delete(p);
            else down.add(p);
          }
          const sessions: BgpSessionState[] = configured.map((p) => ({
            peer: p,
            state: (down.has(p) ? 'Active' : 'Established') as BgpState,
            ...(down.has(p) && st.downFor !== undefined ? { downForMs: st.downFor } : {}),
          }));
          const held: PeerDecision[] =
            st.hold !== undefined && configured.length > 0
              ? [{ group: 'MESH', peer: configured[st.hold % configured.length]!, action: 'hold', reason: 'guard' }]
              : [];
          const input: DesiredStateInput = {
            config,
            identity,
            discovered: new Map([['MESH', discovered], ...(s.tier ? [['TIER', tier] as const] : [])]),
            actual: structuredClone(actual),
            sessions,
            memory,
            now,
            gracefulShutdown: false,
            ...(held.length > 0 ? { held } : {}),
          };
          const remembered = memo.compute({ ...input, random: randomFor(st.seed) });
          const fresh = computeDesiredState({ ...input, random: randomFor(st.seed) });
          expect(remembered).toStrictEqual(fresh);
          memory = remembered.memory;
          if (st.apply) actual = applyManagedChange(actual, remembered.change);
        }
      }),
      { numRuns: 300 },
    );
  });
});
