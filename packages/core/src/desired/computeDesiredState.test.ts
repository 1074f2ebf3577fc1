import { describe, expect, it } from 'vitest';
import type { MeshrrConfig } from '../api/config.js';
import type { ManagedState, PeerDecision } from '../api/state.js';
import { groupChange } from '../testing/testConfig.js';
import { computeDesiredState } from './computeDesiredState.js';
import { diffManagedState, isEmptyChange, removalsOf, toManagedState } from './diffManagedState.js';
import { DEFAULT_SELECTION } from '../config/schema/extensionSchemas.js';
import { EMPTY_PEER_MEMORY, type PeerMemory } from './peerMemory.js';

const config: MeshrrConfig = {
  origin: 'test',
  encryptedRootPw: 'NOLOGIN',
  asn: { value: 65000, text: '65000' },
  mode: 'ipv4rr',
  updateSeconds: 30,
  plugins: [],
  platform: { name: 'junos', options: {} },
  safety: {
    maxRemovalShare: 0.5,
    removalWindowMs: 300_000,
    minGroupPeers: 1,
    allowLargeRemovals: false,
    vanishedHoldDownMs: 30_000,
  },
  selection: { ...DEFAULT_SELECTION, sessionDownHoldMs: 120_000 },
  quiescence: { minMs: 500, maxMs: 5_000 },
  commit: { confirmTimeoutS: 120, comment: 'meshrr', verifyMs: 5_000 },
  groups: [
    { kind: 'mesh', name: 'MESH', source: { sourcetype: 'static', options: {} } },
    { kind: 'mesh', name: 'UP', source: { sourcetype: 'static', options: {} }, maxPeers: 1 },
    { kind: 'subtractive', name: 'CLIENTS', prefixes: ['10.0.0.0/30'], asRanges: [] },
    {
      kind: 'subtractive',
      name: 'RS',
      prefixes: ['fd00::/127'],
      asRanges: [
        { start: 65010, end: 65020 },
        { start: 65001, end: 65005 },
      ],
    },
  ],
};
const empty: ManagedState = { groups: [], gracefulShutdown: false };
const input = {
  config,
  identity: { routerId: '10.0.0.1', addresses: ['10.0.0.1'] },
  actual: empty,
  sessions: [],
  memory: EMPTY_PEER_MEMORY,
  now: 0,
  gracefulShutdown: false,
};

describe('computeDesiredState', () => {
  it('meshes, subtracts every meshed neighbor from the allow lists, and makes route-server groups eBGP', () => {
    const r = computeDesiredState({
      ...input,
      discovered: new Map([
        [
          'MESH',
          [
            { address: '10.0.0.2', labels: {} },
            { address: '10.0.0.1', labels: {} },
          ],
        ],
        ['UP', [{ address: '10.0.0.3', labels: {} }]],
      ]),
    });
    expect(r.desired.groups.map((g) => [g.name, g.kind, g.peerType, g.neighbors, g.allow, g.peerAsRanges])).toEqual([
      ['CLIENTS', 'subtractive', 'internal', [], ['10.0.0.0/31'], []],
      ['MESH', 'mesh', 'internal', ['10.0.0.2'], [], []],
      [
        'RS',
        'subtractive',
        'external',
        [],
        ['fd00::/127'],
        [
          { start: 65001, end: 65005 },
          { start: 65010, end: 65020 },
        ],
      ],
      ['UP', 'mesh', 'internal', ['10.0.0.3'], [], []],
    ]);
    expect(r.change.groups.map((g) => [g.name, g.create, g.addNeighbors, g.addAllow])).toEqual([
      ['CLIENTS', true, [], ['10.0.0.0/31']],
      ['MESH', true, ['10.0.0.2'], []],
      ['RS', true, [], ['fd00::/127']],
      ['UP', true, ['10.0.0.3'], []],
    ]);
    const again = computeDesiredState({
      ...input,
      actual: toManagedState(r.desired),
      discovered: new Map([
        ['MESH', [{ address: '10.0.0.2', labels: {} }]],
        ['UP', [{ address: '10.0.0.3', labels: {} }]],
      ]),
    });
    expect(isEmptyChange(again.change)).toBe(true);
  });

  it('keeps the neighbors of a group whose source never synced, and still subtracts them', () => {
    const actual: ManagedState = {
      groups: [{ name: 'MESH', neighbors: ['10.0.0.2', '10.0.0.3'], allow: [], peerAsRanges: [] }],
      gracefulShutdown: false,
    };
    const r = computeDesiredState({ ...input, actual, discovered: new Map() });
    expect(r.desired.groups.find((g) => g.name === 'MESH')!.neighbors).toEqual(['10.0.0.2', '10.0.0.3']);
    expect(r.desired.groups.find((g) => g.name === 'CLIENTS')!.allow).toEqual(['10.0.0.0/31']);
    expect(r.desired.decisions.filter((d) => d.reason === 'source-not-synced')).toHaveLength(2);
    expect(removalsOf(r.change)).toEqual([]);
  });

  it('keeps removals held by the guards and removes groups no longer configured', () => {
    const actual: ManagedState = {
      groups: [
        { name: 'MESH', neighbors: ['10.0.0.2', '10.0.0.3'], allow: [], peerAsRanges: [] },
        { name: 'OLD', neighbors: ['10.9.9.9'], allow: [], peerAsRanges: [] },
      ],
      gracefulShutdown: false,
    };
    const r = computeDesiredState({
      ...input,
      now: 100_000,
      actual,
      discovered: new Map([
        ['MESH', []],
        ['UP', []],
      ]),
      memory: { ...EMPTY_PEER_MEMORY, vanishedSince: { MESH: { '10.0.0.2': 0, '10.0.0.3': 0 } } },
      held: [{ group: 'MESH', peer: '10.0.0.3', action: 'hold', reason: 'removal-cap' }],
      gracefulShutdown: true,
    });
    expect(r.desired.groups.find((g) => g.name === 'MESH')!.neighbors).toEqual(['10.0.0.3']);
    expect(removalsOf(r.change)).toEqual([
      { group: 'MESH', peer: '10.0.0.2' },
      { group: 'OLD', peer: '10.9.9.9' },
    ]);
    expect(r.change.groups.find((g) => g.name === 'OLD')!.remove).toBe(true);
    expect(r.change.gracefulShutdown).toBe(true);
    expect(r.desired.decisions).toContainEqual({
      group: 'MESH',
      peer: '10.0.0.3',
      action: 'hold',
      reason: 'removal-cap',
    });
  });

  it('diffManagedState(x, x) is empty', () => {
    const s: ManagedState = {
      groups: [{ name: 'A', neighbors: ['10.0.0.1'], allow: ['10.0.0.0/8'], peerAsRanges: [{ start: 1, end: 2 }] }],
      gracefulShutdown: true,
    };
    expect(isEmptyChange(diffManagedState(s, s))).toBe(true);
  });
});

describe('computeDesiredState with held removals of a retired group', () => {
  it('keeps a group the configuration dropped while the guards hold its neighbors', () => {
    const actual: ManagedState = {
      groups: [{ name: 'OLD', neighbors: ['10.9.9.8', '10.9.9.9'], allow: [], peerAsRanges: [] }],
      gracefulShutdown: false,
    };
    const r = computeDesiredState({
      ...input,
      actual,
      discovered: new Map([
        ['MESH', []],
        ['UP', []],
      ]),
      held: [{ group: 'OLD', peer: '10.9.9.9', action: 'hold', reason: 'removal-cap' }],
    });
    expect(r.desired.groups.find((g) => g.name === 'OLD')?.neighbors).toEqual(['10.9.9.9']);
    expect(r.change.groups.find((g) => g.name === 'OLD')).toMatchObject({
      remove: false,
      removeNeighbors: ['10.9.9.8'],
    });
    expect(r.desired.groups.find((g) => g.name === 'CLIENTS')!.allow).toEqual(['10.0.0.0/30']);
    expect(r.desired.decisions).toContainEqual({
      group: 'OLD',
      peer: '10.9.9.9',
      action: 'hold',
      reason: 'removal-cap',
    });
  });
});

describe('computeDesiredState rules', () => {
  const found = (...addresses: string[]) => addresses.map((address) => ({ address, labels: {} }));

  it('renders an empty allow list (never `allow [ ]`) when the meshed peers cover every prefix, and removes the stale entries', () => {
    const actual: ManagedState = {
      groups: [{ name: 'CLIENTS', neighbors: [], allow: ['10.0.0.0/30'], peerAsRanges: [] }],
      gracefulShutdown: false,
    };
    const r = computeDesiredState({
      ...input,
      identity: { routerId: '10.255.0.1', addresses: ['10.255.0.1'] },
      actual,
      discovered: new Map([
        ['MESH', found('10.0.0.0', '10.0.0.1', '10.0.0.2', '10.0.0.3')],
        ['UP', []],
      ]),
    });
    expect(r.desired.groups.find((g) => g.name === 'CLIENTS')!.allow).toEqual([]);
    expect(r.change.groups.find((g) => g.name === 'CLIENTS')).toMatchObject({
      create: false,
      remove: false,
      addAllow: [],
      removeAllow: ['10.0.0.0/30'],
    });
  });

  it('subtracts IPv6 neighbors and held neighbors from every allow list', () => {
    const actual: ManagedState = {
      groups: [{ name: 'MESH', neighbors: ['10.0.0.2', 'fd00::1'], allow: [], peerAsRanges: [] }],
      gracefulShutdown: false,
    };
    const r = computeDesiredState({
      ...input,
      actual,
      discovered: new Map([
        ['MESH', found('fd00::1')],
        ['UP', []],
      ]),
      memory: { ...EMPTY_PEER_MEMORY, vanishedSince: { MESH: { '10.0.0.2': -1_000_000 } } },
      held: [{ group: 'MESH', peer: '10.0.0.2', action: 'hold', reason: 'group-quorum' }],
    });
    expect(r.desired.groups.find((g) => g.name === 'MESH')!.neighbors).toEqual(['10.0.0.2', 'fd00::1']);
    expect(r.desired.groups.find((g) => g.name === 'CLIENTS')!.allow).toEqual(['10.0.0.0/31', '10.0.0.3/32']);
    expect(r.desired.groups.find((g) => g.name === 'RS')!.allow).toEqual(['fd00::/128']);
  });

  it('a vanished peer held by the guards is removed as soon as they let go (its timer is not restarted)', () => {
    const actual: ManagedState = {
      groups: [{ name: 'MESH', neighbors: ['10.0.0.2', '10.0.0.3'], allow: [], peerAsRanges: [] }],
      gracefulShutdown: false,
    };
    const step = (now: number, memory: PeerMemory, held?: PeerDecision[]) =>
      computeDesiredState({
        ...input,
        now,
        actual,
        memory,
        discovered: new Map([
          ['MESH', found('10.0.0.2')],
          ['UP', []],
        ]),
        ...(held ? { held } : {}),
      });
    const first = step(0, EMPTY_PEER_MEMORY);
    expect(first.desired.decisions).toContainEqual({
      group: 'MESH',
      peer: '10.0.0.3',
      action: 'hold',
      reason: 'vanished-hold-down',
    });
    expect(first.nextDeadline).toBe(30_000);
    const guarded = step(30_000, first.memory, [
      { group: 'MESH', peer: '10.0.0.3', action: 'hold', reason: 'group-quorum' },
    ]);
    expect(guarded.memory.vanishedSince).toEqual({ MESH: { '10.0.0.3': 0 } });
    const released = step(31_000, guarded.memory);
    expect(removalsOf(released.change)).toEqual([{ group: 'MESH', peer: '10.0.0.3' }]);
  });

  it('reports the earliest deadline of all groups and prunes memory of peers and groups gone', () => {
    const actual: ManagedState = {
      groups: [
        { name: 'MESH', neighbors: ['10.0.0.2', '10.0.0.9'], allow: [], peerAsRanges: [] },
        { name: 'UP', neighbors: ['10.0.1.1'], allow: [], peerAsRanges: [] },
      ],
      gracefulShutdown: false,
    };
    const r = computeDesiredState({
      ...input,
      now: 100_000,
      actual,
      sessions: [
        { peer: '10.0.0.2', state: 'Established' },
        { peer: '10.0.1.1', state: 'Active' },
      ],
      memory: {
        vanishedSince: { MESH: { '10.0.0.9': 80_000 }, GONE: { '10.7.7.7': 0 } },
        sessions: {
          '10.0.1.1': { up: false, since: 50_000, seenUp: true },
          '10.7.7.7': { up: false, since: 0, seenUp: true },
        },
        penalties: {
          '10.7.7.7': { failures: 1, at: 0, until: 30_000 },
          '10.0.1.2': { failures: 1, at: 0, until: 30_000 },
          '10.8.8.8': { failures: 1, at: 90_000, until: 120_000 },
        },
        balanceDueAt: { MESH: 1, UP: 200_000 },
      },
      discovered: new Map([
        ['MESH', found('10.0.0.2')],
        ['UP', found('10.0.1.1', '10.0.1.2')],
      ]),
    });
    // MESH: 10.0.0.9 vanished at 80 s → removable at 110 s; UP: 10.0.1.1 down since 50 s → replaced at 170 s
    expect(r.nextDeadline).toBe(110_000);
    // kept: configured peers' sessions, penalties still running or of addresses still around; gone: the rest
    expect(r.memory).toEqual({
      vanishedSince: { MESH: { '10.0.0.9': 80_000 } },
      sessions: {
        '10.0.0.2': { up: true, since: 100_000, seenUp: true },
        '10.0.0.9': { up: false, since: 100_000, seenUp: false },
        '10.0.1.1': { up: false, since: 50_000, seenUp: true },
      },
      penalties: {
        '10.0.1.2': { failures: 1, at: 0, until: 30_000 },
        '10.8.8.8': { failures: 1, at: 90_000, until: 120_000 },
      },
      balanceDueAt: {}, // MESH has no max_peers; UP has nothing to balance any more
    });
    expect(r.desired.decisions).toEqual([
      { group: 'MESH', peer: '10.0.0.9', action: 'hold', reason: 'vanished-hold-down' },
      { group: 'UP', peer: '10.0.1.1', action: 'keep', reason: 'session-down-hold-down' },
    ]);
  });

  it('diffs AS ranges and graceful shutdown only when they differ', () => {
    const from: ManagedState = {
      groups: [{ name: 'RS', neighbors: [], allow: ['fd00::/127'], peerAsRanges: [{ start: 65001, end: 65005 }] }],
      gracefulShutdown: true,
    };
    const to: ManagedState = {
      groups: [
        {
          name: 'RS',
          neighbors: [],
          allow: ['fd00::/127'],
          peerAsRanges: [
            { start: 65001, end: 65005 },
            { start: 65010, end: 65020 },
          ],
        },
      ],
      gracefulShutdown: true,
    };
    expect(diffManagedState(from, to)).toEqual({
      groups: [groupChange('RS', { peerAsRanges: to.groups[0]!.peerAsRanges })],
    });
    expect(diffManagedState(from, { ...from, gracefulShutdown: false })).toEqual({
      groups: [],
      gracefulShutdown: false,
    });
  });
});
