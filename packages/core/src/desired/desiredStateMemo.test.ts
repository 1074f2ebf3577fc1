import { describe, expect, it } from 'vitest';
import type { ManagedState } from '../api/state.js';
import { meshGroup, subtractiveGroup, testConfig } from '../testing/testConfig.js';
import { computeDesiredState, type DesiredStateInput } from './computeDesiredState.js';
import { toManagedState } from './diffManagedState.js';
import { DesiredStateMemo } from './desiredStateMemo.js';
import { EMPTY_PEER_MEMORY } from './peerMemory.js';

const NOW = 5_000_000;
const peers = ['10.0.0.2', '10.0.0.3', '10.0.0.4'].map((address) => ({ address, labels: {} }));
const config = testConfig({
  groups: [meshGroup('MESH'), subtractiveGroup('CLIENTS', ['10.0.0.0/24'])],
  safety: { vanishedHoldDownMs: 30_000 },
});
const empty: ManagedState = { groups: [], gracefulShutdown: false };

/** The input of a pass once the device holds the desired state (every session Established). */
function steady(): DesiredStateInput {
  const base: DesiredStateInput = {
    config,
    identity: { routerId: '10.0.0.1', addresses: ['10.0.0.1'] },
    discovered: new Map([['MESH', peers]]),
    actual: empty,
    sessions: [],
    memory: EMPTY_PEER_MEMORY,
    now: NOW,
    gracefulShutdown: false,
  };
  const first = computeDesiredState(base);
  const actual = toManagedState(first.desired);
  const sessions = actual.groups.flatMap((g) => g.neighbors.map((peer) => ({ peer, state: 'Established' as const })));
  const second = computeDesiredState({ ...base, actual, sessions, memory: first.memory });
  return { ...base, actual, sessions, memory: second.memory, now: NOW + 1 };
}

describe('DesiredStateMemo', () => {
  it('answers a pass in which nothing changed from memory, also for equal copies of the input and later times', () => {
    const memo = new DesiredStateMemo();
    const input = steady();
    const first = memo.compute(input);
    expect(first.memory).toBe(input.memory);
    const copy = structuredClone({ ...input, config: undefined });
    const again = memo.compute({ ...copy, config, now: input.now + 600_000 });
    expect(again).toBe(first);
    expect(again).toStrictEqual(computeDesiredState({ ...input, now: input.now + 600_000 }));
    expect(memo.stats).toEqual({ hits: 1, misses: 1 });
  });

  it('computes afresh when any input differs', () => {
    const memo = new DesiredStateMemo();
    const input = steady();
    memo.compute(input);
    const down = input.sessions.map((s, i) => (i === 0 ? { ...s, state: 'Idle' as const } : s));
    const variants: DesiredStateInput[] = [
      { ...input, discovered: new Map([['MESH', peers.slice(1)]]) },
      { ...input, sessions: down },
      { ...input, actual: { ...input.actual, gracefulShutdown: true } },
      { ...input, gracefulShutdown: true },
      { ...input, held: [{ group: 'MESH', peer: '10.0.0.2', action: 'hold', reason: 'guard' }] },
      { ...input, config: { ...config, groups: [meshGroup('MESH')] } },
    ];
    for (const variant of variants) expect(memo.compute(variant)).toStrictEqual(computeDesiredState(variant));
    expect(memo.stats.hits).toBe(0);
  });

  it('computes afresh once a hold-down it reported runs out', () => {
    const memo = new DesiredStateMemo();
    const input = steady();
    const vanished = { ...input, discovered: new Map([['MESH', peers.slice(1)]]) };
    const held = memo.compute(vanished);
    expect(held.desired.decisions).toContainEqual(expect.objectContaining({ peer: '10.0.0.2', action: 'hold' }));
    const during = { ...vanished, memory: held.memory, now: vanished.now + 1_000 };
    expect(memo.compute(during)).toStrictEqual(computeDesiredState(during));
    expect(memo.compute({ ...during, now: during.now + 10_000 }).change).toStrictEqual(held.change);
    const after = { ...during, now: vanished.now + 30_000 };
    const removed = memo.compute(after);
    expect(removed).toStrictEqual(computeDesiredState(after));
    expect(removed.desired.decisions).toContainEqual(expect.objectContaining({ peer: '10.0.0.2', action: 'remove' }));
  });

  it('drops a penalty of an address no longer around when it runs out, as a fresh computation does', () => {
    const memo = new DesiredStateMemo();
    const penalty = { failures: 1, at: NOW - 1_000, until: NOW + 2_000 };
    const base = steady();
    const input = { ...base, memory: { ...base.memory, penalties: { '10.9.9.9': penalty } } };
    expect(memo.compute(input).memory.penalties).toEqual({ '10.9.9.9': penalty });
    const later = { ...input, now: NOW + 2_000 };
    expect(memo.compute(later).memory.penalties).toEqual({});
    expect(memo.compute(later)).toStrictEqual(computeDesiredState(later));
  });

  it('reuses a result that wrote the time of its pass into the memory at that time only', () => {
    const memo = new DesiredStateMemo();
    const input = { ...steady(), memory: EMPTY_PEER_MEMORY };
    const first = memo.compute(input);
    expect(memo.compute(input)).toBe(first);
    const later = { ...input, now: input.now + 1 };
    expect(memo.compute(later)).toStrictEqual(computeDesiredState(later));
    expect(memo.stats).toEqual({ hits: 1, misses: 2 });
  });

  it('reuses a result at its own time only when it tracked a configured peer the memory did not (a surplus peer left on the device)', () => {
    // max_peers 1: the device still has the surplus 10.0.0.2 (the pass that removed it was a plan),
    // whose memory entry the previous pass dropped; it is down, so its timed conditions count from
    // `now` (counterexample found by the memo property at 50,000 runs: a later pass got the earlier
    // pass's nextDeadline).
    const maxOne = testConfig({
      groups: [meshGroup('MESH', { maxPeers: 1 }), subtractiveGroup('CLIENTS', ['10.0.0.0/24'])],
      safety: { vanishedHoldDownMs: 0 },
    });
    const managed = toManagedState(computeDesiredState({ ...steady(), config: maxOne }).desired);
    const mesh = { ...managed.groups.find((g) => g.name === 'MESH')!, neighbors: ['10.0.0.2', '10.0.0.3'] };
    const input: DesiredStateInput = {
      ...steady(),
      config: maxOne,
      discovered: new Map([['MESH', peers.slice(0, 2)]]),
      actual: { groups: [mesh], gracefulShutdown: false },
      sessions: [
        { peer: '10.0.0.2', state: 'Active', downForMs: 0 },
        { peer: '10.0.0.3', state: 'Established' },
      ],
      memory: { ...EMPTY_PEER_MEMORY, sessions: { '10.0.0.3': { up: true, since: NOW - 60_000, seenUp: true } } },
    };
    const memo = new DesiredStateMemo();
    const first = memo.compute(input);
    expect(first).toStrictEqual(computeDesiredState(input));
    expect(first.memory.sessions['10.0.0.2']).toBeUndefined(); // tracked for this pass, then dropped
    const later = { ...input, now: input.now + 1_000 };
    expect(memo.compute(later)).toStrictEqual(computeDesiredState(later));
  });
});
