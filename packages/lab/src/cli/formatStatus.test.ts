import { describe, expect, it } from 'vitest';
import { formatLabStatus } from './formatStatus.js';

describe('formatLabStatus', () => {
  it('prints routers with sessions and prefixes with where they are seen', () => {
    const text = formatLabStatus({
      name: 'hrr',
      stateDir: '/tmp/l',
      dns: { address: '10.99.0.2', running: true },
      routers: [
        {
          name: 'core-0',
          kind: 'rr',
          group: 'core',
          address: '10.99.1.1',
          addresses: ['10.99.1.1', 'fd00:99::1:1'],
          generation: 0,
          daemon: 'bird',
          running: true,
          sessions: [
            {
              peer: '10.99.1.2',
              peerName: 'core-1',
              group: 'core',
              state: 'Established',
              connectionsEstablished: 1,
              connectionsDropped: 0,
              dynamic: false,
            },
            {
              peer: 'fd00:99::1:2',
              peerName: 'core-1',
              group: 'core',
              state: 'Established',
              connectionsEstablished: 1,
              connectionsDropped: 0,
              dynamic: false,
            },
            {
              peer: '10.99.2.1',
              peerName: 'loth-0',
              group: 'loth',
              state: 'Active',
              connectionsEstablished: 0,
              connectionsDropped: 0,
              dynamic: true,
            },
          ],
        },
        {
          name: 'c1',
          kind: 'client',
          group: 'loth',
          address: '10.99.201.11',
          addresses: ['10.99.201.11'],
          generation: 0,
          daemon: 'frr',
          running: false,
          sessions: [],
        },
      ],
      prefixes: [
        {
          prefix: '10.201.102.0/24',
          origin: 'c1',
          communities: ['65000:102'],
          seenAt: [
            { router: 'loth-0', localPref: 100, communities: ['65000:102'], asPath: '' },
            { router: 'core-0', localPref: 20, communities: ['65000:102'], asPath: '' },
          ],
        },
        { prefix: '10.201.101.0/24', origin: 'c1', communities: [], seenAt: [] },
        {
          prefix: 'fd10:201:101::/48',
          origin: 'c1',
          communities: [],
          seenAt: [{ router: 'core-0', localPref: 100, communities: [], asPath: '' }],
        },
      ],
    });
    expect(text).toBe(
      [
        'lab hrr (/tmp/l); dns 10.99.0.2 running',
        '',
        'ROUTER          GROUP               ADDRESS        SESSIONS',
        'core-0          core (bird)         10.99.1.1,fd00:99::1:1 core-1=up core-1(v6)=up loth-0*=Active',
        'c1              client/loth         10.99.201.11   NOT RUNNING',
        '',
        'PREFIX            FROM        COMMUNITIES   SEEN AT',
        '10.201.102.0/24   c1          65000:102     loth-0 core-0(lp 20)',
        '10.201.101.0/24   c1          -             -',
        'fd10:201:101::/48 c1          -             core-0',
        '',
      ].join('\n'),
    );
  });
});
