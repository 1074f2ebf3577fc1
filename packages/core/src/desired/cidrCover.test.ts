import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCidr } from '../net/cidr.js';
import { formatIpAddress, parseIpAddress } from '../net/ipAddress.js';
import { parseAddressRanges, plainV6Key } from './addressRanges.js';
import { coverCountV4, coverCountV6, coverV4, coverV6 } from './cidrCover.js';
import { pushBigWords, wordsToBigInt } from './u128.js';
import { CidrTextBuffer } from './cidrTextBuffer.js';
import { subtractPrefixes } from './subtractPrefixes.js';

const MAX128 = (1n << 128n) - 1n;

/** Addresses with many zero groups, so every `::` placement and tie is exercised. */
const sparse128 = fc
  .array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 })
  .map((g) => g.reduce((v, x) => (v << 16n) | BigInt(x), 0n));
const any128 = fc.oneof(sparse128, fc.bigInt({ min: 0n, max: MAX128 }));

function words(value: bigint): number[] {
  const into: number[] = [];
  pushBigWords(value, into);
  return into;
}

function cover6(start: bigint, end: bigint): string[] {
  const out = new CidrTextBuffer();
  coverV6(words(start), 0, words(end), 0, out);
  expect(out.count).toBe(coverCountV6(words(start), 0, words(end), 0));
  return out.texts();
}

function cover4(start: number, end: number): string[] {
  const out = new CidrTextBuffer();
  coverV4(start, end, out);
  expect(out.count).toBe(coverCountV4(start, end));
  return out.texts();
}

/** The reference: greedy largest aligned block, one bigint at a time, formatted by net/. */
function naiveCover(start: bigint, end: bigint, bits: number): string[] {
  const out: string[] = [];
  for (let s = start; s <= end;) {
    let size = 1n;
    while (size < 1n << BigInt(bits) && s % (size * 2n) === 0n && s + size * 2n - 1n <= end) size *= 2n;
    const length = bits - (size.toString(2).length - 1);
    out.push(`${formatIpAddress({ family: bits === 32 ? 4 : 6, value: s })}/${length}`);
    s += size;
  }
  return out;
}

describe('CidrTextBuffer', () => {
  it('formats IPv6 exactly like net/formatIpAddress (RFC 5952)', () => {
    fc.assert(
      fc.property(any128, (value) => {
        const out = new CidrTextBuffer();
        out.ipv6(words(value));
        out.prefixLength(128);
        expect(out.texts()).toEqual([`${formatIpAddress({ family: 6, value })}/128`]);
      }),
      { numRuns: 2000 },
    );
  });

  it('returns no entry when nothing was written', () => {
    expect(new CidrTextBuffer().texts()).toEqual([]);
  });
});

describe('coverV4 / coverV6', () => {
  it.each([
    [0, 2 ** 32 - 1, ['0.0.0.0/0']],
    [1, 2 ** 32 - 2, naiveCover(1n, 2n ** 32n - 2n, 32)],
    [2 ** 32 - 1, 2 ** 32 - 1, ['255.255.255.255/32']],
    [10, 13, ['0.0.0.10/31', '0.0.0.12/31']],
  ])('IPv4 [%d, %d]', (start, end, expected) => {
    expect(cover4(start, end)).toEqual(expected);
  });

  it('IPv6 whole space and its edges', () => {
    expect(cover6(0n, MAX128)).toEqual(['::/0']);
    expect(cover6(1n, MAX128 - 1n)).toEqual(naiveCover(1n, MAX128 - 1n, 128));
    expect(cover6(MAX128, MAX128)).toEqual(['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128']);
  });

  it('equals the one-block-at-a-time greedy cover', () => {
    const v4 = fc
      .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }))
      .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
    fc.assert(
      fc.property(v4, ([s, e]) => {
        expect(cover4(s, e)).toEqual(naiveCover(BigInt(s), BigInt(e), 32));
      }),
    );
    fc.assert(
      fc.property(any128, any128, (a, b) => {
        const [s, e] = a < b ? [a, b] : [b, a];
        expect(cover6(s, e)).toEqual(naiveCover(s, e, 128));
      }),
    );
  });
});

describe('parseAddressRanges', () => {
  it('reads IPv6 in every text form like net/parseIpAddress', () => {
    const forms = fc.tuple(any128, fc.boolean()).map(([value, upper]) => {
      const text = formatIpAddress({ family: 6, value });
      return upper ? text.toUpperCase() : text;
    });
    fc.assert(
      fc.property(forms, (text) => {
        const parsed = parseAddressRanges([text], 'address', true);
        expect(wordsToBigInt(parsed.v6Points, 0)).toBe(parseIpAddress(text)!.value);
        expect(parsed.v6Points).toHaveLength(4);
      }),
    );
  });

  it.each(['::ffff:10.0.0.1', '2001:DB8:0:0:0:0:0:1', '0:0:0:0:0:0:0:0', '1::', '::1'])('accepts %s', (text) => {
    const parsed = parseAddressRanges([text], 'address', true);
    expect(wordsToBigInt(parsed.v6Points, 0)).toBe(parseIpAddress(text)!.value);
    expect(plainV6Key(text) ?? parseIpAddress(text)!.value.toString(16).padStart(32, '0')).toBe(
      parseIpAddress(text)!.value.toString(16).padStart(32, '0'),
    );
  });

  it.each([
    ':1',
    '1:::2',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '12345::',
    'fe80::1%eth0',
    '[::1]',
    'g::1',
    '',
  ])('rejects %j naming it', (text) => {
    expect(() => parseAddressRanges([text], 'address', true)).toThrow(
      `address ${JSON.stringify(text)} is not an IP address or prefix`,
    );
  });
});

describe('parseAddressRanges on IPv4', () => {
  it('reads every dotted quad like net/parseIpAddress', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (value) => {
        const text = formatIpAddress({ family: 4, value: BigInt(value) });
        expect(parseAddressRanges([text], 'address', true).v4Points).toEqual([value]);
      }),
    );
  });

  it.each(['01.2.3.4', '1.2.3', '1.2.3.4.', '.1.2.3', '256.1.1.1', '1..2.3', '1.2.3.4 ', '1.2.3.1000', '1.2.3.-4'])(
    'rejects %j naming it',
    (text) => {
      expect(() => parseAddressRanges([text], 'address', true)).toThrow(
        `address ${JSON.stringify(text)} is not an IP address or prefix`,
      );
    },
  );
});

describe('subtractPrefixes on IPv6 (brute force)', () => {
  it('result ∪ removed = original, disjoint, minimal, sorted', () => {
    const base = 0x20010db8000000000000000000000000n;
    const prefixes = ['2001:db8::/120', '2001:db8::200/121'];
    // Peers also land in the gap 2001:db8::100–1ff, outside both prefixes: removing them changes nothing.
    const inRange = fc
      .integer({ min: 0, max: 0x2ff })
      .map((n) => formatIpAddress({ family: 6, value: base + BigInt(n) }));
    fc.assert(
      fc.property(fc.uniqueArray(inRange, { maxLength: 60 }), (peers) => {
        const result = subtractPrefixes(prefixes, peers);
        const covered = new Set<bigint>();
        let previousEnd = -1n;
        for (const text of result) {
          const p = parseCidr(text);
          if (!p.ok) throw new Error(p.reason);
          expect(text).toBe(`${formatIpAddress({ family: 6, value: p.cidr.network })}/${p.cidr.length}`);
          const size = 1n << BigInt(128 - p.cidr.length);
          expect(p.cidr.network > previousEnd).toBe(true);
          previousEnd = p.cidr.network + size - 1n;
          for (let v = p.cidr.network; v <= previousEnd; v += 1n) covered.add(v);
        }
        const removed = new Set(peers.map((p) => parseIpAddress(p)!.value));
        const original = [...Array(0x100).keys(), ...Array.from({ length: 0x80 }, (_, i) => 0x200 + i)].map(
          (n) => base + BigInt(n),
        );
        for (const v of original) expect(covered.has(v)).toBe(!removed.has(v));
        expect(covered.size).toBe(original.filter((v) => !removed.has(v)).length);
        // minimal: covering the result again yields the same list
        expect(subtractPrefixes(result, [])).toEqual(result);
      }),
      { numRuns: 80 },
    );
  });
});
