import { describe, expect, it } from 'vitest';
import { parseXml } from '../xml/index.js';
import { bgpStateOf, peerAddressOf } from './bgpSessions.js';
import { managedStateFromConfiguration, parseAsRange } from './managedState.js';

describe('managed state mapping', () => {
  it('is empty without groups MESHRR (other groups ignored)', () => {
    const c = parseXml(
      '<configuration><groups><name>OTHER</name><protocols><bgp><group><name>X</name><neighbor><name>10.0.0.1</name></neighbor></group></bgp></protocols></groups></configuration>',
    );
    expect(managedStateFromConfiguration(c)).toEqual({ groups: [], gracefulShutdown: false });
  });

  it('canonicalises and sorts, ignores inactive statements, resolves peer-as-list only inside MESHRR', () => {
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
          allow: ['10.0.0.0/8'],
          peerAsRanges: [
            { start: 64512, end: 64520 },
            { start: 4_259_840_001, end: 4_259_840_001 },
          ],
        },
      ],
      gracefulShutdown: false,
    });
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
