import { describe, expect, it } from 'vitest';
import type { BgpSessionState, GroupChange, ManagedChange, ManagedState } from '../api/state.js';
import { groupChange } from '../testing/testConfig.js';
import { formatFinding, verifySessions } from './verifySessions.js';

const up = (peer: string, n = 1, extra: Partial<BgpSessionState> = {}): BgpSessionState => ({
  peer,
  state: 'Established',
  connectionsEstablished: n,
  ...extra,
});
const actual: ManagedState = {
  gracefulShutdown: false,
  groups: [{ name: 'old', neighbors: ['10.0.0.9'], allow: [], peerAsRanges: [] }],
};

const lines = (before: BgpSessionState[], after: BgpSessionState[], change: ManagedChange, departing?: string[]) =>
  verifySessions({
    before,
    after,
    change,
    actual,
    ...(departing === undefined ? {} : { departing: new Set(departing) }),
  }).disturbed.map(formatFinding);

describe('verifySessions', () => {
  it('accepts untouched sessions that stayed up and ignores touched ones', () => {
    const change = {
      groups: [
        groupChange('mesh', { addNeighbors: ['10.0.0.3'], removeNeighbors: ['10.0.0.4'] }),
        groupChange('old', { remove: true }),
      ],
    };
    const before = [up('10.0.0.2'), up('10.0.0.4'), up('10.0.0.9'), { peer: '10.0.0.5', state: 'Active' as const }];
    const after = [up('10.0.0.2'), up('10.0.0.3')];
    expect(lines(before, after, change)).toEqual([]);
  });

  it('names each untouched session that flapped, went down or disappeared, with its group and reset reason', () => {
    const change = { groups: [groupChange('mesh', { addNeighbors: ['10.0.0.3'] })] };
    const before = [up('10.0.0.2', 4), up('10.0.0.5', 1, { group: 'mesh' }), up('10.0.0.6')];
    const after = [
      up('10.0.0.2', 5),
      { peer: '10.0.0.5', state: 'Idle' as const, group: 'mesh', lastResetReason: 'User reset', resetByPeer: false },
    ];
    expect(lines(before, after, change)).toEqual([
      'session 10.0.0.2 flapped (connections 4 → 5)',
      'session 10.0.0.5 (group mesh) went from Established to Idle (reset: User reset)',
      'session 10.0.0.6 disappeared',
    ]);
  });

  it('without a connection counter, an uptime that started over is a flap; clock jitter is not', () => {
    const change = { groups: [groupChange('mesh', { addNeighbors: ['10.0.0.3'] })] };
    const bird = (peer: string, establishedForMs: number): BgpSessionState => ({
      peer,
      state: 'Established',
      establishedForMs,
    });
    const before = [bird('10.0.0.2', 3_600_000), bird('10.0.0.4', 60_000)];
    const after = [bird('10.0.0.2', 1_200), bird('10.0.0.4', 59_400)];
    expect(lines(before, after, change)).toEqual(['session 10.0.0.2 flapped (re-established: up 1 s, before 3600 s)']);
  });

  it('dynamic sessions of a group whose allow changed are touched; others are not', () => {
    const change = { groups: [groupChange('clients', { addAllow: ['10.1.0.0/16'] })] };
    const before = [
      up('10.1.2.3', 1, { dynamic: true, group: 'clients' }),
      up('10.2.0.1', 1, { dynamic: true, group: 'other' }),
    ];
    expect(lines(before, [], change)).toEqual(['session 10.2.0.1 (group other) disappeared']);
  });

  it('a departing peer (vanished, held or removed) that drops is never a failure', () => {
    const change = { groups: [groupChange('mesh', { addNeighbors: ['10.0.0.3'] })] };
    const before = [up('10.0.0.2'), up('10.0.0.7')];
    const after = [up('10.0.0.2'), { peer: '10.0.0.7', state: 'Active' as const }];
    expect(lines(before, after, change, ['10.0.0.7'])).toEqual([]);
    expect(lines(before, after, change)).toEqual(['session 10.0.0.7 went from Established to Active']);
  });

  it('a reset the device blames on the peer is excused, unless the change touched that group itself', () => {
    const down = {
      peer: '10.0.0.7',
      group: 'mesh',
      state: 'Active' as const,
      lastResetReason: 'Peer closed the session',
      resetByPeer: true,
    };
    const before = [up('10.0.0.7', 1, { group: 'mesh' })];
    const neighborOnly = verifySessions({
      before,
      after: [down],
      change: { groups: [groupChange('mesh', { addNeighbors: ['10.0.0.3'] })] },
      actual,
    });
    expect(neighborOnly.disturbed).toEqual([]);
    expect(neighborOnly.excused.map(formatFinding)).toEqual([
      'session 10.0.0.7 (group mesh) went from Established to Active (reset: Peer closed the session)',
    ]);
    const groupChanged = verifySessions({
      before,
      after: [down],
      change: { groups: [groupChange('mesh', { addAllow: ['10.9.0.0/16'] })] },
      actual,
    });
    expect(groupChanged.disturbed).toHaveLength(1);
  });

  it('a change that switches graceful shutdown on is never rolled back', () => {
    const before = [up('10.0.0.2'), up('10.0.0.3')];
    expect(verifySessions({ before, after: [], change: { groups: [], gracefulShutdown: true }, actual })).toEqual({
      disturbed: [],
      excused: [],
    });
    expect(lines(before, [], { groups: [], gracefulShutdown: false })).toHaveLength(2);
  });
});
