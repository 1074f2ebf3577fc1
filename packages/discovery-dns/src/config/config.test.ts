import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNameserver, parseNameserver } from './nameserver.js';
import { dnsOptionsSchema } from './options.js';
import { parseResolvConf } from './resolvConf.js';
import { searchCandidates } from './searchCandidates.js';

describe('parseNameserver', () => {
  it.each([
    ['10.96.0.10', '10.96.0.10:53'],
    ['10.96.0.10:5353', '10.96.0.10:5353'],
    ['fd00::10', '[fd00::10]:53'],
    ['[FD00:0::10]:5353', '[fd00::10]:5353'],
    ['[fd00::10]', '[fd00::10]:53'],
  ])('%s → %s', (text, formatted) => {
    const parsed = parseNameserver(text);
    expect(parsed.ok && formatNameserver(parsed.endpoint)).toBe(formatted);
  });

  it.each([
    ['kube-dns', 'not an IP address literal'],
    ['10.0.0.1:0', 'port "0" is not an integer 1-65535'],
    ['10.0.0.1:70000', 'port "70000"'],
    ['[fd00::1]:x', 'port "x"'],
    ['010.0.0.1', 'not an IP address literal'],
  ])('%s is refused: %s', (text, reason) => {
    const parsed = parseNameserver(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toContain(reason);
  });
});

describe('parseResolvConf', () => {
  it('reads a Kubernetes pod resolv.conf', () => {
    const { settings, ignored } = parseResolvConf(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
    expect(settings).toEqual({
      nameservers: [{ host: '10.96.0.10', port: 53, family: 4 }],
      search: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
      ndots: 5,
      timeoutMs: 5_000,
      attempts: 2,
    });
    expect(ignored).toEqual([]);
  });

  it('follows glibc: last search/domain wins, 3 nameservers, clamped options, comments, defaults', () => {
    const text = [
      '# comment',
      'domain first.example',
      'search a.example. b.example ; trailing comment',
      'nameserver 10.0.0.1',
      'nameserver fd00::53',
      'nameserver 10.0.0.3',
      'nameserver 10.0.0.4',
      'nameserver 10.0.0.5:53',
      'options ndots:99 timeout:0 attempts:9 rotate edns0',
      'sortlist 10.0.0.0/8',
    ].join('\n');
    const { settings, ignored } = parseResolvConf(text);
    expect(settings.nameservers.map(formatNameserver)).toEqual(['10.0.0.1:53', '[fd00::53]:53', '10.0.0.3:53']);
    expect(settings.search).toEqual(['a.example', 'b.example']);
    expect([settings.ndots, settings.timeoutMs, settings.attempts]).toEqual([15, 1_000, 5]);
    expect(ignored.map((i) => [i.line, i.reason])).toEqual([
      [7, 'only the first 3 nameservers are used (glibc)'],
      [8, 'a resolv.conf nameserver is an IP address without a port'],
      [10, 'unknown keyword "sortlist"'],
    ]);
    expect(parseResolvConf('').settings.nameservers.map(formatNameserver)).toEqual(['127.0.0.1:53']);
  });
});

describe('searchCandidates', () => {
  const search = ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'];
  it('short names go through the search list first, then as-is (ndots 5, a pod)', () => {
    expect(searchCandidates('meshrr', search, 5)).toEqual([
      'meshrr.default.svc.cluster.local.',
      'meshrr.svc.cluster.local.',
      'meshrr.cluster.local.',
      'meshrr.',
    ]);
  });
  it('names with at least ndots dots are tried as-is first; absolute names skip the search list', () => {
    expect(searchCandidates('a.b.c', search, 2)[0]).toBe('a.b.c.');
    expect(searchCandidates('A.b.C', search, 2)).toHaveLength(4);
    expect(searchCandidates('meshrr.core.svc.cluster.local.', search, 5)).toEqual(['meshrr.core.svc.cluster.local.']);
  });
  it('property: every candidate is absolute, unique, and the as-is name is always tried', () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
    fc.assert(
      fc.property(
        fc.array(label, { minLength: 1, maxLength: 4 }),
        fc.array(label, { maxLength: 4 }),
        fc.integer({ min: 0, max: 15 }),
        (labels, domains, ndots) => {
          const name = labels.join('.');
          const candidates = searchCandidates(name, domains, ndots);
          expect(candidates.every((c) => c.endsWith('.') && !c.endsWith('..'))).toBe(true);
          expect(new Set(candidates).size).toBe(candidates.length);
          expect(candidates).toContain(`${name}.`);
          expect(candidates.indexOf(`${name}.`) === 0).toBe(
            labels.length - 1 >= ndots || domains.every((d) => `${name}.${d}.` === `${name}.`),
          );
        },
      ),
    );
  });
});

describe('dnsOptionsSchema', () => {
  it('fills defaults around meshrr keys', () => {
    const parsed = dnsOptionsSchema.safeParse({ hostname: 'meshrr' });
    expect(parsed.success && parsed.data).toEqual({
      hostname: 'meshrr',
      lookup: 'address',
      srv_prefix: '_bgp._tcp',
      address_families: ['ipv4', 'ipv6'],
      min_refresh_seconds: 1,
      negative_answers: 'authoritative-or-soa',
      edns_udp_size: 1232,
    });
  });

  it('allow_loopback is accepted only as false (loopback is never a peer, whatever the source)', () => {
    expect(dnsOptionsSchema.safeParse({ hostname: 'x', allow_loopback: false }).success).toBe(true);
    const refused = dnsOptionsSchema.safeParse({ hostname: 'x', allow_loopback: true });
    expect(refused.success ? [] : refused.error.issues.map((i) => [i.path, i.message])).toEqual([
      [
        ['allow_loopback'],
        'must be false or absent: a loopback address is the router itself, and the peer address policy refuses it for every source',
      ],
    ]);
  });

  it('parses nameservers and keeps ipv4-only meshrr parity', () => {
    const parsed = dnsOptionsSchema.safeParse({
      hostname: 'x.',
      nameservers: ['10.0.0.1', '[fd00::1]:5353'],
      address_families: ['ipv4', 'ipv4'],
      lookup: 'srv',
    });
    expect(parsed.success && parsed.data.nameservers?.map(formatNameserver)).toEqual(['10.0.0.1:53', '[fd00::1]:5353']);
    expect(parsed.success && parsed.data.address_families).toEqual(['ipv4']);
  });

  it.each([
    [{ hostname: 'meshrr', unknown_key: 1 }, [], 'Unrecognized key'],
    [{ hostname: 'bad name' }, ['hostname'], 'must be a DNS name'],
    [{ hostname: 'x', nameservers: ['kube-dns'] }, ['nameservers', 0], 'invalid nameserver'],
    [{ hostname: 'x', address_families: [] }, ['address_families'], 'at least one'],
    [{ hostname: 'x', address_families: ['ipv5'] }, ['address_families', 0], ''],
    [{ hostname: 'x', srv_prefix: 'bgp.tcp' }, ['srv_prefix'], '_service._proto'],
    [{ hostname: 'x', edns_udp_size: 100 }, ['edns_udp_size'], ''],
    [{ hostname: 'x', negative_answers: 'any' }, ['negative_answers'], ''],
  ])('%j is refused at %j', (input, path, message) => {
    const parsed = dnsOptionsSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    const issue = !parsed.success ? parsed.error.issues[0] : undefined;
    expect(issue?.path).toEqual(path);
    expect(issue?.message).toContain(message);
  });
});
