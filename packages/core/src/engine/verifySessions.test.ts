import { describe, expect, it } from 'vitest';
import type { BgpSessionState, GroupChange, ManagedState } from '../api/state.js';
import { verifySessions } from './verifySessions.js';

const up = (peer: string, n = 1, extra: Partial<BgpSessionState> = {}): BgpSessionState => ({
  peer,
  state: 'Established',
  connectionsEstablished: n,
  ...extra,
});
const gc = (c: Partial<GroupChange>): GroupChange => ({
  name: 'mesh',
  create: false,
  remove: false,
  addNeighbors: [],
  removeNeighbors: [],
  addAllow: [],
  removeAllow: [],
  ...c,
});
const actual: ManagedState = {
  gracefulShutdown: false,
  groups: [{ name: 'old', neighbors: ['10.0.0.9'], allow: [], peerAsRanges: [] }],
};

describe('verifySessions', () => {
  it('accepts untouched sessions that stayed up and ignores touched ones', () => {
    const change = {
      groups: [gc({ addNeighbors: ['10.0.0.3'], removeNeighbors: ['10.0.0.4'] }), gc({ name: 'old', remove: true })],
    };
    const before = [up('10.0.0.2'), up('10.0.0.4'), up('10.0.0.9'), { peer: '10.0.0.5', state: 'Active' as const }];
    const after = [up('10.0.0.2'), up('10.0.0.3')];
    expect(verifySessions(before, after, change, actual)).toEqual([]);
  });

  it('reports an untouched session that flapped, went down or disappeared', () => {
    const change = { groups: [gc({ addNeighbors: ['10.0.0.3'] })] };
    const before = [up('10.0.0.2', 4), up('10.0.0.5'), up('10.0.0.6')];
    const after = [up('10.0.0.2', 5), { peer: '10.0.0.5', state: 'Idle' as const }];
    expect(verifySessions(before, after, change, actual)).toEqual([
      'session 10.0.0.2 flapped (connections 4 → 5)',
      'session 10.0.0.5 went from Established to Idle',
      'session 10.0.0.6 disappeared',
    ]);
  });

  it('dynamic sessions of a group whose allow changed are touched; others are not', () => {
    const change = { groups: [gc({ name: 'clients', addAllow: ['10.1.0.0/16'] })] };
    const before = [
      up('10.1.2.3', 1, { dynamic: true, group: 'clients' }),
      up('10.2.0.1', 1, { dynamic: true, group: 'other' }),
    ];
    expect(verifySessions(before, [], change, actual)).toEqual(['session 10.2.0.1 disappeared']);
  });
});
