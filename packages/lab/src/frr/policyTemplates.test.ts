import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitFrrPolicy } from './policyTemplates.js';

describe('splitFrrPolicy', () => {
  it('splits the 2regions-hrr policy into render-frr template slots', () => {
    const text = readFileSync(
      resolve(import.meta.dirname, '../../../../examples/lab/2regions-hrr/region-policy.frr'),
      'utf8',
    );
    expect(splitFrrPolicy(text, ['MESHRR-MESH', 'MESHRR-CLIENTS', 'MESHRR-UPSTREAM'])).toEqual({
      global: [
        'bgp community-list standard INREGION-ONLY seq 5 permit 65000:101',
        'bgp community-list standard INREGION-PREFERRED seq 5 permit 65000:102',
        'route-map UPSTREAM-OUT deny 10',
        ' match community INREGION-ONLY',
        'exit',
        'route-map UPSTREAM-OUT permit 20',
        ' match community INREGION-PREFERRED',
        ' set local-preference 20',
        'exit',
        'route-map UPSTREAM-OUT permit 30',
        'exit',
        '',
      ].join('\n'),
      bgp: 'bgp route-reflector allow-outbound-policy\n',
      addressFamily: { 'ipv4-unicast': 'neighbor MESHRR-UPSTREAM route-map UPSTREAM-OUT out\n' },
    });
  });

  it('keeps declarations of groups meshrr does not manage and handles several families', () => {
    const text =
      'router bgp 65000\n neighbor EXTRA peer-group\n neighbor EXTRA remote-as internal\n address-family ipv6 unicast\n  neighbor EXTRA activate\n exit-address-family\n address-family l2vpn evpn\n  advertise-all-vni\n exit-address-family\nexit\n';
    expect(splitFrrPolicy(text, ['MESH'])).toEqual({
      global: '',
      bgp: 'neighbor EXTRA peer-group\nneighbor EXTRA remote-as internal\n',
      addressFamily: { 'ipv6-unicast': 'neighbor EXTRA activate\n', 'l2vpn-evpn': 'advertise-all-vni\n' },
    });
  });
});
