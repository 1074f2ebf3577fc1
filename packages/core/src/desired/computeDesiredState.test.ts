import { describe, expect, it } from 'vitest';
import type { MeshrrConfig } from '../api/config.js';
import type { ManagedState } from '../api/state.js';
import { computeDesiredState } from './computeDesiredState.js';
import { diffManagedState, isEmptyChange, removalsOf, toManagedState } from './diffManagedState.js';
import { EMPTY_PEER_MEMORY } from './peerMemory.js';

const config: MeshrrConfig = {
  origin: 'test',
  encryptedRootPw: 'NOLOGIN',
  asn: { value: 65000, text: '65000' },
  mode: 'ipv4rr',
  updateSeconds: 30,
  plugins: [],
  safety: { maxRemovalShare: 0.5, minGroupPeers: 1, allowLargeRemovals: false, vanishedHoldDownMs: 30_000, sessionDownHoldDownMs: 120_000 },
  quiescence: { minMs: 500, maxMs: 5_000 },
  commit: { confirmTimeoutS: 120, comment: 'meshrr', verifyMs: 5_000 },
  groups: [
    { kind: 'mesh', name: 'MESH', source: { sourcetype: 'static', options: {} } },
    { kind: 'mesh', name: 'UP', source: { sourcetype: 'static', options: {} }, maxPeers: 1 },
    { kind: 'subtractive', name: 'CLIENTS', prefixes: ['10.0.0.0/30'], asRanges: [] },
    { kind: 'subtractive', name: 'RS', prefixes: ['fd00::/127'], asRanges: [{ start: 65010, end: 65020 }, { start: 65001, end: 65005 }] },
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
    const r = computeDesiredState({ ...input, discovered: new Map([['MESH', [{ address: '10.0.0.2', labels: {} }, { address: '10.0.0.1', labels: {} }]], ['UP', [{ address: '10.0.0.3', labels: {} }]]]) });
    expect(r.desired.groups.map((g) => [g.name, g.kind, g.peerType, g.neighbors, g.allow, g.peerAsRanges])).toEqual([
      ['CLIENTS', 'subtractive', 'internal', [], ['10.0.0.0/31'], []],
      ['MESH', 'mesh', 'internal', ['10.0.0.2'], [], []],
      ['RS', 'subtractive', 'external', [], ['fd00::/127'], [{ start: 65001, end: 65005 }, { start: 65010, end: 65020 }]],
      ['UP', 'mesh', 'internal', ['10.0.0.3'], [], []],
    ]);
    expect(r.change.groups.map((g) => [g.name, g.create, g.addNeighbors, g.addAllow])).toEqual([
      ['CLIENTS', true, [], ['10.0.0.0/31']],
      ['MESH', true, ['10.0.0.2'], []],
      ['RS', true, [], ['fd00::/127']],
      ['UP', true, ['10.0.0.3'], []],
    ]);
    const again = computeDesiredState({ ...input, actual: toManagedState(r.desired), discovered: new Map([['MESH', [{ address: '10.0.0.2', labels: {} }]], ['UP', [{ address: '10.0.0.3', labels: {} }]]]) });
    expect(isEmptyChange(again.change)).toBe(true);
  });

  it('keeps the neighbors of a group whose source never synced, and still subtracts them', () => {
    const actual: ManagedState = { groups: [{ name: 'MESH', neighbors: ['10.0.0.2', '10.0.0.3'], allow: [], peerAsRanges: [] }], gracefulShutdown: false };
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
      discovered: new Map([['MESH', []], ['UP', []]]),
      memory: { vanishedSince: { MESH: { '10.0.0.2': 0, '10.0.0.3': 0 } }, downSince: {} },
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
    expect(r.desired.decisions).toContainEqual({ group: 'MESH', peer: '10.0.0.3', action: 'hold', reason: 'removal-cap' });
  });

  it('diffManagedState(x, x) is empty', () => {
    const s: ManagedState = { groups: [{ name: 'A', neighbors: ['10.0.0.1'], allow: ['10.0.0.0/8'], peerAsRanges: [{ start: 1, end: 2 }] }], gracefulShutdown: true };
    expect(isEmptyChange(diffManagedState(s, s))).toBe(true);
  });
});

describe('computeDesiredState with held removals of a retired group', () => {
  it('keeps a group the configuration dropped while the guards hold its neighbors', () => {
    const actual: ManagedState = { groups: [{ name: 'OLD', neighbors: ['10.9.9.8', '10.9.9.9'], allow: [], peerAsRanges: [] }], gracefulShutdown: false };
    const r = computeDesiredState({
      ...input,
      actual,
      discovered: new Map([['MESH', []], ['UP', []]]),
      held: [{ group: 'OLD', peer: '10.9.9.9', action: 'hold', reason: 'removal-cap' }],
    });
    expect(r.desired.groups.find((g) => g.name === 'OLD')?.neighbors).toEqual(['10.9.9.9']);
    expect(r.change.groups.find((g) => g.name === 'OLD')).toMatchObject({ remove: false, removeNeighbors: ['10.9.9.8'] });
    expect(r.desired.groups.find((g) => g.name === 'CLIENTS')!.allow).toEqual(['10.0.0.0/30']);
    expect(r.desired.decisions).toContainEqual({ group: 'OLD', peer: '10.9.9.9', action: 'hold', reason: 'removal-cap' });
  });
});
