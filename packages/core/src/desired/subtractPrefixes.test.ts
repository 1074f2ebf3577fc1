import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCidr } from '../net/cidr.js';
import { formatIpAddress, parseIpAddress } from '../net/ipAddress.js';
import { subtractPrefixes } from './subtractPrefixes.js';

function range(cidr: string): [bigint, bigint, number] {
  const p = parseCidr(cidr);
  if (!p.ok) throw new Error(p.reason);
  const bits = p.cidr.family === 4 ? 32 : 128;
  return [p.cidr.network, p.cidr.network + (1n << BigInt(bits - p.cidr.length)) - 1n, p.cidr.family];
}

describe('subtractPrefixes', () => {
  it.each([
    [
      ['10.0.0.0/24'],
      ['10.0.0.0'],
      [
        '10.0.0.1/32',
        '10.0.0.2/31',
        '10.0.0.4/30',
        '10.0.0.8/29',
        '10.0.0.16/28',
        '10.0.0.32/27',
        '10.0.0.64/26',
        '10.0.0.128/25',
      ],
    ],
    [['10.0.0.0/30'], ['10.0.0.1', '10.0.0.2'], ['10.0.0.0/32', '10.0.0.3/32']],
    [['10.42.0.0/16'], ['192.168.0.1'], ['10.42.0.0/16']],
    [['10.0.0.0/31'], ['10.0.0.0', '10.0.0.1'], []],
    [['0.0.0.0/0'], ['128.0.0.0/1'], ['0.0.0.0/1']],
    [['10.0.0.0/8', '10.1.0.0/16'], [], ['10.0.0.0/8']],
    [['10.0.0.0/9', '10.128.0.0/9'], [], ['10.0.0.0/8']],
    [
      ['fd00::/126', '10.0.0.0/31'],
      ['fd00::1', '10.0.0.1'],
      ['10.0.0.0/32', 'fd00::/128', 'fd00::2/127'],
    ],
    [['::/0'], ['8000::/1'], ['::/1']],
    [['2001:db8::/33', '2001:db8:8000::/33'], [], ['2001:db8::/32']],
    [
      ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffc/126'],
      ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffc'],
      ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffd/128', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/128'],
    ],
    [['255.255.255.252/30'], ['255.255.255.255', '255.255.255.252'], ['255.255.255.253/32', '255.255.255.254/32']],
    [['fd00::/127'], ['fd00::/128', 'fd00::1/128'], []],
  ])('%j − %j = %j', (prefixes, addresses, expected) => {
    expect(subtractPrefixes(prefixes, addresses)).toEqual(expected);
  });

  it('names invalid input', () => {
    expect(() => subtractPrefixes(['10.0.0.1/8'], [])).toThrow(
      'prefix "10.0.0.1/8" is not a valid prefix: host bits are set (did you mean 10.0.0.0/8?)',
    );
    expect(() => subtractPrefixes(['10.0.0.0/8'], ['meshrr'])).toThrow(
      'address "meshrr" is not an IP address or prefix',
    );
  });

  it('result ∪ removed = original, disjoint, minimal, sorted (IPv4 and IPv6)', () => {
    const v4 = fc.integer({ min: 0, max: 2 ** 32 - 1 }).map((n) => formatIpAddress({ family: 4, value: BigInt(n) }));
    const v6 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }).map((n) => formatIpAddress({ family: 6, value: n }));
    const prefix4 = fc
      .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 20, max: 32 }))
      .map(([n, len]) => {
        const net = BigInt(n) & ~((1n << BigInt(32 - len)) - 1n);
        return `${formatIpAddress({ family: 4, value: net })}/${len}`;
      });
    fc.assert(
      fc.property(
        fc.array(prefix4, { minLength: 1, maxLength: 3 }),
        fc.array(fc.oneof(v4, v6), { maxLength: 40 }),
        (prefixes, peers) => {
          // Bias peers into the prefixes so subtraction happens.
          const inside = peers.map((p, i) => {
            const [start, end] = range(prefixes[i % prefixes.length]!);
            const ip = parseIpAddress(p)!;
            return ip.family === 4 ? formatIpAddress({ family: 4, value: start + (ip.value % (end - start + 1n)) }) : p;
          });
          const result = subtractPrefixes(prefixes, inside);
          const ranges = result.map(range);
          const removed = new Set(
            inside.filter((a) => parseIpAddress(a)!.family === 4).map((a) => parseIpAddress(a)!.value),
          );
          // sorted, disjoint, non-adjacent-mergeable
          for (let i = 1; i < ranges.length; i += 1) {
            expect(ranges[i]![0] > ranges[i - 1]![1]).toBe(true);
            const a = ranges[i - 1]!;
            const b = ranges[i]!;
            const sizeA = a[1] - a[0] + 1n;
            const mergeable = b[0] === a[1] + 1n && b[1] - b[0] + 1n === sizeA && a[0] % (sizeA * 2n) === 0n;
            expect(mergeable).toBe(false);
          }
          // every address of the original is either in the result or removed, never both
          let covered = 0n;
          for (const [s, e] of ranges) {
            covered += e - s + 1n;
            for (const r of removed) expect(r >= s && r <= e).toBe(false);
          }
          const merged = subtractPrefixes(prefixes, []).map(range);
          let total = 0n;
          let removedInside = 0n;
          for (const [s, e] of merged) {
            total += e - s + 1n;
            for (const r of removed) if (r >= s && r <= e) removedInside += 1n;
          }
          expect(covered + removedInside).toBe(total);
        },
      ),
      { numRuns: 300 },
    );
  });
});
