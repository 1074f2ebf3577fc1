import type { DesiredRouterConfig } from '@meshrr/core';
import type { BirdRenderOptions } from '../render/birdConf.js';

/** The statements every desired group carries (families and ownership; BIRD renders none of them). */
const PLAIN_GROUP = { families: ['ipv4-unicast'], familyTransport: 'all', owned: ['type'] } as const;

/** One rendering case: a desired state and the renderer options, checked as golden text and by a real BIRD. */
export interface GoldenCase {
  readonly name: string;
  readonly desired: DesiredRouterConfig;
  readonly options: BirdRenderOptions;
}

const base = {
  routerId: '10.99.1.1',
  asn: { value: 65000, text: '65000' },
  mode: 'ipv4rr',
  gracefulShutdown: false,
  decisions: [],
} as const;

const DEFAULTS: BirdRenderOptions = {
  include: [],
  connectRetryS: 5,
  errorWaitMinS: 5,
  errorWaitMaxS: 60,
  multihopTtl: 10,
};

/**
 * The golden cases; `includeDir` is where the `include` files of the cases live (`/etc/bird` in the
 * golden files, a temporary directory with real files when a BIRD checks them).
 */
export function goldenCases(includeDir = '/etc/bird'): GoldenCase[] {
  return [
    {
      name: 'initial',
      desired: { ...base, groups: [] },
      options: DEFAULTS,
    },
    {
      name: 'route-reflector',
      desired: {
        ...base,
        groups: [
          {
            name: 'MESHRR-MESH',
            kind: 'mesh',
            peerType: 'internal',
            neighbors: ['10.99.1.3', '10.99.1.2', 'fd00:99::2'],
            allow: [],
            ...PLAIN_GROUP,
            peerAsRanges: [],
          },
          {
            name: 'MESHRR-CLIENTS',
            kind: 'subtractive',
            peerType: 'internal',
            neighbors: [],
            allow: ['10.99.2.0/24', '10.99.3.0/25', 'fd00:99:1::/64'],
            ...PLAIN_GROUP,
            peerAsRanges: [],
          },
          {
            name: 'MESHRR-UPSTREAM',
            kind: 'mesh',
            peerType: 'internal',
            neighbors: [],
            allow: [],
            ...PLAIN_GROUP,
            peerAsRanges: [],
          },
        ],
      },
      options: {
        ...DEFAULTS,
        include: [`${includeDir}/meshrr-local.conf`],
        connectDelayS: 1,
        holdTimeS: 9,
        keepaliveS: 3,
      },
    },
    {
      name: 'route-server',
      desired: {
        ...base,
        groups: [
          {
            name: 'MESHRR-CORE',
            kind: 'mesh',
            peerType: 'internal',
            neighbors: ['10.99.1.2'],
            allow: [],
            ...PLAIN_GROUP,
            peerAsRanges: [],
          },
          {
            name: 'MESHRR-RS-CLIENTS',
            kind: 'subtractive',
            peerType: 'external',
            neighbors: [],
            allow: ['10.99.200.0/24'],
            ...PLAIN_GROUP,
            peerAsRanges: [
              { start: 65001, end: 65100 },
              { start: 4200000000, end: 4200000000 },
            ],
          },
        ],
      },
      options: { ...DEFAULTS, multihopTtl: 255 },
    },
    {
      name: 'graceful-shutdown',
      desired: {
        ...base,
        gracefulShutdown: true,
        groups: [
          {
            name: 'MESHRR-MESH',
            kind: 'mesh',
            peerType: 'internal',
            neighbors: ['10.99.1.2'],
            allow: [],
            ...PLAIN_GROUP,
            peerAsRanges: [],
          },
          {
            name: 'MESHRR-CLIENTS',
            kind: 'subtractive',
            peerType: 'internal',
            neighbors: [],
            allow: ['10.99.2.0/24'],
            ...PLAIN_GROUP,
            peerAsRanges: [],
          },
        ],
      },
      options: DEFAULTS,
    },
  ];
}
