import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ManagedState } from '@meshrr/core';
import { parseFrrRunningConfig } from './parseRunningConfig.js';

/** render-frr's golden files (read as text: adapters never import each other). */
function golden(name: string): string {
  return readFileSync(
    fileURLToPath(new URL(`../../../render-frr/src/__golden__/${name}.conf`, import.meta.url)),
    'utf8',
  );
}

const EXPECTED: Readonly<Record<string, ManagedState>> = {
  'mesh-and-clients': {
    groups: [
      { name: 'MESHRR-CLIENTS', neighbors: [], allow: ['10.99.1.0/24', '10.99.2.0/23'], peerAsRanges: [] },
      { name: 'MESHRR-MESH', neighbors: ['10.99.0.2', '10.99.0.3'], allow: [], peerAsRanges: [] },
    ],
    gracefulShutdown: false,
  },
  'hierarchy-upstream-policy': {
    groups: [
      {
        name: 'MESHRR-CLIENTS',
        neighbors: [],
        allow: ['10.99.0.0/29', '10.99.0.8/30', '10.99.0.13/32', '10.99.0.14/31', '10.99.0.16/28', 'fd00:99::/64'],
        peerAsRanges: [],
      },
      { name: 'MESHRR-MESH', neighbors: ['10.99.0.12'], allow: [], peerAsRanges: [] },
      { name: 'MESHRR-UPSTREAM', neighbors: ['10.99.0.1', '10.99.0.2'], allow: [], peerAsRanges: [] },
    ],
    gracefulShutdown: false,
  },
  'route-server-as-ranges': {
    groups: [
      {
        name: 'MESHRR-CLIENTS',
        neighbors: [],
        allow: ['192.168.0.0/24', '192.168.128.0/17'],
        peerAsRanges: [
          { start: 65001, end: 65500 },
          { start: 4200000000, end: 4200000099 },
        ],
      },
      { name: 'MESHRR-CORE', neighbors: ['192.168.0.2'], allow: [], peerAsRanges: [] },
    ],
    gracefulShutdown: false,
  },
  'graceful-shutdown': {
    groups: [
      { name: 'MESHRR-CLIENTS', neighbors: [], allow: ['10.99.1.0/24'], peerAsRanges: [] },
      { name: 'MESHRR-MESH', neighbors: ['10.99.0.2', 'fd00:99::2'], allow: [], peerAsRanges: [] },
    ],
    gracefulShutdown: true,
  },
  'empty-allow': {
    groups: [
      { name: 'MESHRR-CLIENTS', neighbors: [], allow: [], peerAsRanges: [] },
      { name: 'MESHRR-MESH', neighbors: [], allow: [], peerAsRanges: [] },
    ],
    gracefulShutdown: false,
  },
};

describe('parseFrrRunningConfig', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`reads back render-frr golden ${name}`, () => {
      expect(parseFrrRunningConfig(golden(name))).toEqual(expected);
    });
  }

  it('reads a real show running-config (banner, hostname, policy after router bgp)', () => {
    const text = readFileSync(
      fileURLToPath(new URL('../__fixtures__/show-running-config-bgpd.txt', import.meta.url)),
      'utf8',
    );
    expect(parseFrrRunningConfig(text)).toEqual({
      groups: [
        { name: 'MESH', neighbors: ['10.77.0.2', 'fd00:77::2'], allow: [], peerAsRanges: [] },
        {
          name: 'RS',
          neighbors: [],
          allow: ['10.77.1.0/24', 'fd00:77:1::/64'],
          peerAsRanges: [{ start: 65001, end: 65099 }],
        },
      ],
      gracefulShutdown: true,
    });
  });

  it('ignores unmarked peer-groups, VRF instances and address-family lines', () => {
    const text = [
      'router bgp 65000',
      ' neighbor OPS peer-group',
      ' neighbor OPS remote-as 65100',
      ' neighbor 10.0.0.9 peer-group OPS',
      ' neighbor M peer-group',
      ' neighbor M description meshrr',
      ' neighbor 10.0.0.2 peer-group M',
      ' neighbor X description meshrr-like but not ours',
      ' address-family ipv4 unicast',
      '  bgp graceful-shutdown',
      ' exit-address-family',
      'exit',
      'router bgp 65000 vrf RED',
      ' bgp graceful-shutdown',
      ' neighbor V peer-group',
      ' neighbor V description meshrr',
      'exit',
    ].join('\n');
    expect(parseFrrRunningConfig(text)).toEqual({
      groups: [{ name: 'M', neighbors: ['10.0.0.2'], allow: [], peerAsRanges: [] }],
      gracefulShutdown: false,
    });
  });

  it('gives nothing for an empty configuration', () => {
    expect(parseFrrRunningConfig('frr version 8.4.4\nfrr defaults traditional\n!\nend\n')).toEqual({
      groups: [],
      gracefulShutdown: false,
    });
  });
});
