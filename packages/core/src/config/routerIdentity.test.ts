import { describe, expect, it } from 'vitest';
import { formatConfigIssue, loadRouterIdentity } from './index.js';

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
      name: 'IPv6 only: no IPv4 router-id',
      env: { POD_IP: '2001:db8::1' },
      expected: [
        '<environment>: POD_IP: is IPv6 and POD_IPS holds no IPv4 address; the BGP router-id must be an IPv4 address (found "2001:db8::1")',
      ],
    },
  ])('$name', ({ env, expected }) => {
    expect(outcome(env)).toEqual(expected);
  });
});
