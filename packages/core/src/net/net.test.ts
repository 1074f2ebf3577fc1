import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrContains, cidrsOverlap, compareCidr, formatCidr, parseCidr } from './cidr.js';
import { classifyIpAddress } from './classify.js';
import { canonicalIpAddress, formatIpAddress, parseIpAddress, sortIpAddressTexts } from './ipAddress.js';

function cidr(text: string) {
  const r = parseCidr(text);
  if (!r.ok) throw new Error(r.reason);
  return r.cidr;
}

describe('parseIpAddress / formatIpAddress', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['255.255.255.255', '255.255.255.255'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
    ['::10.0.0.5', '::a00:5'], // IPv4-compatible: ipaddr.js alone reads it as ::ffff:10.0.0.5
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ['fd00:10::0001', 'fd00:10::1'],
  ])('%s → %s', (input, canonical) => {
    expect(canonicalIpAddress(input)).toBe(canonical);
  });

  it.each([
    '010.0.0.1',
    '10.0.0',
    '10.0.0.256',
    'meshrr-core',
    'fe80::1%eth0',
    '[::1]',
    '',
    ' 10.0.0.1',
    '1.2.3.4/32',
    '::g',
    '::10.0.0.256',
    '::010.0.0.1',
    '1:2:3:4:5:6:7:1.2.3.4',
    '1.2.3.4::',
  ])('rejects %j', (input) => {
    expect(parseIpAddress(input)).toBeUndefined();
  });

  it('round-trips every IPv4 and IPv6 value', () => {
    fc.assert(
      fc.property(fc.ipV4(), (text) => {
        const ip = parseIpAddress(text);
        expect(ip).toBeDefined();
        expect(formatIpAddress(ip!)).toBe(text);
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (value) => {
        const text = formatIpAddress({ family: 6, value });
        expect(parseIpAddress(text)).toEqual({ family: 6, value });
      }),
    );
  });

  it('sorts IPv4 before IPv6, numerically', () => {
    expect(sortIpAddressTexts(['fd00::2', '10.0.0.10', 'fd00::1', '10.0.0.9'])).toEqual([
      '10.0.0.9',
      '10.0.0.10',
      'fd00::1',
      'fd00::2',
    ]);
    expect(() => sortIpAddressTexts(['x'])).toThrow(/not an IP address literal: "x"/);
  });
});

describe('parseCidr', () => {
  it('accepts canonical prefixes of both families', () => {
    expect(formatCidr(cidr('0.0.0.0/0'))).toBe('0.0.0.0/0');
    expect(formatCidr(cidr('2001:DB8::/32'))).toBe('2001:db8::/32');
    expect(formatCidr(cidr('10.42.0.0/16'))).toBe('10.42.0.0/16');
  });

  it.each([
    ['10.0.0.1/16', 'host bits are set (did you mean 10.0.0.0/16?)'],
    ['10.0.0.0', 'missing prefix length (write address/length, e.g. 10.0.0.0/8)'],
    ['10.0.0.0/33', 'prefix length must be an integer from 0 to 32'],
    ['::/129', 'prefix length must be an integer from 0 to 128'],
    ['10.0.0.0/08', 'prefix length must be an integer from 0 to 32'],
    ['host/24', '"host" is not an IP address'],
  ])('%s is refused: %s', (input, reason) => {
    expect(parseCidr(input)).toEqual({ ok: false, reason });
  });

  it('overlap and containment', () => {
    expect(cidrsOverlap(cidr('10.0.0.0/8'), cidr('10.1.0.0/16'))).toBe(true);
    expect(cidrsOverlap(cidr('10.0.0.0/16'), cidr('10.1.0.0/16'))).toBe(false);
    expect(cidrsOverlap(cidr('0.0.0.0/0'), cidr('::/0'))).toBe(false);
    expect(cidrContains(cidr('10.0.0.0/8'), cidr('10.1.0.0/16'))).toBe(true);
    expect(cidrContains(cidr('10.1.0.0/16'), cidr('10.0.0.0/8'))).toBe(false);
    expect(compareCidr(cidr('10.0.0.0/8'), cidr('::/0'))).toBeLessThan(0);
    expect(compareCidr(cidr('10.0.0.0/8'), cidr('10.0.0.0/16'))).toBeLessThan(0);
  });
});

describe('classifyIpAddress', () => {
  it.each([
    ['10.0.0.1', 'unicast'],
    ['0.0.0.0', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['224.0.0.5', 'multicast'],
    ['169.254.1.1', 'link-local'],
    ['255.255.255.255', 'broadcast'],
    ['fd00::1', 'unicast'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['ff02::1', 'multicast'],
    ['fe80::1', 'link-local'],
    ['::ffff:127.0.0.1', 'ipv4-mapped'],
    ['::127.0.0.1', 'ipv4-compatible'],
  ])('%s is %s', (text, cls) => {
    expect(classifyIpAddress(parseIpAddress(text)!)).toBe(cls);
  });
});
