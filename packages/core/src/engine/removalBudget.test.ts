import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SafetyConfig } from '../api/config.js';
import type { ManagedState } from '../api/state.js';
import { applyManagedChange, diffManagedState } from '../desired/index.js';
import { guardRemovals } from './guards.js';
import {
  budgetFreesAt,
  EMPTY_REMOVAL_LEDGER,
  groupBudget,
  observeSizes,
  recordRemovals,
  type RemovalLedger,
} from './removalLedger.js';

const WINDOW = 60_000;
const safety = (s: Partial<SafetyConfig> = {}): SafetyConfig => ({
  maxRemovalShare: 0.5,
  removalWindowMs: WINDOW,
  minGroupPeers: 0,
  allowLargeRemovals: false,
  vanishedHoldDownMs: 0,
  ...s,
});
const ips = (n: number, from = 1) =>
  Array.from({ length: n }, (_, i) => `10.0.${Math.floor((from + i) / 250)}.${((from + i) % 250) + 1}`);
const state = (groups: Record<string, readonly string[]>): ManagedState => ({
  gracefulShutdown: false,
  groups: Object.entries(groups)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, neighbors]) => ({ name, neighbors: [...neighbors], allow: [], peerAsRanges: [] })),
});

/**
 * One agent's commits against a device that accepts everything: observe, guard, apply what the
 * guards allow, record the removals (as the reconciler does after a confirmed commit).
 */
function step(device: ManagedState, ledger: RemovalLedger, desired: ManagedState, now: number, s: SafetyConfig) {
  let seen = observeSizes(ledger, device, now, s.removalWindowMs);
  const change = diffManagedState(device, desired);
  const held = guardRemovals(device, change, s, seen, now);
  const keep = new Map<string, Set<string>>();
  for (const h of held) keep.set(h.group, (keep.get(h.group) ?? new Set()).add(h.peer));
  const allowed: ManagedState = {
    gracefulShutdown: false,
    groups: [
      ...desired.groups.map((g) => ({
        ...g,
        neighbors: [...new Set([...g.neighbors, ...(keep.get(g.name) ?? [])])],
      })),
      ...device.groups
        .filter((g) => keep.has(g.name) && !desired.groups.some((d) => d.name === g.name))
        .map((g) => ({ ...g, neighbors: [...keep.get(g.name)!] })),
    ].sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
  const applied = diffManagedState(device, allowed);
  seen = recordRemovals(seen, applied, device, now);
  return { device: applyManagedChange(device, applied), ledger: seen, held };
}

describe('removal budget over a sliding window (issue 11 item 4)', () => {
  it('holds a mass removal beyond the budget until the window passes, then lets the next share go', () => {
    const s = safety();
    const seven = state({ mesh: ips(7) });
    const two = state({ mesh: ips(2) });
    let r = step(seven, EMPTY_REMOVAL_LEDGER, two, 0, s);
    expect(r.device.groups[0]!.neighbors).toHaveLength(4); // floor(0.5 × 7) = 3 removed
    expect(r.held.map((h) => h.reason)).toEqual(['removal-cap', 'removal-cap']);
    // before: the cap applied per commit, so the next commit 11 s later removed the rest
    r = step(r.device, r.ledger, two, 11_000, s);
    expect(r.device.groups[0]!.neighbors).toHaveLength(4);
    expect(r.held).toHaveLength(2);
    expect(budgetFreesAt(r.ledger, new Set(['mesh']), 11_000, WINDOW)).toBe(WINDOW);
    r = step(r.device, r.ledger, two, WINDOW - 1, s);
    expect(r.device.groups[0]!.neighbors).toHaveLength(4);
    r = step(r.device, r.ledger, two, WINDOW, s);
    expect(r.device.groups[0]!.neighbors).toHaveLength(2);
    expect(r.held).toEqual([]);
  });

  it('budgets against the largest size inside the window, so shrinking does not refill it', () => {
    let ledger = observeSizes(EMPTY_REMOVAL_LEDGER, state({ g: ips(10) }), 0, WINDOW);
    ledger = recordRemovals(
      ledger,
      diffManagedState(state({ g: ips(10) }), state({ g: ips(5) })),
      state({ g: ips(10) }),
      0,
    );
    ledger = observeSizes(ledger, state({ g: ips(5) }), 1_000, WINDOW);
    expect(groupBudget(ledger, 'g', 5, 1_000, safety())).toEqual({ limit: 5, used: 5, peak: 10 });
    ledger = observeSizes(ledger, state({ g: ips(5) }), WINDOW + 1_000, WINDOW);
    expect(groupBudget(ledger, 'g', 5, WINDOW + 1_000, safety())).toEqual({ limit: 2, used: 0, peak: 5 });
  });

  it('allowLargeRemovals (the operator override) lets a held mass removal go at once', () => {
    const r = step(
      state({ mesh: ips(7) }),
      EMPTY_REMOVAL_LEDGER,
      state({ mesh: [] }),
      0,
      safety({ allowLargeRemovals: true }),
    );
    expect(r.device.groups[0]!.neighbors).toEqual([]);
  });

  it('over any sequence of discovery changes, removals inside any window never exceed the budget', () => {
    const universe = ips(24);
    const groupNames = ['A', 'B', 'C'];
    const desiredState = fc
      .array(fc.record({ present: fc.boolean(), members: fc.subarray(universe) }), {
        minLength: groupNames.length,
        maxLength: groupNames.length,
      })
      .map((groups) =>
        state(Object.fromEntries(groups.flatMap((g, i) => (g.present ? [[groupNames[i]!, g.members]] : [])))),
      );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(desiredState, fc.integer({ min: 0, max: 2 * WINDOW })), { minLength: 1, maxLength: 25 }),
        fc.constantFrom(0, 0.1, 0.25, 0.5, 1),
        (steps, share) => {
          const s = safety({ maxRemovalShare: share });
          let device = state({});
          let ledger = EMPTY_REMOVAL_LEDGER;
          let now = 0;
          const removals: Array<{ group: string; at: number }> = [];
          const sizes: Array<{ group: string; at: number; size: number }> = [];
          for (const [desired, advance] of steps) {
            now += advance;
            for (const g of device.groups) sizes.push({ group: g.name, at: now, size: g.neighbors.length });
            const before = device;
            const r = step(device, ledger, desired, now, s);
            for (const g of before.groups) {
              const after = new Set(r.device.groups.find((x) => x.name === g.name)?.neighbors ?? []);
              for (const peer of g.neighbors) if (!after.has(peer)) removals.push({ group: g.name, at: now });
            }
            ({ device, ledger } = r);
          }
          // every window (t − W, t] ending at a removal: its removals ≤ max(1, floor(share × the
          // largest size the group had during that window or when it began))
          for (const { group, at } of removals) {
            const inWindow = removals.filter((x) => x.group === group && x.at > at - WINDOW && x.at <= at).length;
            const atStart = sizes.filter((x) => x.group === group && x.at <= at - WINDOW).at(-1)?.size ?? 0;
            const peak = Math.max(
              atStart,
              ...sizes.filter((x) => x.group === group && x.at > at - WINDOW && x.at <= at).map((x) => x.size),
            );
            const budget = share <= 0 ? 0 : Math.max(1, Math.floor(share * peak + 1e-9));
            expect(inWindow).toBeLessThanOrEqual(budget);
          }
        },
      ),
      { numRuns: Number(process.env['MESHRR_PROPERTY_RUNS'] ?? 200) },
    );
  });
});
