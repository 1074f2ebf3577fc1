import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STATEMENT_KINDS } from '@meshrr/core';
import { parseFrrRunningConfig } from './parseRunningConfig.js';

/** render-frr's golden files (read as text: adapters never import each other). */
function golden(name: string): string {
  return readFileSync(
    fileURLToPath(new URL(`../../../render-frr/src/__golden__/${name}.conf`, import.meta.url)),
    'utf8',
  );
}

/**
 * The managed state each render-frr golden file reads back as (secrets as `[secret]`). Reviewed
 * against the desired states of render-frr's golden test; `frrTransport.real.test.ts` checks that
 * real FRR's `show running-config` of each golden reads back the same.
 */
export const GOLDEN_STATES = JSON.parse(
  readFileSync(fileURLToPath(new URL('../__fixtures__/golden-managed-state.json', import.meta.url)), 'utf8'),
) as Record<string, unknown>;

describe('parseFrrRunningConfig', () => {
  for (const [name, expected] of Object.entries(GOLDEN_STATES)) {
    it(`reads back render-frr golden ${name}`, () => {
      expect(JSON.parse(JSON.stringify(parseFrrRunningConfig(golden(name))))).toEqual(expected);
    });
  }

  it('reads the MD5 key back for comparison (it never shows)', () => {
    const state = parseFrrRunningConfig(golden('dual-stack-session-options'));
    const clients = state.groups.find((g) => g.name === 'MESHRR-CLIENTS');
    expect(clients?.authentication?.key?.reveal()).toBe('k3y!Secret');
    expect(JSON.stringify(state)).not.toContain('k3y!Secret');
  });

  it('a setting that differs between families reads as a value no configuration has', () => {
    const text = [
      'router bgp 65000',
      ' bgp router-id 10.0.0.1',
      ' neighbor C peer-group',
      ' neighbor C remote-as internal',
      ' neighbor C description meshrr',
      ' !',
      ' address-family ipv4 unicast',
      '  neighbor C activate',
      '  neighbor C route-reflector-client',
      '  neighbor C maximum-prefix 10',
      ' exit-address-family',
      ' address-family ipv6 unicast',
      '  neighbor C activate',
      '  neighbor C maximum-prefix 20',
      ' exit-address-family',
      'exit',
    ].join('\n');
    expect(parseFrrRunningConfig(text).groups[0]).toMatchObject({
      clusterId: 'partial',
      prefixLimit: { maximum: -1 },
      families: ['ipv4-unicast', 'ipv6-unicast'],
    });
  });

  it('reads a real show running-config (banner, hostname, policy after router bgp)', () => {
    const text = readFileSync(
      fileURLToPath(new URL('../__fixtures__/show-running-config-bgpd.txt', import.meta.url)),
      'utf8',
    );
    expect(parseFrrRunningConfig(text)).toMatchObject({
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
      wholeGroups: true,
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
      groups: [{ name: 'M', neighbors: ['10.0.0.2'], allow: [], peerAsRanges: [], families: [] }],
      gracefulShutdown: false,
      wholeGroups: true,
      statementsRead: STATEMENT_KINDS,
    });
  });

  it('gives nothing for an empty configuration', () => {
    expect(parseFrrRunningConfig('frr version 8.4.4\nfrr defaults traditional\n!\nend\n')).toEqual({
      groups: [],
      gracefulShutdown: false,
      wholeGroups: true,
      statementsRead: STATEMENT_KINDS,
    });
  });
});
