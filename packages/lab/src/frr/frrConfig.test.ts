import { describe, expect, it } from 'vitest';
import { clientConfig, routeReflectorBaseConfig } from './frrConfig.js';

describe('routeReflectorBaseConfig', () => {
  it('renders router bgp, router-id and fast timers, then the policy verbatim', () => {
    expect(routeReflectorBaseConfig(65000, '10.99.1.1', 'route-map X permit 10\nexit\n')).toBe(
      [
        'frr defaults traditional',
        'service integrated-vtysh-config',
        '!',
        'router bgp 65000',
        ' bgp router-id 10.99.1.1',
        ' no bgp ebgp-requires-policy',
        ' no bgp network import-check',
        ' timers bgp 3 9',
        'exit',
        '!',
        'route-map X permit 10',
        'exit',
        '!',
        '',
      ].join('\n'),
    );
  });

  it('adds nothing for an empty policy', () => {
    expect(routeReflectorBaseConfig(65001, '10.99.2.1', '  \n').endsWith('exit\n!\n')).toBe(true);
  });
});

describe('clientConfig', () => {
  it('renders an iBGP client with tagged and untagged networks', () => {
    const text = clientConfig({
      asn: 65000,
      routerId: '10.99.200.1',
      peerAsn: 65000,
      neighbors: ['10.99.1.1', '10.99.1.2'],
      prefixes: [
        { prefix: '10.201.1.0/24', communities: [] },
        { prefix: '10.201.101.0/24', communities: ['65000:101', '65000:7'] },
      ],
    });
    expect(text).toBe(
      [
        'frr defaults traditional',
        'service integrated-vtysh-config',
        '!',
        'route-map ANNOUNCE-1 permit 10',
        ' set community 65000:101 65000:7',
        'exit',
        '!',
        'router bgp 65000',
        ' bgp router-id 10.99.200.1',
        ' no bgp ebgp-requires-policy',
        ' no bgp network import-check',
        ' timers bgp 3 9',
        ' neighbor RR peer-group',
        ' neighbor RR remote-as internal',
        ' neighbor RR timers connect 1',
        ' neighbor 10.99.1.1 peer-group RR',
        ' neighbor 10.99.1.2 peer-group RR',
        ' address-family ipv4 unicast',
        '  network 10.201.1.0/24',
        '  network 10.201.101.0/24 route-map ANNOUNCE-1',
        '  neighbor RR activate',
        ' exit-address-family',
        'exit',
        '!',
        '',
      ].join('\n'),
    );
  });

  it('uses the peer AS for an eBGP client', () => {
    const text = clientConfig({
      asn: 65001,
      routerId: '10.99.200.11',
      peerAsn: 65000,
      neighbors: ['10.99.1.1'],
      prefixes: [],
    });
    expect(text).toContain('router bgp 65001\n');
    expect(text).toContain(' neighbor RR remote-as 65000\n');
  });

  it('adds an MD5 password and turns the first-AS check off when asked (clients of a transparent route server)', () => {
    const base = { asn: 65001, routerId: '10.99.200.11', peerAsn: 65000, neighbors: ['10.99.1.1'], prefixes: [] };
    const text = clientConfig({ ...base, password: 's3cr3t', enforceFirstAs: false });
    expect(text).toContain(
      ' neighbor RR timers connect 1\n neighbor RR password s3cr3t\n no neighbor RR enforce-first-as\n neighbor 10.99.1.1 peer-group RR\n',
    );
    expect(clientConfig(base)).not.toMatch(/password|enforce-first-as/);
  });

  it('activates an IPv6 client in ipv6 unicast only, with its IPv6 networks', () => {
    const text = clientConfig({
      asn: 65000,
      routerId: '10.99.200.3',
      peerAsn: 65000,
      neighbors: ['fd00:99::1:1'],
      prefixes: [{ prefix: 'fd10:230:1::/48', communities: ['65000:61'] }],
      transport: 'ipv6',
    });
    expect(text).toContain(
      [
        ' neighbor RR timers connect 1',
        ' no bgp default ipv4-unicast',
        ' neighbor fd00:99::1:1 peer-group RR',
        ' address-family ipv6 unicast',
        '  network fd10:230:1::/48 route-map ANNOUNCE-0',
        '  neighbor RR activate',
        ' exit-address-family',
      ].join('\n'),
    );
    expect(text).not.toContain('address-family ipv4 unicast');
  });
});
