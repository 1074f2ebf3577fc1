import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyIpAddress } from '../net/classify.js';
import { formatIpAddress, parseIpAddress, sortIpAddressTexts } from '../net/ipAddress.js';
import { canonicalUnicast, sortAddresses, usableCandidates } from './candidates.js';

const v4 = fc.integer({ min: 0, max: 2 ** 32 - 1 }).map((n) => formatIpAddress({ family: 4, value: BigInt(n) }));
const v6 = fc
  .oneof(
    fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
    fc
      .array(fc.constantFrom(0, 0, 1, 0xfe80, 0xff02, 0xffff), { minLength: 8, maxLength: 8 })
      .map((g) => g.reduce((v, x) => (v << 16n) | BigInt(x), 0n)),
  )
  .map((value) => formatIpAddress({ family: 6, value }));
const texts = fc.oneof(
  v4,
  v6,
  v6.map((t) => t.toUpperCase()),
  fc.constantFrom('010.0.0.1', '10.0.0.256', '::ffff:10.0.0.1', '0:0:0:0:0:0:0:1', 'fe80::1%eth0', 'host.example', ''),
);

/** The reference: net/ parse, classify and format. */
function reference(text: string): string | undefined {
  const ip = parseIpAddress(text);
  return ip !== undefined && classifyIpAddress(ip) === 'unicast' ? formatIpAddress(ip) : undefined;
}

describe('canonicalUnicast', () => {
  it('agrees with net/ parse + classify + format on every input', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(canonicalUnicast(text)).toBe(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['127.0.0.1', undefined],
    ['224.0.0.5', undefined],
    ['fe80::1', undefined],
    ['::', undefined],
    ['255.255.255.255', undefined],
    ['169.254.1.1', undefined],
    ['rr-1', undefined],
  ])('%s → %s', (text, expected) => {
    expect(canonicalUnicast(text)).toBe(expected);
  });
});

describe('sortAddresses', () => {
  it('orders exactly like net/sortIpAddressTexts', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.oneof(v4, v6), { maxLength: 40 }), (addresses) => {
        expect(sortAddresses(addresses)).toEqual(sortIpAddressTexts(addresses));
      }),
    );
  });

  it('names a non-address', () => {
    expect(() => sortAddresses(['10.0.0.1', 'rr-1'])).toThrow('"rr-1" is not an IP address');
  });
});

describe('usableCandidates', () => {
  it('canonicalises, drops self, invalid and duplicate peers, keeps the first zone', () => {
    const found = usableCandidates(
      [
        { address: '2001:DB8::2', labels: { zone: 'a' } },
        { address: '2001:db8::2', labels: { zone: 'b' } },
        { address: '10.0.0.1', labels: {} },
        { address: '10.0.0.2', labels: {} },
        { address: 'bogus', labels: {} },
        { address: '239.1.1.1', labels: {} },
      ],
      new Set(['10.0.0.1']),
    );
    expect([...found.values()]).toEqual([
      { address: '2001:db8::2', zone: 'a' },
      { address: '10.0.0.2', zone: '' },
    ]);
  });
});
