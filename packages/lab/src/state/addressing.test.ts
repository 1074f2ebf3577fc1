import { describe, expect, it } from 'vitest';
import { addressIn, allocateAddress, allocatePort } from './addressing.js';
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
});
