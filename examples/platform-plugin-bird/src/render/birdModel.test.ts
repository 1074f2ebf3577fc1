import type { DesiredRouterConfig } from '@meshrr/core';
import { describe, expect, it } from 'vitest';
import { BirdRenderError } from '../errors.js';
import { birdRouterModel } from './birdModel.js';
import {
  BIRD_SYMBOL_MAX,
  formatDescription,
  neighborProtocolName,
  parseDescription,
  rangeProtocolName,
} from './names.js';

/** The statements every desired group carries (families and ownership; BIRD renders none of them). */
const PLAIN_GROUP = { families: ['ipv4-unicast'], familyTransport: 'all', owned: ['type'] } as const;

const desired = (overrides: Partial<DesiredRouterConfig> = {}): DesiredRouterConfig => ({
  routerId: '10.0.0.1',
  asn: { value: 65000, text: '65000' },
  mode: 'ipv4rr',
  gracefulShutdown: false,
  decisions: [],
  groups: [
    {
      name: 'MESH',
      kind: 'mesh',
      peerType: 'internal',
      neighbors: ['10.0.0.3', '10.0.0.2', '10.0.0.2'],
      allow: [],
      ...PLAIN_GROUP,
      peerAsRanges: [],
    },
  ],
  ...overrides,
});

function refusal(goal: DesiredRouterConfig): string {
  try {
    birdRouterModel(goal);
  } catch (error) {
    expect(error).toBeInstanceOf(BirdRenderError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('BIRD router model', () => {
  it('canonicalises and sorts what it renders', () => {
    expect(birdRouterModel(desired()).groups[0]!.neighbors).toEqual(['10.0.0.2', '10.0.0.3']);
  });

  it.each([
    [
      { mode: 'evpnrs' as const },
      'BIRD renderer: mode: evpnrs needs the l2vpn evpn address family, which BIRD 2 does not have',
    ],
    [{ routerId: 'fd00::1' }, 'BIRD renderer: routerId: "fd00::1" is not an IPv4 address'],
    [{ asn: { value: 0, text: '0' } }, 'BIRD renderer: asn: 0 is not an AS number'],
    [
      {
        groups: [
          {
            name: 'M',
            kind: 'mesh' as const,
            peerType: 'internal' as const,
            neighbors: ['10.0.0.2"; protocol x {'],
            allow: [],
            ...PLAIN_GROUP,
            peerAsRanges: [],
          },
        ],
      },
      'BIRD renderer: groups[0].neighbors[0]: "10.0.0.2"; protocol x {" is not an IP address literal',
    ],
    [
      {
        groups: [
          {
            name: 'bad name',
            kind: 'mesh' as const,
            peerType: 'internal' as const,
            neighbors: [],
            allow: [],
            ...PLAIN_GROUP,
            peerAsRanges: [],
          },
        ],
      },
      'BIRD renderer: groups[0].name: "bad name" is not a group name',
    ],
    [
      {
        groups: [
          {
            name: 'M',
            kind: 'mesh' as const,
            peerType: 'external' as const,
            neighbors: [],
            allow: [],
            ...PLAIN_GROUP,
            peerAsRanges: [],
          },
        ],
      },
      'only subtractive (route-server) groups can be external',
    ],
  ])('refuses what it must not render: %#', (overrides, message) => {
    expect(refusal(desired(overrides))).toContain(message);
  });
});

describe('BIRD names', () => {
  it('are at most 63 characters, deterministic, and distinct for distinct neighbors of one long group', () => {
    const group = `G${'x'.repeat(62)}`;
    const a = neighborProtocolName(group, '2001:db8:1234:5678:9abc:def0:1234:5678');
    const b = neighborProtocolName(group, '2001:db8:1234:5678:9abc:def0:1234:5679');
    expect(a.length).toBeLessThanOrEqual(BIRD_SYMBOL_MAX);
    expect(a).toBe(neighborProtocolName(group, '2001:db8:1234:5678:9abc:def0:1234:5678'));
    expect(a).not.toBe(b);
    expect(rangeProtocolName('CLIENTS', '10.42.0.0/16')).toBe('CLIENTS:10.42.0.0_16');
  });

  it('read back the descriptions they write, and nothing else', () => {
    const description = { group: 'RS', range: false, asRanges: ['65001-65100', '4200000000'] };
    expect(parseDescription(formatDescription(description))).toEqual(description);
    expect(parseDescription(formatDescription({ group: 'C', range: true, asRanges: [] }))).toEqual({
      group: 'C',
      range: true,
      asRanges: [],
    });
    expect(parseDescription('my upstream')).toBeUndefined();
    expect(parseDescription(undefined)).toBeUndefined();
  });
});
