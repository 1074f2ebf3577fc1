import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPeerAddress } from './addressPolicy.js';
import { loadConfig } from '../config/index.js';
import { parseIpAddress } from './ipAddress.js';
import { classifyIpAddress } from './classify.js';

/** Issue 11 item 6: one address policy for every peer address and configured prefix. */
describe('peer address policy', () => {
  it.each([
    ['240.0.0.1', 'reserved'],
    ['255.255.255.254', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'this-network'],
    ['127.0.0.2', 'loopback'],
    ['169.254.0.9', 'link-local'],
    ['239.1.1.1', 'multicast'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::ffff:10.0.0.5', 'ipv4-mapped'],
    ['::ffff:a00:5', 'ipv4-mapped'],
    ['::10.0.0.5', 'ipv4-compatible'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['ff02::2', 'multicast'],
    ['100::1', 'discard-only'],
  ])('refuses %s as a %s address', (text, cls) => {
    expect(classifyIpAddress(parseIpAddress(text)!)).toBe(cls);
    const check = checkPeerAddress(text);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.reason).toContain(cls);
  });

  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['100.64.0.1', '100.64.0.1'],
    ['192.0.2.1', '192.0.2.1'],
    ['198.51.100.7', '198.51.100.7'],
    ['223.255.255.255', '223.255.255.255'],
    ['1.0.0.0', '1.0.0.0'],
    ['2001:DB8::0:1', '2001:db8::1'],
    ['fd00::5', 'fd00::5'],
    ['64:ff9b::10.0.0.1', '64:ff9b::a00:1'],
    ['::1:0:0:1', '::1:0:0:1'],
  ])('accepts %s (canonical %s) as unicast', (text, canonical) => {
    expect(checkPeerAddress(text)).toEqual({ ok: true, address: canonical });
  });

  it('classifies every IPv4 address of 240/4 and 0/8 as not unicast (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (v) => {
        const first = v >>> 24;
        const cls = classifyIpAddress({ family: 4, value: BigInt(v) });
        if (first >= 224 || first === 0 || first === 127) expect(cls).not.toBe('unicast');
      }),
      { seed: 11, numRuns: 2_000 },
    );
  });

  it('an IPv4-mapped IPv6 address is never unicast, whatever the IPv4 part (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (v) => {
        expect(classifyIpAddress({ family: 6, value: (0xffffn << 32n) | BigInt(v) })).toBe('ipv4-mapped');
      }),
      { seed: 11, numRuns: 500 },
    );
  });
});

describe('configured prefixes follow the address policy', () => {
  const config = (prefixes: string[]) =>
    `asn: 65000\nbgpgroups:\n  - name: rr\n    type: mesh\n    source: {sourcetype: static, addresses: []}\n  - name: clients\n    type: subtractive\n    prefixes: [${prefixes.map((p) => JSON.stringify(p)).join(', ')}]\n`;

  it.each([
    ['::ffff:10.0.0.0/104', 'ipv4-mapped'],
    ['240.0.0.0/8', 'reserved'],
    ['224.0.0.0/4', 'multicast'],
    ['127.0.0.0/8', 'loopback'],
    ['0.0.0.0/8', 'this-network'],
    ['fe80::/64', 'link-local'],
    ['ff00::/8', 'multicast'],
    ['::/96', 'ipv4-compatible'],
  ])('refuses %s (inside the %s range) naming the file, field and what is allowed', (prefix, cls) => {
    const result = loadConfig(config([prefix]));
    expect(result.ok).toBe(false);
    const issue = result.ok ? undefined : result.errors[0];
    expect(issue).toMatchObject({ file: '<inline>', path: 'bgpgroups[1].prefixes[0]', line: 8 });
    expect(issue?.message).toContain(cls);
    expect(issue?.allowed).toMatch(/unicast/);
  });

  it.each(['0.0.0.0/0', '::/0', '10.0.0.0/8', '192.0.0.0/2', '2001:db8::/32', 'fc00::/7'])(
    'accepts %s (a prefix may contain reserved space, as long as it is not inside it)',
    (prefix) => {
      expect(loadConfig(config([prefix])).ok).toBe(true);
    },
  );
});
