import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TransportError } from '@meshrr/core';
import { describe, expect, it } from 'vitest';
import { parseBgpNeighbors } from './bgpNeighbors.js';

describe('parseBgpNeighbors', () => {
  it('reads a real show bgp neighbors json (static and listen-range neighbors)', () => {
    const json: unknown = JSON.parse(
      readFileSync(fileURLToPath(new URL('../__fixtures__/show-bgp-neighbors.json', import.meta.url)), 'utf8'),
    );
    expect(parseBgpNeighbors(json)).toEqual([
      { peer: '10.77.0.2', state: 'Idle', group: 'MESH', connectionsEstablished: 0, dynamic: false },
      {
        peer: '10.77.1.11',
        state: 'Established',
        group: 'RS',
        establishedForMs: 2000,
        connectionsEstablished: 1,
        dynamic: true,
        remoteAs: 65010,
      },
      {
        peer: '10.77.1.12',
        state: 'Established',
        group: 'RS',
        establishedForMs: 2000,
        connectionsEstablished: 1,
        dynamic: true,
        remoteAs: 64999,
      },
      { peer: 'fd00:77::2', state: 'Idle', group: 'MESH', connectionsEstablished: 0, dynamic: false },
    ]);
  });

  it('reads the last reset of a session that dropped: reason, who caused it, how long it is down', () => {
    const dropped = (extra: Record<string, unknown>) => ({
      bgpState: 'Active',
      connectionsEstablished: 1,
      connectionsDropped: 1,
      lastResetTimerMsecs: 4000,
      ...extra,
    });
    const sessions = parseBgpNeighbors({
      '10.0.0.1': dropped({ lastResetDueTo: 'Peer closed the session' }),
      '10.0.0.2': dropped({ lastResetDueTo: 'User reset' }),
      '10.0.0.3': dropped({
        lastResetDueTo: 'BGP Notification send',
        lastNotificationReason: 'Hold Timer Expired/Unspecific',
      }),
      '10.0.0.4': dropped({
        lastResetDueTo: 'BGP Notification send',
        lastNotificationReason: 'Cease/Peer Unconfigured',
      }),
      '10.0.0.5': dropped({
        bgpState: 'Established',
        bgpTimerUpMsec: 900,
        lastResetDueTo: 'BGP Notification received',
      }),
      // never dropped: FRR's initial reason says nothing about a drop
      '10.0.0.6': {
        bgpState: 'Idle',
        connectionsDropped: 0,
        lastResetDueTo: 'Waiting for NHT',
        lastResetTimerMsecs: 7000,
      },
    });
    const reset = (peer: string) => {
      const s = sessions.find((x) => x.peer === peer)!;
      return { reason: s.lastResetReason, byPeer: s.resetByPeer, downForMs: s.downForMs };
    };
    expect(reset('10.0.0.1')).toEqual({ reason: 'Peer closed the session', byPeer: true, downForMs: 4000 });
    expect(reset('10.0.0.2')).toEqual({ reason: 'User reset', byPeer: false, downForMs: 4000 });
    expect(reset('10.0.0.3')).toEqual({ reason: 'BGP Notification send', byPeer: true, downForMs: 4000 });
    expect(reset('10.0.0.4')).toEqual({ reason: 'BGP Notification send', byPeer: false, downForMs: 4000 });
    expect(reset('10.0.0.5')).toEqual({ reason: 'BGP Notification received', byPeer: true, downForMs: undefined });
    expect(reset('10.0.0.6')).toEqual({ reason: undefined, byPeer: undefined, downForMs: undefined });
  });

  it('maps unknown states and tolerates an empty instance', () => {
    expect(parseBgpNeighbors({})).toEqual([]);
    expect(parseBgpNeighbors({ '10.0.0.1': { bgpState: 'Clearing' } })).toEqual([
      { peer: '10.0.0.1', state: 'Unknown', dynamic: false },
    ]);
    expect(() => parseBgpNeighbors([])).toThrow(TransportError);
  });
});
