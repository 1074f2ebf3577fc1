import { describe, expect, it } from 'vitest';
import { parseBirdProtocols, parseBirdRoutes } from './birdQueries.js';

// Real `birdc show protocols all` of BIRD 2.0.12 (a listener, the session it spawned, a static
// session still connecting), abridged only by dropping capability lines.
const PROTOCOLS = `BIRD 2.0.12 ready.
Name       Proto      Table      State  Since         Info
device1    Device     ---        up     1796312346.443  

lab        Direct     ---        up     1796312346.443  
  Channel ipv4
    State:          UP
    Table:          master4

MESH:listen BGP        ---        start  1796312346.443  Passive       
  Description:    meshrr group=X range
  BGP state:          Passive
    Neighbor range:   10.77.0.0/24
    Neighbor AS:      65000
    Local AS:         65000
  Channel ipv4
    State:          DOWN

dyn:X:1    BGP        ---        up     1796312347.361  Established   
  Description:    meshrr group=X range
  BGP state:          Established
    Neighbor address: 10.77.0.2
    Neighbor AS:      65000
    Local AS:         65000
    Neighbor ID:      10.77.0.2
    Session:          internal multihop route-reflector AS4
  Channel ipv4
    State:          UP
    Table:          master4

MESH:10.99.1.2 BGP        ---        start  1796312346.443  Connect       
  Description:    meshrr group=MESH
  BGP state:          Connect
    Neighbor address: 10.99.1.2
    Neighbor AS:      65000
  Channel ipv4
    State:          DOWN

MESH:10.99.1.3 BGP        ---        start  1796312346.443  Passive       
  BGP state:          Passive
    Neighbor address: 10.99.1.3
    Neighbor AS:      65000
`;

// Real `birdc show route … all`: a best resolved route, a second path, and an unresolved best.
const ROUTES = `BIRD 2.0.12 ready.
Table master4:
10.201.1.0/24        unicast [dyn:X:1 15:39:08.330] * (100) [i]
	via 10.77.0.2 on eth0
	Type: BGP univ
	BGP.origin: IGP
	BGP.as_path: 
	BGP.next_hop: 10.77.0.2
	BGP.local_pref: 100
	BGP.community: (65000,101) (65000,102)
                     unicast [MESH:10.99.1.2 15:39:09.001] (100) [i]
	via 10.77.0.2 on eth0
	Type: BGP univ
	BGP.local_pref: 20
10.202.1.0/24        unreachable [MESH:10.99.1.2 15:39:09.001] * (100) [i]
	Type: BGP univ
	BGP.as_path: 65001 65002
	BGP.local_pref: 100
`;

describe('birdc output', () => {
  it('reads sessions: listeners skipped, spawned sessions dynamic, RFC 4271 states, uptime from the Since column', () => {
    expect(parseBirdProtocols(PROTOCOLS, 1796312350_361)).toEqual([
      {
        peer: '10.77.0.2',
        state: 'Established',
        connectionsEstablished: 0,
        connectionsDropped: 0,
        peerGroup: undefined,
        dynamic: true,
        establishedForMs: 3000,
      },
      {
        peer: '10.99.1.2',
        state: 'Connect',
        connectionsEstablished: 0,
        connectionsDropped: 0,
        peerGroup: undefined,
        dynamic: false,
      },
      {
        peer: '10.99.1.3',
        state: 'Active',
        connectionsEstablished: 0,
        connectionsDropped: 0,
        peerGroup: undefined,
        dynamic: false,
      },
    ]);
  });

  it('reads routes by prefix: best only when resolved (unicast), local preference and communities', () => {
    const routes = parseBirdRoutes(ROUTES);
    expect(routes.get('10.201.1.0/24')).toEqual([
      { best: true, localPref: 100, communities: ['65000:101', '65000:102'], asPath: '' },
      { best: false, localPref: 20, communities: [], asPath: '' },
    ]);
    expect(routes.get('10.202.1.0/24')).toEqual([
      { best: false, localPref: 100, communities: [], asPath: '65001 65002' },
    ]);
    expect(parseBirdRoutes('BIRD 2.0.12 ready.\nNetwork not found\n').size).toBe(0);
  });
});
