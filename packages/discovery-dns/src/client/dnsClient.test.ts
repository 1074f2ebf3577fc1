import { DiscoveryError, systemClock } from '@meshrr/core';
import dnsPacket from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { parseNameserver, type NameserverEndpoint } from '../config/nameserver.js';
import { address, RCODE, reply, Responder, soa, type Handler } from '../testing-support/responder.js';
import { DnsClient } from './dnsClient.js';

const NAME = 'svc.ns.svc.cluster.local.';
const responders: Responder[] = [];

async function responder(handler: Handler): Promise<Responder> {
  const r = await new Responder(handler).start();
  responders.push(r);
  return r;
}

function endpoint(text: string): NameserverEndpoint {
  const parsed = parseNameserver(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.endpoint;
}

function client(
  servers: Responder[],
  extra: { timeoutMs?: number; attempts?: number; ednsUdpSize?: number } = {},
): DnsClient {
  return new DnsClient({
    nameservers: servers.map((s) => endpoint(s.nameserver)),
    timeoutMs: extra.timeoutMs ?? 2_000,
    attempts: extra.attempts ?? 1,
    ednsUdpSize: extra.ednsUdpSize ?? 1232,
    clock: systemClock,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<DiscoveryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DiscoveryError)) throw new Error(`expected a DiscoveryError, got ${String(error)}`);
  return error;
}

const ask = (c: DnsClient, type: 'A' | 'AAAA' | 'SRV' = 'A') =>
  c.query({ name: NAME, type }, new AbortController().signal);

afterEach(async () => {
  await Promise.all(responders.splice(0).map((r) => r.stop()));
});

describe('DnsClient answers', () => {
  it('returns NOERROR records with the AA flag and TTLs, asking with EDNS0 and RD', async () => {
    const r = await responder((q) =>
      reply(q, { aa: true, answers: [address(NAME, '10.0.0.1', 5), address(NAME, '10.0.0.2', 3)] }),
    );
    const response = await ask(client([r]));
    expect(response.rcode).toBe('NOERROR');
    expect(response.authoritative).toBe(true);
    expect(response.answers.map((a) => [a.type, (a as { data: string }).data, (a as { ttl: number }).ttl])).toEqual([
      ['A', '10.0.0.1', 5],
      ['A', '10.0.0.2', 3],
    ]);
    expect(r.queries).toEqual([
      expect.objectContaining({ transport: 'udp', name: 'svc.ns.svc.cluster.local', type: 'A', edns: true }),
    ]);
  });

  it('returns NXDOMAIN and NODATA answers as answers (not failures), with the authority section', async () => {
    const r = await responder((q) =>
      q.questions?.[0]?.type === 'A'
        ? reply(q, { aa: true, rcode: RCODE.NXDOMAIN, authorities: [soa('cluster.local', 5, 5)] })
        : reply(q, { aa: false, authorities: [soa('cluster.local', 30, 5)] }),
    );
    const nx = await ask(client([r]), 'A');
    expect([nx.rcode, nx.authoritative, nx.authorities.map((a) => a.type)]).toEqual(['NXDOMAIN', true, ['SOA']]);
    const nodata = await ask(client([r]), 'AAAA');
    expect([nodata.rcode, nodata.authoritative, nodata.answers.length]).toEqual(['NOERROR', false, 0]);
  });

  it('talks to an IPv6 nameserver ([::1]:port) over UDP and TCP', async () => {
    const r = await new Responder(
      (q, seen) =>
        seen.transport === 'udp' ? reply(q, { tc: true }) : reply(q, { aa: true, answers: [address(NAME, 'fd00::7')] }),
      '::1',
    ).start();
    responders.push(r);
    const response = await ask(client([r]), 'AAAA');
    expect(response.answers.map((a) => (a as { data: string }).data)).toEqual(['fd00::7']);
    expect(r.queries.map((q) => q.transport)).toEqual(['udp', 'tcp']);
  });

  it('uses a fresh random query ID and source port for every query', async () => {
    const r = await responder((q) => reply(q, { aa: true, answers: [address(NAME, '10.0.0.1')] }));
    const c = client([r]);
    for (let i = 0; i < 8; i += 1) await ask(c);
    expect(new Set(r.queries.map((q) => q.id)).size).toBeGreaterThan(6);
    expect(new Set(r.queries.map((q) => q.sourcePort)).size).toBeGreaterThan(6);
  });
});

describe('DnsClient failures', () => {
  it.each([
    ['SERVFAIL', RCODE.SERVFAIL, 'servfail'],
    ['REFUSED', RCODE.REFUSED, 'refused'],
    ['NOTIMP', RCODE.NOTIMP, 'notimp'],
    ['YXDOMAIN', RCODE.YXDOMAIN, 'rcode-yxdomain'],
  ])('%s is a failure of kind %s', async (_name, rcode, kind) => {
    const r = await responder((q) => reply(q, { rcode, aa: true }));
    const error = await failureOf(ask(client([r])));
    expect(error.kind).toBe(kind);
    expect(error.message).toContain(`127.0.0.1:${r.port} answered`);
  });

  it('FORMERR to an EDNS0 query is retried without EDNS0; FORMERR again is a failure', async () => {
    const r = await responder((q) =>
      (q.additionals ?? []).length > 0
        ? reply(q, { rcode: RCODE.FORMERR })
        : reply(q, { aa: true, answers: [address(NAME, '10.0.0.9')] }),
    );
    const response = await ask(client([r]));
    expect(response.answers.map((a) => (a as { data: string }).data)).toEqual(['10.0.0.9']);
    expect(r.queries.map((q) => q.edns)).toEqual([true, false]);
    r.handler = (q) => reply(q, { rcode: RCODE.FORMERR });
    expect((await failureOf(ask(client([r])))).kind).toBe('formerr');
  });

  it('tries the next nameserver after a failure, and reports every try when all fail', async () => {
    const bad = await responder((q) => reply(q, { rcode: RCODE.SERVFAIL }));
    const good = await responder((q) => reply(q, { aa: true, answers: [address(NAME, '10.0.0.7')] }));
    const response = await ask(client([bad, good]));
    expect(response.answers.map((a) => (a as { data: string }).data)).toEqual(['10.0.0.7']);
    const refusing = await responder((q) => reply(q, { rcode: RCODE.REFUSED }));
    const error = await failureOf(ask(client([bad, refusing], { attempts: 2 })));
    expect(error.kind).toBe('refused');
    expect(error.cause).toBeInstanceOf(AggregateError);
    expect((error.cause as AggregateError).errors.map((e: DiscoveryError) => e.kind)).toEqual([
      'servfail',
      'refused',
      'servfail',
      'refused',
    ]);
    expect(bad.queries).toHaveLength(3);
  });

  it('times out when the server stays silent', async () => {
    const r = await responder(() => undefined);
    const error = await failureOf(ask(client([r], { timeoutMs: 150, attempts: 2 })));
    expect(error.kind).toBe('timeout');
    expect(r.queries).toHaveLength(2);
  });

  it('fails with kind socket when nothing listens (ICMP port unreachable)', async () => {
    const r = await responder(() => undefined);
    await r.stop();
    responders.splice(responders.indexOf(r), 1);
    const error = await failureOf(ask(client([r], { timeoutMs: 1_000 })));
    expect(error.kind).toBe('socket');
    expect(error.message).toContain('ECONNREFUSED');
  });
});

describe('DnsClient reply checks (RFC 5452)', () => {
  it('ignores a reply with the wrong ID and takes the right one that follows', async () => {
    const r = await responder((q) => [
      reply(q, { id: ((q.id ?? 0) + 1) % 65536, answers: [address(NAME, '10.6.6.6')] }),
      reply(q, { aa: true, answers: [address(NAME, '10.0.0.1')] }),
    ]);
    const response = await ask(client([r]));
    expect(response.answers.map((a) => (a as { data: string }).data)).toEqual(['10.0.0.1']);
  });

  it.each([
    [
      'id-mismatch',
      (q: dnsPacket.DecodedPacket) => reply(q, { id: ((q.id ?? 0) + 1) % 65536, answers: [address(NAME, '10.6.6.6')] }),
    ],
    [
      'question-mismatch',
      (q: dnsPacket.DecodedPacket) =>
        reply(q, { questionName: 'evil.example', answers: [address('evil.example', '10.6.6.6')] }),
    ],
    ['malformed', () => Buffer.from('this is not a DNS message at all')],
    [
      'not-a-response',
      (q: dnsPacket.DecodedPacket) => ({
        ...reply(q, { answers: [address(NAME, '10.6.6.6')] }),
        type: 'query' as const,
      }),
    ],
  ])('only %s replies end in a failure of that kind, never in their data', async (kind, make) => {
    const r = await responder((q) => make(q));
    const error = await failureOf(ask(client([r], { timeoutMs: 200 })));
    expect(error.kind).toBe(kind);
  });
});

describe('DnsClient truncation and TCP', () => {
  it('retries a truncated UDP answer over TCP and returns 1500 records (60 kB uncompressed)', async () => {
    const many = Array.from({ length: 1500 }, (_, i) => address(NAME, `10.${(i >> 8) & 255}.${i & 255}.1`, 5));
    const r = await responder((q, seen) =>
      seen.transport === 'udp' ? reply(q, { aa: true, tc: true }) : reply(q, { aa: true, answers: many }),
    );
    const response = await ask(client([r]));
    expect(response.answers).toHaveLength(1500);
    expect(r.queries.map((q) => q.transport)).toEqual(['udp', 'tcp']);
  });

  it('accepts a UDP reply cut inside a record when its header says TC, then uses TCP', async () => {
    const r = await responder((q, seen) => {
      if (seen.transport === 'tcp') return reply(q, { aa: true, answers: [address(NAME, '10.0.0.5')] });
      const full = dnsPacket.encode(
        reply(q, { aa: true, tc: true, answers: [address(NAME, '10.0.0.5'), address(NAME, '10.0.0.6')] }),
      );
      return full.subarray(0, full.length - 3);
    });
    const response = await ask(client([r]));
    expect(response.answers.map((a) => (a as { data: string }).data)).toEqual(['10.0.0.5']);
  });

  it('fails when the TCP answer does not match the question, and when it is truncated again', async () => {
    const r = await responder((q, seen) =>
      seen.transport === 'udp' ? reply(q, { tc: true }) : reply(q, { questionName: 'other.example' }),
    );
    expect((await failureOf(ask(client([r])))).kind).toBe('question-mismatch');
    r.handler = (q) => reply(q, { tc: true });
    expect((await failureOf(ask(client([r])))).kind).toBe('truncated');
  });

  it('rejects with the abort reason when aborted mid-query', async () => {
    const r = await responder(() => undefined);
    const controller = new AbortController();
    const pending = client([r], { timeoutMs: 5_000 }).query({ name: NAME, type: 'A' }, controller.signal);
    setTimeout(() => controller.abort(new Error('stopping')), 20);
    await expect(pending).rejects.toThrow('stopping');
  });
});
