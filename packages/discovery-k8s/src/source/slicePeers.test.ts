import { RejectedRecordsError } from '@meshrr/core';
import { describe, expect, it } from 'vitest';
import { parseEndpointSlice, type EndpointSlice } from './endpointSlice.js';
import { peersFromSlices, type EndpointPolicy } from './slicePeers.js';

const policy: EndpointPolicy = {
  conditions: 'ready',
  includeTerminating: false,
  addressFamilies: ['ipv4', 'ipv6'],
  portName: undefined,
};

function sl(
  name: string,
  addressType: string,
  endpoints: unknown[] | null,
  ports: unknown[] = [{ name: 'bgp', port: 179, protocol: 'TCP' }],
): EndpointSlice {
  return parseEndpointSlice({ metadata: { name, namespace: 'meshrr' }, addressType, endpoints, ports }, 'test');
}
const ep = (
  address: string,
  conditions?: Record<string, boolean | null>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({ addresses: [address], ...(conditions === undefined ? {} : { conditions }), ...extra });
const addresses = (slices: EndpointSlice[], p: EndpointPolicy = policy): string[] | string => {
  const r = peersFromSlices(slices, p);
  return r.ok ? r.peers.map((x) => (x.port === undefined ? x.address : `${x.address}:${x.port}`)) : r.error.message;
};

describe('peersFromSlices', () => {
  // [ready, serving, terminating] → admitted under ready / serving / any, without and with include_terminating
  it.each([
    [{}, [true, true, true], [true, true, true]],
    [{ ready: null, serving: null, terminating: null }, [true, true, true], [true, true, true]],
    [{ ready: true, serving: true, terminating: false }, [true, true, true], [true, true, true]],
    [{ ready: false, serving: false, terminating: false }, [false, false, true], [false, false, true]],
    [{ ready: false, serving: true, terminating: true }, [false, false, false], [false, true, true]],
    [{ ready: true, serving: false, terminating: false }, [true, false, true], [true, false, true]],
    [{ ready: true, serving: true, terminating: true }, [false, false, false], [true, true, true]],
    [{ ready: false }, [false, false, true], [false, false, true]],
  ])('conditions %j: admitted %j, with include_terminating %j', (conditions, plain, withTerminating) => {
    const slices = [sl('s', 'IPv4', [ep('10.0.0.1', conditions as Record<string, boolean | null>)])];
    const admitted = (c: EndpointPolicy['conditions'], t: boolean): boolean =>
      (addresses(slices, { ...policy, conditions: c, includeTerminating: t }) as string[]).length === 1;
    expect((['ready', 'serving', 'any'] as const).map((c) => admitted(c, false))).toEqual(plain);
    expect((['ready', 'serving', 'any'] as const).map((c) => admitted(c, true))).toEqual(withTerminating);
  });

  it('merges slices and families, canonicalises, drops duplicates (first slice by name wins) and skips FQDN slices', () => {
    const slices = [
      sl('b', 'IPv4', [ep('10.0.0.2'), ep('10.0.0.1', undefined, { targetRef: { kind: 'Pod', name: 'from-b' } })]),
      sl('a', 'IPv4', [ep('10.0.0.1', undefined, { targetRef: { kind: 'Pod', name: 'from-a' } })]),
      sl('c', 'IPv6', [ep('2001:DB8:0:0::1')]),
      sl('d', 'FQDN', [ep('rr.example.net')]),
      sl('e', 'IPv4', null),
    ];
    const r = peersFromSlices(slices, policy);
    expect(r.ok && r.peers.map((p) => [p.address, p.labels['name']])).toEqual([
      ['10.0.0.1', 'from-a'],
      ['10.0.0.2', undefined],
      ['2001:db8::1', undefined],
    ]);
    expect(addresses(slices, { ...policy, addressFamilies: ['ipv6'] })).toEqual(['2001:db8::1']);
    expect(addresses(slices, { ...policy, addressFamilies: ['ipv4'] })).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it("uses only the first of an endpoint's fungible addresses and skips endpoints without one", () => {
    expect(addresses([sl('a', 'IPv4', [{ addresses: ['10.0.0.1', '10.0.0.9'] }, { addresses: [] }])])).toEqual([
      '10.0.0.1',
    ]);
  });

  it('carries the named port; a slice without it contributes nothing; unnamed ports match ""', () => {
    const slices = [
      sl('a', 'IPv4', [ep('10.0.0.1')]),
      sl('b', 'IPv4', [ep('10.0.0.2')], [{ name: 'metrics', port: 9090 }]),
      sl('c', 'IPv4', [ep('10.0.0.3')], [{ port: 1179 }]),
    ];
    expect(addresses(slices, { ...policy, portName: 'bgp' })).toEqual(['10.0.0.1:179']);
    expect(addresses(slices, { ...policy, portName: '' })).toEqual(['10.0.0.3:1179']);
    expect(addresses(slices)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
  });

  it('labels peers with pod name (else hostname), zone, node and conditions', () => {
    const r = peersFromSlices(
      [sl('a', 'IPv4', [ep('10.0.0.1', { ready: true }, { hostname: 'rr-0', nodeName: 'n1', zone: 'z1' })])],
      policy,
    );
    expect(r.ok && r.peers[0]!.labels).toEqual({
      name: 'rr-0',
      hostname: 'rr-0',
      node: 'n1',
      zone: 'z1',
      ready: 'true',
      serving: 'true',
      terminating: 'false',
    });
  });

  it('fails the whole set on one invalid address, naming the slice', () => {
    expect(addresses([sl('good', 'IPv4', [ep('10.0.0.1')]), sl('bad', 'IPv4', [ep('224.0.0.5')])])).toBe(
      'EndpointSlices: 1 record rejected, set refused: EndpointSlice meshrr/bad: 224.0.0.5 is a multicast address, which cannot be a BGP peer',
    );
    expect(addresses([sl('bad', 'IPv4', [ep('010.0.0.1')])])).toBe(
      'EndpointSlices: 1 record rejected, set refused: EndpointSlice meshrr/bad: "010.0.0.1" is not an IP address literal',
    );
  });

  it('an address of the other family, reserved or IPv4-mapped is rejected and reported, never silently dropped (issue 11 item 6)', () => {
    const r = peersFromSlices(
      [
        sl('v4', 'IPv4', [ep('10.0.0.1'), ep('240.0.0.1')]),
        sl('v6', 'IPv6', [ep('fd00::1'), ep('10.0.0.2'), ep('::ffff:10.0.0.5')]),
      ],
      policy,
    );
    expect(r.ok).toBe(false);
    const error = r.ok ? undefined : r.error;
    expect(error).toBeInstanceOf(RejectedRecordsError);
    expect((error as RejectedRecordsError).rejected.map((x) => [x.record, x.reason])).toEqual([
      ['EndpointSlice meshrr/v4 240.0.0.1', 'reserved'],
      ['EndpointSlice meshrr/v6 10.0.0.2', 'wrong-family'],
      ['EndpointSlice meshrr/v6 ::ffff:10.0.0.5', 'ipv4-mapped'],
    ]);
    expect(error?.message).toContain('10.0.0.2 is an IPv4 address in an IPv6 EndpointSlice');
  });

  it('refuses malformed slices as invalid documents', () => {
    expect(() =>
      parseEndpointSlice({ metadata: { name: 'x' }, addressType: 'IPv4', endpoints: [{ addresses: 'a' }] }, 'event'),
    ).toThrow(/event: not an EndpointSlice: endpoints.0.addresses/);
    expect(() => parseEndpointSlice({ metadata: {}, addressType: 'IPv4' }, 'event')).toThrow(/metadata.name/);
  });
});
