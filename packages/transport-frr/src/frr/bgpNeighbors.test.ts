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

  it('maps unknown states and tolerates an empty instance', () => {
    expect(parseBgpNeighbors({})).toEqual([]);
    expect(parseBgpNeighbors({ '10.0.0.1': { bgpState: 'Clearing' } })).toEqual([
      { peer: '10.0.0.1', state: 'Unknown', dynamic: false },
    ]);
    expect(() => parseBgpNeighbors([])).toThrow(TransportError);
  });
});
