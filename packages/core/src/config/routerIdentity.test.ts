import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatIpAddress, parseIpAddress } from '../net/index.js';
import { formatConfigIssue, loadRouterIdentity } from './index.js';
import { deriveRouterId } from './routerIdentity.js';

function outcome(env: Record<string, string | undefined>): unknown {
  const result = loadRouterIdentity(env);
  return result.ok ? result.identity : result.errors.map(formatConfigIssue);
}

describe('loadRouterIdentity (POD_IP / POD_IPS)', () => {
  it.each([
    {
      name: 'POD_IP alone',
      env: { POD_IP: '10.42.0.7' },
      expected: { routerId: '10.42.0.7', addresses: ['10.42.0.7'] },
    },
    {
      name: 'dual stack from status.podIPs, canonical and sorted',
      env: { POD_IP: '10.42.0.7', POD_IPS: '10.42.0.7, FD00:0:0::07' },
      expected: { routerId: '10.42.0.7', addresses: ['10.42.0.7', 'fd00::7'] },
    },
    {
      name: 'IPv6 POD_IP takes the router-id from the IPv4 address of POD_IPS',
      env: { POD_IP: 'fd00::7', POD_IPS: 'fd00::7,10.42.0.7' },
      expected: { routerId: '10.42.0.7', addresses: ['10.42.0.7', 'fd00::7'] },
    },
    {
      name: 'empty POD_IPS is ignored',
      env: { POD_IP: '192.0.2.1', POD_IPS: '' },
      expected: { routerId: '192.0.2.1', addresses: ['192.0.2.1'] },
    },
    {
      name: 'POD_IP missing',
      env: {},
      expected: ['<environment>: POD_IP: is required (set it from the downward API: fieldRef status.podIP)'],
    },
    {
      name: 'POD_IP empty',
      env: { POD_IP: '' },
      expected: ['<environment>: POD_IP: is required (set it from the downward API: fieldRef status.podIP)'],
    },
    {
      name: 'POD_IP a name',
      env: { POD_IP: 'pod-1' },
      expected: [
        '<environment>: POD_IP: must be an IP address (IPv4 dotted quad or IPv6, no zone or brackets) (found "pod-1")',
      ],
    },
    {
      name: 'POD_IP loopback',
      env: { POD_IP: '127.0.0.1' },
      expected: ['<environment>: POD_IP: must be a unicast address, not loopback (found "127.0.0.1")'],
    },
    {
      name: 'bad POD_IPS entries, all reported',
      env: { POD_IP: '10.0.0.1', POD_IPS: '10.0.0.1,,ff02::1,10.0.0.300' },
      expected: [
        '<environment>: POD_IPS: must be an IP address (IPv4 dotted quad or IPv6, no zone or brackets) (found "")',
        '<environment>: POD_IPS: must be a unicast address, not multicast (found "ff02::1")',
        '<environment>: POD_IPS: must be an IP address (IPv4 dotted quad or IPv6, no zone or brackets) (found "10.0.0.300")',
      ],
    },
    {
      name: 'POD_IPS without POD_IP',
      env: { POD_IP: '10.0.0.1', POD_IPS: '10.0.0.2' },
      expected: ['<environment>: POD_IPS: must include POD_IP (10.0.0.1) (found "10.0.0.2")'],
    },
    {
      name: 'IPv6 only: the router-id is derived from the address',
      env: { POD_IP: '2001:db8::1' },
      expected: { routerId: deriveRouterId(parseIpAddress('2001:db8::1')!), addresses: ['2001:db8::1'] },
    },
    {
      name: 'ROUTER_ID wins over everything',
      env: { POD_IP: 'fd00::3:1', ROUTER_ID: '192.0.2.77' },
      expected: { routerId: '192.0.2.77', addresses: ['fd00::3:1'] },
    },
    {
      name: 'ROUTER_ID must be IPv4',
      env: { POD_IP: '10.0.0.1', ROUTER_ID: 'fd00::1' },
      expected: [
        '<environment>: ROUTER_ID: must be an IPv4 address (the 32-bit BGP router-id), not 0.0.0.0 (found "fd00::1")',
      ],
    },
  ])('$name', ({ env, expected }) => {
    expect(outcome(env)).toEqual(expected);
  });
});

describe('router-id from the configuration and derivation', () => {
  it('router_id of the file applies unless ROUTER_ID is set', () => {
    expect(loadRouterIdentity({ POD_IP: 'fd00::3:1' }, '198.51.100.4')).toMatchObject({
      ok: true,
      identity: { routerId: '198.51.100.4' },
      routerIdSource: 'router_id',
    });
    expect(loadRouterIdentity({ POD_IP: 'fd00::3:1', ROUTER_ID: '192.0.2.1' }, '198.51.100.4')).toMatchObject({
      identity: { routerId: '192.0.2.1' },
      routerIdSource: 'ROUTER_ID',
    });
  });

  it('derives a known value (documented formula) for fd00::3:1', () => {
    // FNV-1a 32 of the 16 bytes fd 00 00 .. 00 03 00 01, computed independently below.
    const bytes = [0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 1];
    let h = 0x811c9dc5;
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
    let first = h >>> 24;
    if (first === 0 || first === 127 || first >= 224) first = 128 + (first % 64);
    const expected = `${first}.${(h >>> 16) & 255}.${(h >>> 8) & 255}.${h & 255}`;
    expect(deriveRouterId(parseIpAddress('fd00::3:1')!)).toBe(expected);
  });

  it('derived router-ids are usable IPv4 identifiers and deterministic (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (value) => {
        const id = deriveRouterId({ family: 6, value });
        const ip = parseIpAddress(id)!;
        const first = Number(ip.value >> 24n);
        expect(ip.family).toBe(4);
        expect(first === 0 || first === 127 || first >= 224).toBe(false);
        expect(deriveRouterId({ family: 6, value })).toBe(id);
        expect(formatIpAddress(ip)).toBe(id);
      }),
    );
  });

  it('pods of one /64 per node do not collide (1000 addresses, 4 nodes)', () => {
    const ids = new Set<string>();
    for (let node = 1; node <= 4; node += 1)
      for (let pod = 1; pod <= 250; pod += 1)
        ids.add(deriveRouterId(parseIpAddress(`fd00:10:244:${node.toString(16)}::${pod.toString(16)}`)!));
    expect(ids.size).toBe(1000);
  });
});
