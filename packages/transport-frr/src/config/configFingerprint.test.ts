import { describe, expect, it } from 'vitest';
import { configFingerprint } from './configFingerprint.js';

const rendered = `frr version 8.4.4
frr defaults traditional
service integrated-vtysh-config
!
route-map UPSTREAM-OUT permit 10
 match community REGION-A
exit
!
router bgp 65000
 bgp router-id 10.0.0.1
 neighbor MESH peer-group
 neighbor 10.0.0.2 peer-group MESH
 bgp log-neighbor-changes
 !
 address-family ipv4 unicast
  neighbor MESH activate
 exit-address-family
exit
!
`;

// the same configuration as FRR prints it: other order, closers and separators
const running = `!
frr version 8.4.4
frr defaults traditional
service integrated-vtysh-config
!
router bgp 65000
 bgp router-id 10.0.0.1
 bgp log-neighbor-changes
 neighbor MESH peer-group
 neighbor 10.0.0.2 peer-group MESH
 !
 address-family ipv4 unicast
  neighbor MESH activate
 exit-address-family
exit
!
route-map UPSTREAM-OUT permit 10
 match community REGION-A
exit
!
end
`;

describe('configFingerprint', () => {
  it('equal for the same configuration in FRR’s order and in the rendered order', () => {
    expect(configFingerprint(running)).toBe(configFingerprint(rendered));
  });

  it('differs for a statement added, removed, or moved to another stanza or address family', () => {
    expect(configFingerprint(running.replace(' neighbor 10.0.0.2 peer-group MESH\n', ''))).not.toBe(
      configFingerprint(rendered),
    );
    expect(configFingerprint(`${running}bgp community-list standard X seq 5 permit 65000:1\n`)).not.toBe(
      configFingerprint(running),
    );
    const movedFamily = running.replace('address-family ipv4 unicast', 'address-family ipv6 unicast');
    expect(configFingerprint(movedFamily)).not.toBe(configFingerprint(running));
    const movedStanza = running.replace(' match community REGION-A', ' match community REGION-B');
    expect(configFingerprint(movedStanza)).not.toBe(configFingerprint(running));
  });
});
