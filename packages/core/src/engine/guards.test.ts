import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SafetyConfig } from '../api/config.js';
import type { GroupChange, ManagedChange, ManagedState } from '../api/state.js';
import { groupChange } from '../testing/testConfig.js';
import { guardRemovals } from './guards.js';
import { EMPTY_REMOVAL_LEDGER } from './removalLedger.js';

/** The guards of an agent with nothing removed inside the window. */
const guard = (actual: ManagedState, c: ManagedChange, s: SafetyConfig) =>
  guardRemovals(actual, c, s, EMPTY_REMOVAL_LEDGER, 0);
const safety = (s: Partial<SafetyConfig> = {}): SafetyConfig => ({
  maxRemovalShare: 0.5,
  removalWindowMs: 300_000,
  minGroupPeers: 1,
  allowLargeRemovals: false,
  vanishedHoldDownMs: 0,
  ...s,
});
const ips = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `10.0.0.${from + i}`);
const state = (groups: Record<string, string[]>): ManagedState => ({
  gracefulShutdown: false,
  groups: Object.entries(groups).map(([name, neighbors]) => ({ name, neighbors, allow: [], peerAsRanges: [] })),
});

describe('guardRemovals', () => {
  it('holds removals beyond the configured share', () => {
    const actual = state({ mesh: ips(10) });
    const held = guard(
      actual,
      {
        groups: [
          groupChange('mesh', {
            removeNeighbors: ['10.0.0.10', '10.0.0.9', '10.0.0.8', '10.0.0.7', '10.0.0.6', '10.0.0.2', '10.0.0.1'],
          }),
        ],
      },
      safety({ maxRemovalShare: 0.3 }),
    );
    expect(held).toEqual(
      ['10.0.0.7', '10.0.0.8', '10.0.0.9', '10.0.0.10'].map((peer) => ({
        group: 'mesh',
        peer,
        action: 'hold',
        reason: 'removal-cap',
      })),
    );
  });

  it('holds a group at quorum', () => {
    const actual = state({ mesh: ips(4) });
    const held = guard(
      actual,
      { groups: [groupChange('mesh', { removeNeighbors: ips(2, 2) })] },
      safety({ maxRemovalShare: 1, minGroupPeers: 3 }),
    );
    expect(held).toEqual([{ group: 'mesh', peer: '10.0.0.3', action: 'hold', reason: 'quorum' }]);
    const lastOne = guard(
      state({ mesh: ['10.0.0.1'] }),
      { groups: [groupChange('mesh', { removeNeighbors: ['10.0.0.1'] })] },
      safety({ maxRemovalShare: 1 }),
    );
    expect(lastOne).toEqual([{ group: 'mesh', peer: '10.0.0.1', action: 'hold', reason: 'quorum' }]);
  });

  it('counts neighbors added in the same commit towards the quorum (replace before remove)', () => {
    const actual = state({ mesh: ips(2) });
    const held = guard(
      actual,
      { groups: [groupChange('mesh', { addNeighbors: ['10.0.0.7'], removeNeighbors: ['10.0.0.1'] })] },
      safety({ minGroupPeers: 2 }),
    );
    expect(held).toEqual([]);
  });

  it('a whole-group removal counts every configured neighbor', () => {
    const actual = state({ gone: ips(4), mesh: ips(2, 50) });
    const held = guard(actual, { groups: [groupChange('gone', { remove: true })] }, safety());
    expect(held.map((d) => [d.peer, d.reason])).toEqual([
      ['10.0.0.3', 'removal-cap'],
      ['10.0.0.4', 'removal-cap'],
    ]);
  });

  it('allowLargeRemovals lifts both limits; additions alone are never held', () => {
    const actual = state({ mesh: ips(4) });
    expect(
      guard(actual, { groups: [groupChange('mesh', { remove: true })] }, safety({ allowLargeRemovals: true })),
    ).toEqual([]);
    expect(
      guard(actual, { groups: [groupChange('mesh', { addNeighbors: ips(5, 100) })] }, safety({ maxRemovalShare: 0 })),
    ).toEqual([]);
  });

  it('never lets more than the budget go (at least one per window unless the share is 0), never goes below quorum, holds only what it must', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 10 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 5 }),
        (n, r, a, share, min) => {
          const configured = ips(n);
          const removals = configured.slice(0, Math.min(r, n));
          const held = guard(
            state({ g: configured }),
            { groups: [groupChange('g', { removeNeighbors: removals, addNeighbors: ips(a, 100) })] },
            safety({ maxRemovalShare: share, minGroupPeers: min }),
          );
          const removed = removals.length - held.length;
          expect(removed).toBeGreaterThanOrEqual(0);
          const budget = share <= 0 ? 0 : Math.max(1, Math.floor(share * n + 1e-9));
          expect(removed).toBeLessThanOrEqual(budget);
          if (removed > 0) expect(n + a - removed).toBeGreaterThanOrEqual(min);
          expect(removed).toBe(Math.min(removals.length, budget, Math.max(0, n + a - min)));
        },
      ),
    );
  });

  it('retires a dropped group whole, one budget at a time, down to its last neighbor (no quorum)', () => {
    const held = guard(state({ gone: ['10.0.0.1'] }), { groups: [groupChange('gone', { remove: true })] }, safety());
    expect(held).toEqual([]);
  });
});
