import { describe, expect, it } from 'vitest';
import {
  addressIn,
  addressOfFamily,
  allocateAddress,
  allocatePort,
  ipv6Twin,
  linkPrefixLength,
  nodeAddresses,
} from './addressing.js';
import type { LabState } from './labState.js';

function state(): LabState {
  return {
    version: 1,
    labId: 'x',
    name: 'x',
    topologyFile: '',
    stateDir: '',
    namespace: 'default',
    network: '10.99.0.0/16',
    switchNetns: 'mlab-x-sw',
    namespaces: [],
    routers: [],
    nextHost: {},
    nextPort: 1,
    groups: {},
  };
}

describe('addressing', () => {
  it('places hosts in the k-th /24 of the network', () => {
    expect(addressIn('10.99.0.0/16', 3, 7)).toBe('10.99.3.7');
    expect(addressIn('172.16.0.0/16', 200, 254)).toBe('172.16.200.254');
  });

  it('never hands out an address twice, skips taken ones and the DNS server', () => {
    const s = state();
    expect([allocateAddress(s, 0), allocateAddress(s, 0), allocateAddress(s, 0)]).toEqual([
      '10.99.0.1',
      '10.99.0.3',
      '10.99.0.4',
    ]);
    expect(allocateAddress(s, 200, new Set(['10.99.200.1', '10.99.200.2']))).toBe('10.99.200.3');
    expect(allocateAddress(s, 200)).toBe('10.99.200.4');
  });

  it('fails when a /24 is used up', () => {
    const s = state();
    s.nextHost['5'] = 254;
    expect(allocateAddress(s, 5)).toBe('10.99.5.254');
    expect(() => allocateAddress(s, 5)).toThrow('no free address left in 10.99.5.0/24');
  });

  it('numbers switch ports', () => {
    const s = state();
    expect([allocatePort(s), allocatePort(s)]).toEqual(['p1', 'p2']);
  });

  it('gives a node the IPv6 twin of its IPv4 slot, with the same digits, inside the lab /64', () => {
    const plan = { network: '10.99.0.0/16', network6: 'fd00:99::/64' };
    expect(ipv6Twin(plan, '10.99.1.3')).toBe('fd00:99::1:3');
    expect(ipv6Twin(plan, '10.99.200.254')).toBe('fd00:99::200:254');
    expect(ipv6Twin(plan, '10.99.0.2')).toBe('fd00:99::2');
    expect(ipv6Twin({ network: '10.99.0.0/16' }, '10.99.12.34')).toBe('fd00:99::12:34');
    expect(ipv6Twin({ ...plan, network6: 'fd12:3456::/64' }, '10.99.1.1')).toBe('fd12:3456::1:1');
    expect(() => ipv6Twin(plan, '10.98.1.1')).toThrow(/not inside the lab network 10.99.0.0\/16/);
  });

  it("lists a node's addresses in the lab's family order (the first is POD_IP), or one family for a client", () => {
    const base = { network: '10.99.0.0/16', network6: 'fd00:99::/64' };
    expect(nodeAddresses(base, '10.99.1.1')).toEqual(['10.99.1.1']);
    expect(nodeAddresses({ ...base, ipFamilies: ['ipv4', 'ipv6'] }, '10.99.1.1')).toEqual([
      '10.99.1.1',
      'fd00:99::1:1',
    ]);
    expect(nodeAddresses({ ...base, ipFamilies: ['ipv6', 'ipv4'] }, '10.99.1.1')).toEqual([
      'fd00:99::1:1',
      '10.99.1.1',
    ]);
    expect(nodeAddresses({ ...base, ipFamilies: ['ipv6'] }, '10.99.1.1')).toEqual(['fd00:99::1:1']);
    expect(nodeAddresses({ ...base, ipFamilies: ['ipv4', 'ipv6'] }, '10.99.200.3', 'ipv6')).toEqual(['fd00:99::200:3']);
    expect(addressOfFamily(['10.99.1.1', 'fd00:99::1:1'], 'ipv6')).toBe('fd00:99::1:1');
    expect(addressOfFamily(['fd00:99::1:1'], 'ipv4')).toBeUndefined();
    expect([linkPrefixLength('10.99.1.1'), linkPrefixLength('fd00:99::1:1')]).toEqual([16, 64]);
  });
});
