import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Secret, type DesiredRouterConfig } from '@meshrr/core';
import type { FrrRendererOptions } from './options.js';
import { FrrRenderer } from './renderer.js';
import { clientGroup, desiredRouter, meshGroup, routeServerGroup } from './testing-support/desired.js';

/**
 * Golden files: one byte of difference fails. `UPDATE_GOLDEN=1 npx vitest run` rewrites them.
 * `@meshrr/transport-frr` applies every golden to real FRR and checks the re-apply is empty.
 */
const FAST: FrrRendererOptions = { timers: { keepaliveS: 3, holdS: 9 }, connectRetryS: 1 };

const CASES: readonly { name: string; desired: DesiredRouterConfig; options: FrrRendererOptions }[] = [
  {
    name: 'mesh-and-clients',
    desired: desiredRouter('10.99.0.1', [
      meshGroup('MESHRR-MESH', ['10.99.0.3', '10.99.0.2']),
      clientGroup('MESHRR-CLIENTS', ['10.99.1.0/24', '10.99.2.0/23']),
    ]),
    options: { ...FAST, listenLimit: 500 },
  },
  {
    name: 'hierarchy-upstream-policy',
    desired: desiredRouter('10.99.0.11', [
      meshGroup('MESHRR-MESH', ['10.99.0.12'], { families: ['ipv4-unicast', 'ipv6-unicast'] }),
      meshGroup('MESHRR-UPSTREAM', ['10.99.0.2', '10.99.0.1'], { families: ['ipv4-unicast', 'ipv6-unicast'] }),
      clientGroup(
        'MESHRR-CLIENTS',
        ['10.99.0.0/29', '10.99.0.8/30', '10.99.0.13/32', '10.99.0.14/31', '10.99.0.16/28', 'fd00:99::/64'],
        { families: ['ipv4-unicast', 'ipv6-unicast'] },
      ),
    ]),
    options: {
      ...FAST,
      templates: {
        global:
          'bgp community-list standard REGION-A seq 5 permit 65000:101\n!\nroute-map UPSTREAM-OUT permit 10\n match community REGION-A\nexit\nroute-map UPSTREAM-OUT deny 20\nexit\n',
        bgp: 'bgp log-neighbor-changes\n',
        addressFamily: {
          'ipv4-unicast':
            '<% for (const g of it.groups) { if (g.name === "MESHRR-UPSTREAM") { %>neighbor <%= g.name %> route-map UPSTREAM-OUT out\n<% } } %>',
        },
      },
    },
  },
  {
    name: 'route-server-as-ranges',
    desired: desiredRouter(
      '192.168.0.1',
      [
        meshGroup('MESHRR-CORE', ['192.168.0.2']),
        routeServerGroup(
          'MESHRR-CLIENTS',
          ['192.168.0.0/24', '192.168.128.0/17'],
          [
            { start: 65001, end: 65500 },
            { start: 4200000000, end: 4200000099 },
          ],
        ),
      ],
      { mode: 'evpnrs', asn: 4259840001 },
    ),
    options: FAST,
  },
  {
    name: 'graceful-shutdown',
    desired: desiredRouter(
      '10.99.0.1',
      [meshGroup('MESHRR-MESH', ['10.99.0.2', 'fd00:99::2']), clientGroup('MESHRR-CLIENTS', ['10.99.1.0/24'])],
      { gracefulShutdown: true },
    ),
    options: {},
  },
  {
    name: 'dual-stack-session-options',
    desired: desiredRouter(
      '10.99.0.1',
      [
        meshGroup('MESHRR-MESH', ['10.99.0.2', 'fd00:99::2'], {
          families: ['ipv4-unicast', 'ipv6-unicast', 'ipv4-vpn', 'ipv6-vpn', 'l2vpn-evpn'],
          familyTransport: 'matching',
          neighborFamilies: {
            '10.99.0.2': ['ipv4-unicast', 'ipv4-vpn', 'l2vpn-evpn'],
            'fd00:99::2': ['ipv6-unicast', 'ipv6-vpn', 'l2vpn-evpn'],
          },
          timers: { holdTimeS: 9 },
          bfd: { minimumIntervalMs: 300, multiplier: 3 },
        }),
        clientGroup('MESHRR-CLIENTS', ['10.99.1.0/24', 'fd00:99:1::/64'], {
          families: ['ipv4-unicast', 'ipv6-unicast'],
          authentication: { method: 'md5', key: new Secret('k3y!Secret', 'test') },
          bfd: { minimumIntervalMs: 100, multiplier: 5 },
          prefixLimit: { maximum: 1000, warningOnly: false, restartMinutes: 5 },
          timers: { holdTimeS: 30, keepaliveS: 5 },
        }),
        clientGroup('MESHRR-WATCH', ['10.99.2.0/24'], { prefixLimit: { maximum: 50, warningOnly: true } }),
      ],
      { gracefulRestart: { restartTimeS: 90, staleRoutesTimeS: 300, longLivedStaleTimeS: 3600 } },
    ),
    options: { connectRetryS: 1 },
  },
  {
    name: 'route-server-transparent',
    desired: desiredRouter('192.168.0.1', [
      routeServerGroup('RS-ANY', ['192.168.0.0/24'], [{ start: 65001, end: 65500 }], {
        transparent: true,
        families: ['ipv4-unicast', 'ipv6-unicast'],
      }),
      routeServerGroup('RS-ONE', ['192.168.1.0/24'], [{ start: 65010, end: 65010 }], {
        transparent: true,
        multihop: { ttl: 2, nextHopUnchanged: true },
      }),
    ]),
    options: {},
  },
  {
    name: 'empty-allow',
    desired: desiredRouter('10.99.0.1', [meshGroup('MESHRR-MESH', []), clientGroup('MESHRR-CLIENTS', [])]),
    options: { ...FAST, listenLimit: 50 },
  },
];

function goldenPath(name: string): string {
  return fileURLToPath(new URL(`./__golden__/${name}.conf`, import.meta.url));
}

describe('FrrRenderer golden files', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const body = new FrrRenderer(c.options).renderChange({
        desired: c.desired,
        actual: { groups: [], gracefulShutdown: false },
        change: { groups: [] },
      }).body;
      if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(goldenPath(c.name), body);
      expect(body).toBe(readFileSync(goldenPath(c.name), 'utf8'));
    });
  }
});
