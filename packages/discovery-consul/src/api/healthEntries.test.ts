import { RejectedRecordsError } from '@meshrr/core';
import { describe, expect, it } from 'vitest';
import { healthServicePath } from './healthServiceClient.js';
import { peersFromHealthEntries } from './healthEntries.js';

const entry = (
  id: string,
  node: string,
  nodeAddress: string,
  service: Record<string, unknown> = {},
  statuses: string[] = ['passing', 'passing'],
): Record<string, unknown> => ({
  Node: { Node: node, Address: nodeAddress, Datacenter: 'dc1', Meta: { zone: 'node-zone' } },
  Service: { ID: id, Service: 'bgp-rr', Tags: [], Address: '', Port: 179, Meta: {}, ...service },
  Checks: statuses.map((Status, i) => ({ CheckID: `c${i}`, Status, ServiceID: i === 0 ? '' : id })),
});
const policy = { passingOnly: true, zoneMetaKey: 'zone' };
const parse = (entries: unknown, p = policy): string[] =>
  peersFromHealthEntries(JSON.stringify(entries), p, 'w').map(
    (x) => `${x.address}${x.port === undefined ? '' : `:${x.port}`}|${x.labels['health']}|${x.labels['zone'] ?? ''}`,
  );

describe('peersFromHealthEntries', () => {
  it('uses Service.Address, falling back to Node.Address; zone from service then node meta; canonical IPv6', () => {
    expect(
      parse([
        entry('a', 'n1', '192.0.2.1', { Address: '198.51.100.1', Meta: { zone: 'svc-zone' } }),
        entry('b', 'n2', '192.0.2.2'),
        entry('c', 'n3', '2001:DB8::0:3', { Port: 0 }),
      ]),
    ).toEqual([
      '198.51.100.1:179|passing|svc-zone',
      '192.0.2.2:179|passing|node-zone',
      '2001:db8::3|passing|node-zone',
    ]);
  });

  it('leaves out non-passing instances with passing_only, and labels their health otherwise', () => {
    const entries = [
      entry('a', 'n1', '192.0.2.1'),
      entry('b', 'n2', '192.0.2.2', {}, ['passing', 'warning']),
      entry('c', 'n3', '192.0.2.3', {}, ['critical', 'passing']),
    ];
    expect(parse(entries)).toEqual(['192.0.2.1:179|passing|node-zone']);
    expect(parse(entries, { ...policy, passingOnly: false })).toEqual([
      '192.0.2.1:179|passing|node-zone',
      '192.0.2.2:179|warning|node-zone',
      '192.0.2.3:179|critical|node-zone',
    ]);
  });

  it('merges instances with the same address and port (lowest service ID wins)', () => {
    const peers = peersFromHealthEntries(
      JSON.stringify([entry('z', 'n1', '192.0.2.1'), entry('a', 'n1', '192.0.2.1')]),
      policy,
      'w',
    );
    expect(peers.map((p) => p.labels['service_id'])).toEqual(['a']);
  });

  it('refuses the whole answer for any address outside the policy, listing every rejected instance (issue 11 item 6)', () => {
    const body = JSON.stringify([
      entry('a', 'n1', '192.0.2.1'),
      entry('b', 'n2', '192.0.2.2', { Address: '::ffff:10.0.0.5' }),
      entry('c', 'n3', '240.0.0.1'),
      entry('d', 'n4', '192.0.2.4', {}, ['critical']), // left out by passing_only: not a rejection
    ]);
    const error = (() => {
      try {
        peersFromHealthEntries(body, policy, 'consul bgp-rr');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(RejectedRecordsError);
    expect((error as RejectedRecordsError).rejected.map((r) => [r.record, r.reason])).toEqual([
      ['instance b on node n2: ::ffff:10.0.0.5', 'ipv4-mapped'],
      ['instance c on node n3: 240.0.0.1', 'reserved'],
    ]);
  });

  it('treats an empty array as the authoritative empty set', () => {
    expect(parse([])).toEqual([]);
  });

  it.each([
    ['not json', /answer is not JSON/],
    ['{"Node":{}}', /not a list of health entries/],
    [JSON.stringify([{ Node: { Node: 'n' }, Service: {} }]), /not a list of health entries: 0\.Node\.Address/],
    [JSON.stringify([entry('a', 'n1', '')]), /instance a on node n1: "" is not an IP address literal/],
    [JSON.stringify([entry('a', 'n1', '127.0.0.1')]), /loopback/],
  ])('refuses %s', (body, message) => {
    expect(() => peersFromHealthEntries(body, policy, 'w')).toThrow(message);
  });
});

describe('healthServicePath', () => {
  it('encodes every parameter as Consul documents them', () => {
    const base = {
      service: 'bgp rr',
      tags: ['core', 'v2'],
      passingOnly: true,
      stale: true,
      index: 42,
      waitSeconds: 300,
      datacenter: 'dc2',
      namespace: 'ns1',
      partition: 'p1',
      filter: 'Service.Meta.x == "y"',
    };
    expect(healthServicePath(base)).toBe(
      '/v1/health/service/bgp%20rr?tag=core&tag=v2&passing=1&dc=dc2&ns=ns1&partition=p1&filter=Service.Meta.x+%3D%3D+%22y%22&stale=&index=42&wait=300s',
    );
    expect(
      healthServicePath({ service: 'x', tags: [], passingOnly: false, stale: false, index: 0, waitSeconds: 300 }),
    ).toBe('/v1/health/service/x');
  });
});
