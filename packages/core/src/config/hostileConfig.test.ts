import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cidrsOverlap, formatCidr, parseCidr } from '../net/index.js';
import type { ConfigIssue } from './issues.js';
import { formatConfigIssue } from './issues.js';
import { loadConfig } from './loadConfig.js';
import { CONFIG_LIMITS } from './limits.js';

/** Issue 11 items 7, 8 and 10: configurations that grow, nest, smuggle keys or leave keys out. */

const MESH = '  - {name: rr, type: mesh, source: {sourcetype: static, addresses: [10.255.0.1]}}\n';
const errorsOf = (text: string, origin = 'big.yml'): readonly ConfigIssue[] => {
  const result = loadConfig({ text, origin });
  return result.ok ? [] : result.errors;
};
const v4 = (i: number): string => `${11 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.0/24`;

describe('configurations that grow (issue 11 item 7)', () => {
  it('one group of 150,000 prefixes loads (it overflowed the stack, naming no file or path)', () => {
    const prefixes = Array.from({ length: 150_000 }, (_, i) => `      - ${v4(i)}\n`).join('');
    const result = loadConfig({
      text: `asn: 65000\nbgpgroups:\n${MESH}  - name: clients\n    type: subtractive\n    prefixes:\n${prefixes}`,
      origin: 'big.yml',
    });
    expect(
      result.ok
        ? result.config.groups[1]?.kind === 'subtractive' && result.config.groups[1].prefixes.length
        : result.errors.slice(0, 2),
    ).toBe(150_000);
  });

  it(`${CONFIG_LIMITS.maxGroups} subtractive groups load (the overlap check is n log n, not quadratic)`, () => {
    const groups = Array.from(
      { length: CONFIG_LIMITS.maxGroups - 1 },
      (_, i) => `  - {name: g${i}, type: subtractive, prefixes: [${v4(i)}]}\n`,
    ).join('');
    const result = loadConfig({ text: `asn: 65000\nbgpgroups:\n${MESH}${groups}`, origin: 'big.yml' });
    expect(result.ok ? result.config.groups.length : result.errors.slice(0, 2)).toBe(CONFIG_LIMITS.maxGroups);
  });

  it('beyond the documented limits: one clear error naming the file, the field and the limit', () => {
    const groups = Array.from(
      { length: CONFIG_LIMITS.maxGroups },
      (_, i) => `  - {name: g${i}, type: subtractive, prefixes: [${v4(i)}]}\n`,
    ).join('');
    expect(errorsOf(`asn: 65000\nbgpgroups:\n${MESH}${groups}`).map(formatConfigIssue)).toEqual([
      `big.yml:3:3: bgpgroups: too many groups (found a list of ${CONFIG_LIMITS.maxGroups + 1}; allowed: at most ${CONFIG_LIMITS.maxGroups})`,
    ]);
    const prefixes = Array.from({ length: CONFIG_LIMITS.maxPrefixesPerGroup + 1 }, (_, i) => v4(i)).join(', ');
    expect(
      errorsOf(`asn: 65000\nbgpgroups:\n${MESH}  - {name: c, type: subtractive, prefixes: [${prefixes}]}\n`).map(
        formatConfigIssue,
      ),
    ).toEqual([
      `big.yml:4:44: bgpgroups[1].prefixes: too many prefixes (found a list of ${CONFIG_LIMITS.maxPrefixesPerGroup + 1}; allowed: at most ${CONFIG_LIMITS.maxPrefixesPerGroup} per group)`,
    ]);
  });

  it('2,000 groups that all hold the same prefix: the overlap errors are capped, not 2 million', () => {
    const groups = Array.from(
      { length: 2_000 },
      (_, i) => `  - {name: g${i}, type: subtractive, prefixes: [10.0.0.0/8]}\n`,
    ).join('');
    const errors = errorsOf(`asn: 65000\nbgpgroups:\n${MESH}${groups}`);
    expect(errors.length).toBe(CONFIG_LIMITS.maxReportedIssues + 1);
    expect(errors.at(-1)?.message).toMatch(/^and \d+ more errors? not shown/);
    expect(errors.filter((e) => e.message.includes('overlaps 10.0.0.0/8 of group "g0"')).length).toBeGreaterThan(900);
    expect(errors.some((e) => e.message.startsWith('more than 1000 prefixes overlap'))).toBe(true);
  });

  it('reports exactly the overlapping pairs of different groups a brute-force check finds (property)', () => {
    const prefixArb = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 6, max: 10 })).map(([net, len]) => ({ net, len })),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(prefixArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        (groups) => {
          // prefixes inside 10.0.0.0/6..10 built from a small space so overlaps are frequent
          const texts = groups.map((g) => [
            ...new Set(
              g.map(({ net, len }) => {
                const shift = 32 - len;
                const value = ((10 << 24) >>> 0) + ((net << shift) >>> 0);
                const masked = shift >= 32 ? 0 : ((value >>> shift) << shift) >>> 0;
                return formatCidr({ family: 4, network: BigInt(masked), length: len });
              }),
            ),
          ]);
          const yaml = `asn: 65000\nbgpgroups:\n${MESH}${texts.map((t, i) => `  - {name: g${i}, type: subtractive, prefixes: [${t.join(', ')}]}\n`).join('')}`;
          const found = errorsOf(yaml)
            .filter((e) => e.message.includes('overlaps'))
            .map((e) => e.path)
            .sort();
          const expected = new Set<string>();
          texts.forEach((mine, g) =>
            mine.forEach((text, i) => {
              const cidr = (parseCidr(text) as { ok: true; cidr: import('../net/index.js').Cidr }).cidr;
              for (let h = 0; h < g; h += 1)
                for (const other of texts[h]!) {
                  const o = (parseCidr(other) as { ok: true; cidr: import('../net/index.js').Cidr }).cidr;
                  if (cidrsOverlap(cidr, o)) expected.add(`bgpgroups[${g + 1}].prefixes[${i}]`);
                }
            }),
          );
          expect(found).toEqual([...expected].sort());
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });
});

describe('configurations that nest or smuggle keys (issue 11 item 8)', () => {
  it.each([
    ['flow', `asn: 65000\nbgpgroups: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, 'deep.yml:2:'],
    [
      'block',
      `asn: 65000\nbgpgroups:\n${Array.from({ length: 3_000 }, (_, i) => `${'  '.repeat(i + 1)}- \n`).join('')}`,
      'deep.yml:',
    ],
  ])(
    '%s nesting thousands deep: one error naming the file, line and the limit (no internal message)',
    (_kind, text, where) => {
      const errors = errorsOf(text, 'deep.yml');
      expect(errors).toHaveLength(1);
      const line = formatConfigIssue(errors[0]!);
      expect(line.startsWith(where)).toBe(true);
      expect(line).toContain(`nested deeper than ${CONFIG_LIMITS.maxYamlDepth} levels`);
      expect(line).not.toMatch(/stack|internal|RangeError/i);
    },
  );

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a %s key anywhere, naming the path', (key) => {
    const text = `asn: 65000\nbgpgroups:\n  - name: rr\n    type: mesh\n    source:\n      sourcetype: static\n      addresses: [10.0.0.1]\n      ${key}: {polluted: true}\nsafety: {${key}: 1}\n`;
    const schemas = new Map([['static', z.strictObject({ addresses: z.array(z.string()) })]]);
    const result = loadConfig({ text, origin: 'p.yml' }, {}, { sourceSchemas: schemas });
    expect(result.ok ? [] : result.errors.map(formatConfigIssue)).toEqual([
      `p.yml:8:7: bgpgroups[0].source.${key}: this key name is not allowed anywhere (found "${key}"; allowed: keys other than __proto__, constructor and prototype)`,
      `p.yml:9:10: safety.${key}: this key name is not allowed anywhere (found "${key}"; allowed: keys other than __proto__, constructor and prototype)`,
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('"is required" always says what is allowed (issue 11 item 10)', () => {
  const base = {
    asn: '65000',
    bgpgroups: [
      { name: 'rr', type: 'mesh', source: { sourcetype: 'dns', hostname: 'rr' } },
      { name: 'c', type: 'subtractive', prefixes: ['10.0.0.0/8'] },
    ],
  };
  const without = (path: (string | number)[]): unknown => {
    const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
    let node: Record<string | number, unknown> = copy;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    delete node[path.at(-1)!];
    return copy;
  };
  it.each([
    [['asn']],
    [['bgpgroups']],
    [['bgpgroups', 0, 'name']],
    [['bgpgroups', 0, 'type']],
    [['bgpgroups', 0, 'source']],
    [['bgpgroups', 0, 'source', 'hostname']],
    [['bgpgroups', 1, 'name']],
    [['bgpgroups', 1, 'type']],
    [['bgpgroups', 1, 'prefixes']],
  ])('missing %j', (path) => {
    const schemas = new Map([['dns', z.strictObject({ hostname: z.string(), port: z.number().optional() })]]);
    const result = loadConfig(
      { text: JSON.stringify(without(path)), origin: 'r.json' },
      {},
      { sourceSchemas: schemas },
    );
    const issues = result.ok ? [] : result.errors;
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(issue.message).toMatch(/required/);
      expect(issue.allowed, formatConfigIssue(issue)).toBeTruthy();
    }
  });

  it('a provider option the schema requires says what it expects', () => {
    const schemas = new Map([['k', z.strictObject({ service: z.string(), mode: z.enum(['a', 'b']) })]]);
    const result = loadConfig(
      { text: 'asn: 1\nbgpgroups:\n- {name: m, type: mesh, source: {sourcetype: k}}\n', origin: 'o.yml' },
      {},
      { sourceSchemas: schemas },
    );
    expect(result.ok ? [] : result.errors.map(formatConfigIssue)).toEqual([
      'o.yml:3:33: bgpgroups[0].source.service: is required (allowed: a string)',
      'o.yml:3:33: bgpgroups[0].source.mode: is required (allowed: a, b)',
    ]);
  });
});
