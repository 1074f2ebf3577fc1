import { DiscoveryError, RejectedRecordsError, systemClock } from '@meshrr/core';
import type { Answer, DecodedPacket } from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { DnsClient } from '../client/dnsClient.js';
import { parseNameserver } from '../config/nameserver.js';
import { address, RCODE, reply, Responder, soa, type HandlerResult } from '../testing-support/responder.js';
import { lookupPeers, type LookupPlan } from './lookupPeers.js';

type Zone = Record<string, Answer[] | 'SERVFAIL' | 'SILENT'>;

/** An authoritative server for `cluster.local` from a table `name type → records`; absent names are NXDOMAIN. */
function zoneHandler(zone: Zone, options: { aa?: boolean; withSoa?: boolean } = {}) {
  return (q: DecodedPacket): HandlerResult => {
    const question = q.questions?.[0];
    const key = `${question?.name} ${question?.type}`;
    const entry = zone[key];
    const aa = options.aa ?? true;
    const authorities = options.withSoa === false ? [] : [soa('cluster.local', 5, 2)];
    if (entry === 'SERVFAIL') return reply(q, { rcode: RCODE.SERVFAIL });
    if (entry === 'SILENT') return undefined;
    if (entry !== undefined) return reply(q, { aa, answers: entry });
    const nameExists = Object.keys(zone).some((k) => k.startsWith(`${question?.name} `));
    return reply(q, { aa, rcode: nameExists ? 0 : RCODE.NXDOMAIN, authorities });
  };
}

const responders: Responder[] = [];
afterEach(async () => {
  await Promise.all(responders.splice(0).map((r) => r.stop()));
});

async function lookup(
  zone: Zone,
  plan: Partial<LookupPlan> = {},
  serverOptions: { aa?: boolean; withSoa?: boolean } = {},
) {
  const r = await new Responder(zoneHandler(zone, serverOptions)).start();
  responders.push(r);
  const endpoint = parseNameserver(r.nameserver);
  if (!endpoint.ok) throw new Error(endpoint.reason);
  const client = new DnsClient({
    nameservers: [endpoint.endpoint],
    timeoutMs: 2_000,
    attempts: 1,
    ednsUdpSize: 1232,
    clock: systemClock,
  });
  const full: LookupPlan = {
    hostname: 'meshrr',
    mode: 'address',
    srvPrefix: '_bgp._tcp',
    addressTypes: ['A', 'AAAA'],
    search: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
    ndots: 5,
    trust: 'authoritative-or-soa',
    ...plan,
  };
  const report = lookupPeers(full, client, new AbortController().signal);
  return { report, responder: r };
}

const SVC = 'meshrr.core.svc.cluster.local';

describe('lookupPeers address mode', () => {
  it('walks the search list past NXDOMAIN and returns A and AAAA addresses of the first name that has any', async () => {
    const { report, responder } = await lookup(
      {
        [`${SVC} A`]: [address(SVC, '10.0.0.2', 5), address(SVC, '10.0.0.1', 3)],
        [`${SVC} AAAA`]: [address(SVC, 'fd00:10::1', 4)],
      },
      { search: ['default.svc.cluster.local', 'core.svc.cluster.local'] },
    );
    const result = await report;
    expect(result.peers).toEqual([
      { address: '10.0.0.1', labels: {} },
      { address: '10.0.0.2', labels: {} },
      { address: 'fd00:10::1', labels: {} },
    ]);
    expect([result.ttlSeconds, result.answeredName]).toEqual([3, `${SVC}.`]);
    expect(responder.queries.map((q) => `${q.name} ${q.type}`).sort()).toEqual([
      'meshrr.core.svc.cluster.local A',
      'meshrr.core.svc.cluster.local AAAA',
      'meshrr.default.svc.cluster.local A',
      'meshrr.default.svc.cluster.local AAAA',
    ]);
  });

  it('a name with A but no AAAA (NODATA) still yields its IPv4 set; ipv4-only asks no AAAA', async () => {
    const zone = { [`${SVC} A`]: [address(SVC, '10.0.0.1')] };
    expect((await (await lookup(zone, { hostname: `${SVC}.` })).report).peers.map((p) => p.address)).toEqual([
      '10.0.0.1',
    ]);
    const { report, responder } = await lookup(zone, { hostname: `${SVC}.`, addressTypes: ['A'] });
    expect((await report).peers.map((p) => p.address)).toEqual(['10.0.0.1']);
    expect(responder.queries.map((q) => q.type)).toEqual(['A']);
  });

  it('every candidate NXDOMAIN/NODATA from an authoritative server → authoritatively empty, with the negative TTL', async () => {
    const result = await (await lookup({ [`${SVC} TXT`]: [] })).report;
    expect(result).toEqual({ peers: [], ttlSeconds: 2, answeredName: undefined });
  });

  it('non-authoritative negative answers without SOA are a failure, not an empty set', async () => {
    const { report } = await lookup({}, { hostname: `${SVC}.` }, { aa: false, withSoa: false });
    await expect(report).rejects.toMatchObject({ kind: 'untrusted-negative' });
    const strict = await lookup({}, { hostname: `${SVC}.`, trust: 'authoritative-only' }, { aa: false, withSoa: true });
    await expect(strict.report).rejects.toMatchObject({ kind: 'untrusted-negative' });
    const relaxed = await lookup({}, { hostname: `${SVC}.` }, { aa: false, withSoa: true });
    expect((await relaxed.report).peers).toEqual([]);
  });

  it('a failure on an earlier candidate fails the lookup even if a later one has records', async () => {
    const { report } = await lookup(
      { 'meshrr.default.svc.cluster.local A': 'SERVFAIL', [`${SVC} A`]: [address(SVC, '10.0.0.1')] },
      { search: ['default.svc.cluster.local', 'core.svc.cluster.local'] },
    );
    const error = await report.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscoveryError);
    expect((error as DiscoveryError).kind).toBe('servfail');
  });

  it('a failed AAAA query with a good A answer is a failure, never a partial set', async () => {
    const { report } = await lookup(
      { [`${SVC} A`]: [address(SVC, '10.0.0.1')], [`${SVC} AAAA`]: 'SILENT' },
      { hostname: `${SVC}.` },
    );
    await expect(report).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('an answer with any record outside the address policy is a failed lookup listing every rejection (issue 11)', async () => {
    const zone = {
      [`${SVC} A`]: [
        address(SVC, '10.0.0.1'),
        address(SVC, '10.0.0.1'),
        address(SVC, '240.0.0.1'),
        address(SVC, '224.0.0.1'),
        address(SVC, '127.0.0.1'),
      ],
      [`${SVC} AAAA`]: [address(SVC, 'fe80::1'), address(SVC, '::ffff:10.0.0.5')],
    };
    const error = await (await lookup(zone, { hostname: `${SVC}.` })).report.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RejectedRecordsError);
    expect((error as RejectedRecordsError).kind).toBe('invalid-peer');
    expect((error as RejectedRecordsError).rejected.map((r) => [r.record, r.reason])).toEqual([
      [`${SVC}. A 240.0.0.1`, 'reserved'],
      [`${SVC}. A 224.0.0.1`, 'multicast'],
      [`${SVC}. A 127.0.0.1`, 'loopback'],
      [`${SVC}. AAAA fe80::1`, 'link-local'],
      [`${SVC}. AAAA ::ffff:a00:5`, 'ipv4-mapped'], // dns-packet decodes AAAA data to canonical text
    ]);
  });

  it('an answer whose every record is invalid is a failure, never an authoritative empty set (issue 11 item 5)', async () => {
    const zone = { [`${SVC} A`]: [address(SVC, '240.0.0.1'), address(SVC, '0.0.0.7')] };
    await expect((await lookup(zone, { hostname: `${SVC}.` })).report).rejects.toMatchObject({
      kind: 'invalid-peer',
      message: expect.stringContaining('2 records rejected'),
    });
  });

  it('duplicates collapse', async () => {
    const zone = { [`${SVC} A`]: [address(SVC, '10.0.0.1'), address(SVC, '10.0.0.1')] };
    expect((await (await lookup(zone, { hostname: `${SVC}.` })).report).peers).toEqual([
      { address: '10.0.0.1', labels: {} },
    ]);
  });
});

describe('lookupPeers SRV mode', () => {
  const srv = (target: string, port: number, ttl = 5): Answer => ({
    type: 'SRV',
    name: `_bgp._tcp.${SVC}`,
    ttl,
    data: { priority: 0, weight: 33, port, target },
  });
  const pod = (i: number) => `meshrr-${i}.meshrr.core.svc.cluster.local`;

  it('resolves targets and carries the SRV port and target name; "." targets are skipped (RFC 2782)', async () => {
    const zone: Zone = {
      [`_bgp._tcp.${SVC} SRV`]: [srv(pod(0), 179, 4), srv(pod(1), 1179), srv('.', 179)],
      [`${pod(0)} A`]: [address(pod(0), '10.0.0.1', 3)],
      [`${pod(0)} AAAA`]: [address(pod(0), 'fd00::1')],
      [`${pod(1)} A`]: [address(pod(1), '10.0.0.2')],
    };
    const result = await (await lookup(zone, { mode: 'srv', search: ['core.svc.cluster.local'] })).report;
    expect(result.peers).toEqual([
      { address: '10.0.0.1', port: 179, labels: { name: pod(0) } },
      { address: '10.0.0.2', port: 1179, labels: { name: pod(1) } },
      { address: 'fd00::1', port: 179, labels: { name: pod(0) } },
    ]);
    expect(result.ttlSeconds).toBe(2);
  });

  it('an SRV target without an address, or with an invalid one, fails the lookup (no set with peers silently missing)', async () => {
    const zone: Zone = {
      [`_bgp._tcp.${SVC} SRV`]: [srv(pod(0), 179), srv(pod(2), 179), srv(pod(3), 179)],
      [`${pod(0)} A`]: [address(pod(0), '10.0.0.1')],
      [`${pod(3)} A`]: [address(pod(3), '240.1.2.3')],
    };
    const error = await (
      await lookup(zone, { mode: 'srv', search: ['core.svc.cluster.local'] })
    ).report.catch((e: unknown) => e);
    expect((error as RejectedRecordsError).rejected.map((r) => [r.record, r.reason])).toEqual([
      [`${pod(2)}. SRV target`, 'target-has-no-address'],
      [`${pod(3)}. A 240.1.2.3`, 'reserved'],
    ]);
  });

  it('a failing target lookup fails the whole refresh', async () => {
    const zone: Zone = { [`_bgp._tcp.${SVC} SRV`]: [srv(pod(0), 179)], [`${pod(0)} A`]: 'SERVFAIL' };
    await expect((await lookup(zone, { mode: 'srv', hostname: `${SVC}.` })).report).rejects.toMatchObject({
      kind: 'servfail',
    });
  });
});
