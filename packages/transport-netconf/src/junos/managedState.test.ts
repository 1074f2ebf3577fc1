import { STATEMENT_KINDS } from '@meshrr/core';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../xml/index.js';
import { bgpStateOf, peerAddressOf } from './bgpSessions.js';
import { encodeJunos9 } from './junosSecret9.js';
import { managedStateFromConfiguration, parseAsRange } from './managedState.js';

describe('managed state mapping', () => {
  it('is empty without groups MESHRR (other groups ignored)', () => {
    const c = parseXml(
      '<configuration><groups><name>OTHER</name><protocols><bgp><group><name>X</name><neighbor><name>10.0.0.1</name></neighbor></group></bgp></protocols></groups></configuration>',
    );
    expect(managedStateFromConfiguration(c)).toEqual({
      groups: [],
      gracefulShutdown: false,
      statementsRead: STATEMENT_KINDS,
    });
  });

  it('canonicalises and sorts, reads inactive statements with their values and names them, resolves peer-as-list only inside MESHRR', () => {
    const c = parseXml(`<configuration xmlns:junos="J"><groups><name>MESHRR</name><protocols><bgp>
      <group><name>b</name><neighbor><name>2001:DB8::0:1</name></neighbor><neighbor><name>10.0.0.10</name></neighbor><neighbor><name>10.0.0.9</name></neighbor><allow>10.0.0.0/8</allow><allow>10.0.0.0/8</allow><allow inactive="inactive">11.0.0.0/8</allow><peer-as-list>MESHRR:b</peer-as-list></group>
      <group inactive="inactive"><name>gone</name></group>
      <group><name>a</name><peer-as-list>ELSEWHERE</peer-as-list></group>
      <graceful-shutdown inactive="inactive"><sender/></graceful-shutdown>
    </bgp></protocols><policy-options><as-list><name>MESHRR:b</name><members>65000.1</members><members>64512-64520</members><members>bogus</members></as-list></policy-options></groups></configuration>`);
    expect(managedStateFromConfiguration(c)).toEqual({
      groups: [
        { name: 'a', neighbors: [], allow: [], peerAsRanges: [] },
        {
          name: 'b',
          neighbors: ['10.0.0.9', '10.0.0.10', '2001:db8::1'],
          allow: ['10.0.0.0/8', '11.0.0.0/8'],
          peerAsRanges: [
            { start: 64512, end: 64520 },
            { start: 4_259_840_001, end: 4_259_840_001 },
          ],
          inactive: ['allow 11.0.0.0/8'],
        },
        { name: 'gone', neighbors: [], allow: [], peerAsRanges: [], inactive: ['group'] },
      ],
      gracefulShutdown: true,
      inactive: ['graceful-shutdown'],
      statementsRead: STATEMENT_KINDS,
    });
  });

  it('reads every statement meshrr manages, decoding $9$ secrets', () => {
    const key = encodeJunos9('k3y!Secret', 'Q', 'abc'.replace(/./g, 'z'));
    const c = parseXml(`<configuration><groups><name>MESHRR</name>
      <security><authentication-key-chains><key-chain><name>MESHRR-RS</name><key><name>0</name><secret>${encodeJunos9('ao-secret', 'i', '')}</secret><start-time>2000-1-1.00:00:00 +0000</start-time><algorithm>ao</algorithm><ao-attribute><send-id>3</send-id><recv-id>4</recv-id><tcp-ao-option>enabled</tcp-ao-option><cryptographic-algorithm>aes-128-cmac-96</cryptographic-algorithm></ao-attribute></key></key-chain></authentication-key-chains></security>
      <protocols><bgp>
      <graceful-restart><restart-time>90</restart-time><stale-routes-time>200</stale-routes-time></graceful-restart>
      <group><name>CL</name><type>internal</type><cluster>10.0.0.1</cluster><hold-time>9</hold-time>
        <authentication-key>${key}</authentication-key>
        <bfd-liveness-detection><minimum-interval>300</minimum-interval><multiplier>3</multiplier></bfd-liveness-detection>
        <family><inet><unicast><prefix-limit><maximum>100</maximum><teardown><idle-timeout><timeout>5</timeout></idle-timeout></teardown></prefix-limit><graceful-restart><long-lived><restarter><stale-time>3600</stale-time></restarter></long-lived></graceful-restart></unicast></inet><inet6 inactive="inactive"><unicast><prefix-limit><maximum>100</maximum><teardown><idle-timeout><timeout>5</timeout></idle-timeout></teardown></prefix-limit><graceful-restart><long-lived><restarter><stale-time>3600</stale-time></restarter></long-lived></graceful-restart></unicast></inet6></family>
        <neighbor><name>10.0.0.2</name><family><inet><unicast/></inet></family></neighbor>
      </group>
      <group><name>RS</name><type>external</type><multihop><ttl>10</ttl><no-nexthop-change/></multihop><route-server-client/>
        <authentication-key-chain>MESHRR-RS</authentication-key-chain><authentication-algorithm>ao</authentication-algorithm>
        <family><evpn><signaling/></evpn></family>
      </group>
      <group><name>X</name><cluster inactive="inactive">10.0.0.9</cluster><multihop><ttl inactive="inactive">5</ttl></multihop><authentication-key>$8$aes256-gcm$hmac-sha2-256$100$abc</authentication-key></group>
      </bgp></protocols></groups></configuration>`);
    const state = managedStateFromConfiguration(c);
    const [cl, rs, x] = state.groups;
    expect(cl).toMatchObject({
      peerType: 'internal',
      clusterId: '10.0.0.1',
      timers: { holdTimeS: 9 },
      bfd: { minimumIntervalMs: 300, multiplier: 3 },
      families: ['ipv4-unicast', 'ipv6-unicast'],
      prefixLimit: { maximum: 100, warningOnly: false, restartMinutes: 5 },
      neighborFamilies: { '10.0.0.2': ['ipv4-unicast'] },
      inactive: ['families ipv6-unicast'],
    });
    expect(cl?.authentication?.method).toBe('md5');
    expect(cl?.authentication?.key?.reveal()).toBe('k3y!Secret');
    expect(rs).toMatchObject({
      peerType: 'external',
      multihop: { ttl: 10, nextHopUnchanged: true },
      transparent: true,
      families: ['l2vpn-evpn'],
      authentication: { method: 'tcp-ao', sendId: 3, recvId: 4, algorithm: 'aes-128-cmac-96' },
    });
    expect(rs?.authentication?.key?.reveal()).toBe('ao-secret');
    expect(x).toMatchObject({ clusterId: '10.0.0.9', multihop: { ttl: -1 }, inactive: ['cluster'] });
    expect(x?.authentication).toEqual({ method: 'md5' });
    // RS has explicit families without a long-lived stale time: no single value, so it is rewritten.
    expect(state.gracefulRestart).toEqual({ restartTimeS: 90, staleRoutesTimeS: 200 });
  });

  it.each([
    ['65001-65500', { start: 65001, end: 65500 }],
    ['64512', { start: 64512, end: 64512 }],
    ['1.0-1.10', { start: 65536, end: 65546 }],
    ['200-100', undefined],
    ['1-2-3', undefined],
    ['x', undefined],
  ])('parseAsRange(%j)', (text, range) => expect(parseAsRange(text)).toEqual(range));
});

describe('BGP field helpers', () => {
  it.each([
    ['Established', 'Established'],
    ['Idle (Admin)', 'Idle'],
    ['OpenConfirm', 'OpenConfirm'],
    ['Connect', 'Connect'],
    ['Establ', 'Unknown'],
    [undefined, 'Unknown'],
  ])('bgpStateOf(%j) = %s', (text, state) => expect(bgpStateOf(text)).toBe(state));

  it('strips ports and canonicalises addresses', () => {
    expect(peerAddressOf('10.0.0.2+179')).toBe('10.0.0.2');
    expect(peerAddressOf('fd:1:2:3:0::2+179')).toBe('fd:1:2:3::2');
    expect(peerAddressOf('10.0.0.13')).toBe('10.0.0.13');
  });
});
