import { DiscoveryError } from '@meshrr/core';
import type { Answer } from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { address, soa } from '../testing-support/responder.js';
import type { DnsResponse } from '../wire/message.js';
import { acceptAddress } from './addressFilter.js';
import { interpretResponse } from './interpretResponse.js';

const Q = { name: 'svc.ns.svc.cluster.local.', type: 'A' as const };

function response(spec: Partial<DnsResponse>): DnsResponse {
  return {
    rcode: 'NOERROR',
    authoritative: false,
    truncated: false,
    recursionAvailable: false,
    answers: [],
    authorities: [],
    additionals: [],
    ...spec,
  };
}
const cname = (name: string, target: string, ttl: number): Answer => ({ type: 'CNAME', name, ttl, data: target });
const ns: Answer = { type: 'NS', name: 'cluster.local', ttl: 60, data: 'ns.cluster.local' };

describe('interpretResponse', () => {
  it('takes records of the asked type for the name (case-insensitive) with their smallest TTL', () => {
    const out = interpretResponse(
      Q,
      response({
        answers: [
          address('SVC.ns.svc.cluster.local', '10.0.0.1', 5),
          address('svc.ns.svc.cluster.local', '10.0.0.2', 3),
          address('other.example', '10.9.9.9', 1),
        ],
      }),
      'authoritative-or-soa',
    );
    expect(out.kind === 'records' && [out.records.length, out.ttlSeconds]).toEqual([2, 3]);
  });

  it('follows a CNAME chain inside the answer, and asks for a target it leaves unresolved', () => {
    const chained = interpretResponse(
      Q,
      response({ answers: [cname('svc.ns.svc.cluster.local', 'b.example', 2), address('b.example', '10.0.0.3', 9)] }),
      'authoritative-or-soa',
    );
    expect(chained).toMatchObject({ kind: 'records', owner: 'b.example.', ttlSeconds: 2 });
    const open = interpretResponse(
      Q,
      response({ answers: [cname('svc.ns.svc.cluster.local', 'c.example', 4)] }),
      'authoritative-or-soa',
    );
    expect(open).toEqual({ kind: 'cname', target: 'c.example.', ttlSeconds: 4 });
    const loop = () =>
      interpretResponse(
        Q,
        response({ answers: [cname('svc.ns.svc.cluster.local', 'svc.ns.svc.cluster.local', 4)] }),
        'authoritative-or-soa',
      );
    expect(loop).toThrow(expect.objectContaining({ kind: 'cname-loop' }));
  });

  it.each([
    [
      'AA NXDOMAIN with SOA',
      { rcode: 'NXDOMAIN', authoritative: true, authorities: [soa('cluster.local', 30, 5)] },
      'authoritative-only',
      { negative: 'nxdomain', trusted: true, ttlSeconds: 5 },
    ],
    [
      'AA NODATA without SOA',
      { authoritative: true },
      'authoritative-only',
      { negative: 'nodata', trusted: true, ttlSeconds: undefined },
    ],
    [
      'recursive NXDOMAIN with SOA',
      { rcode: 'NXDOMAIN', recursionAvailable: true, authorities: [soa('cluster.local', 3, 5)] },
      'authoritative-or-soa',
      { negative: 'nxdomain', trusted: true, ttlSeconds: 3 },
    ],
    [
      'recursive NXDOMAIN with SOA, authoritative-only',
      { rcode: 'NXDOMAIN', authorities: [soa('cluster.local', 3, 5)] },
      'authoritative-only',
      { negative: 'nxdomain', trusted: false, ttlSeconds: 3 },
    ],
    [
      'non-AA NODATA without SOA',
      { recursionAvailable: true },
      'authoritative-or-soa',
      { negative: 'nodata', trusted: false, ttlSeconds: undefined },
    ],
  ] as const)('%s', (_label, spec, trust, expected) => {
    expect(interpretResponse(Q, response(spec), trust)).toMatchObject({ kind: 'negative', ...expected });
  });

  it('a non-authoritative empty NOERROR with NS and no SOA is a referral failure, not NODATA', () => {
    const referral = () => interpretResponse(Q, response({ authorities: [ns] }), 'authoritative-or-soa');
    expect(referral).toThrow(DiscoveryError);
    expect(referral).toThrow(expect.objectContaining({ kind: 'referral' }));
    expect(
      interpretResponse(Q, response({ authoritative: true, authorities: [ns] }), 'authoritative-only'),
    ).toMatchObject({ kind: 'negative', trusted: true });
  });
});

describe('acceptAddress', () => {
  it.each([
    ['A', '10.0.0.1', true, '10.0.0.1'],
    ['AAAA', 'FD00:0:0::0001', true, 'fd00::1'],
    ['A', '224.0.0.5', false, 'multicast'],
    ['A', '0.0.0.0', false, 'unspecified'],
    ['A', '255.255.255.255', false, 'broadcast'],
    ['A', '127.0.0.1', false, 'loopback'],
    ['A', '169.254.1.1', false, 'link-local'],
    ['AAAA', 'fe80::1', false, 'link-local'],
    ['AAAA', 'ff02::5', false, 'multicast'],
    ['AAAA', '::', false, 'unspecified'],
    ['AAAA', '::1', false, 'loopback'],
    ['AAAA', '::ffff:10.0.0.1', false, 'ipv4-mapped'],
    ['A', '240.0.0.1', false, 'reserved'],
    ['A', '0.0.0.1', false, 'this-network'],
    ['AAAA', '::10.0.0.1', false, 'ipv4-compatible'],
    ['A', 'fd00::1', false, 'wrong-family'],
    ['A', 'not-an-ip', false, 'not-an-ip-literal'],
  ])('%s %s → %s %s', (type, data, ok, detail) => {
    const verdict = acceptAddress({ type, name: 'svc.example', ttl: 5, data } as Answer);
    expect(verdict.ok ? verdict.address : verdict.dropped.reason).toBe(detail);
    expect(verdict.ok).toBe(ok);
    if (!verdict.ok) expect(verdict.dropped.record).toBe(`svc.example. ${type} ${data}`);
  });
});
