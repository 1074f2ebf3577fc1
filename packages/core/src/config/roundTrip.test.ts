import { isBuiltin } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AddressFamily } from '../api/bgp.js';
import type {
  AsNumber,
  BgpGroupConfig,
  GroupBgpConfig,
  MeshrrConfig,
  MeshGroupConfig,
  SubtractiveGroupConfig,
} from '../api/config.js';
import { compareCidr, formatCidr, parseCidr, type Cidr } from '../net/index.js';
import { confirmBudgetMs } from '../engine/confirmDeadline.js';
import { formatConfigIssue, formatConfigYaml, loadConfig } from './index.js';

const asNumber: fc.Arbitrary<AsNumber> = fc.oneof(
  fc.integer({ min: 1, max: 4294967295 }).map((value) => ({ value, text: String(value) })),
  fc
    .tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }))
    .filter(([high, low]) => high + low > 0)
    .map(([high, low]) => ({ value: high * 65536 + low, text: `${high}.${low}` })),
);

const groupName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,20}$/);
const label = fc.stringMatching(/^[a-z](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
const hostname = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
const optionValue = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 3 }));
const optionKey = fc.stringMatching(/^[a-z][a-z_]{0,10}$/).filter((key) => key !== 'sourcetype' && key !== 'hostname');

const families = fc
  .uniqueArray(fc.constantFrom<AddressFamily>('ipv4-unicast', 'ipv6-unicast', 'ipv4-vpn', 'ipv6-vpn', 'l2vpn-evpn'), {
    minLength: 1,
    maxLength: 5,
  })
  .map((list) => [...list]);

/** The group BGP keys both group types have (no route-server-only keys); absent = not written. */
const commonBgp = fc.record(
  {
    families,
    familyTransport: fc.constantFrom('all' as const, 'matching' as const),
    authentication: fc.oneof(
      fc.constant(false as const),
      fc.constant({ method: 'md5' as const, keyFile: '/etc/meshrr/md5/key' }),
      fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })).map(([sendId, recvId]) => ({
        method: 'tcp-ao' as const,
        keyFile: '/etc/meshrr/ao/key',
        sendId,
        recvId,
        algorithm: 'aes-128-cmac-96' as const,
      })),
    ),
    timers: fc.oneof(
      fc.constant(false as const),
      fc.integer({ min: 3, max: 65_535 }).map((holdTimeS) => ({ holdTimeS })),
      fc.integer({ min: 3, max: 300 }).map((holdTimeS) => ({ holdTimeS, keepaliveS: Math.floor(holdTimeS / 3) })),
    ),
    bfd: fc.oneof(
      fc.constant(false as const),
      fc.record({
        minimumIntervalMs: fc.integer({ min: 50, max: 60_000 }),
        multiplier: fc.integer({ min: 2, max: 255 }),
      }),
    ),
    prefixLimit: fc.oneof(
      fc.constant(false as const),
      fc.integer({ min: 1, max: 4_294_967_295 }).map((maximum) => ({ maximum, warningOnly: false })),
      fc.integer({ min: 1, max: 1000 }).map((maximum) => ({ maximum, warningOnly: true })),
      fc
        .tuple(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 65_535 }))
        .map(([maximum, restartMinutes]) => ({ maximum, warningOnly: false, restartMinutes })),
    ),
  },
  { requiredKeys: [] },
);

const withBgp = <T extends BgpGroupConfig>(group: T, bgp: GroupBgpConfig): T =>
  Object.keys(bgp).length === 0 ? group : { ...group, bgp };

const meshGroup = (name: string): fc.Arbitrary<MeshGroupConfig> =>
  fc
    .tuple(
      fc.oneof(
        hostname.map((host) => ({ sourcetype: 'dns', options: { hostname: host } as Record<string, unknown> })),
        fc
          .tuple(fc.constantFrom('static', 'consul', 'my-cmdb'), fc.dictionary(optionKey, optionValue, { maxKeys: 3 }))
          .map(([sourcetype, options]) => ({ sourcetype, options })),
      ),
      fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
      commonBgp,
      fc.option(fc.boolean(), { nil: undefined }),
      fc.boolean(),
    )
    .map(([source, maxPeers, bgp, clients, noBalance]) =>
      withBgp<MeshGroupConfig>(
        maxPeers === undefined
          ? { kind: 'mesh', name, source }
          : noBalance
            ? { kind: 'mesh', name, source, maxPeers, balanceAcross: [] }
            : { kind: 'mesh', name, source, maxPeers },
        clients === undefined ? bgp : { ...bgp, routeReflectorClients: clients },
      ),
    );

/** Prefixes inside a region of its own per group (10.g.0.0/16 and fd00:g::/32), so groups never overlap. */
function prefixesOf(group: number): fc.Arbitrary<string[]> {
  const v4 = fc
    .tuple(fc.integer({ min: 16, max: 32 }), fc.integer({ min: 0, max: 0xffff }))
    .map(([length, bits]): Cidr => {
      const host = BigInt(bits) & ~((1n << BigInt(32 - length)) - 1n);
      return { family: 4, network: (10n << 24n) | (BigInt(group) << 16n) | host, length };
    });
  const v6 = fc
    .tuple(fc.integer({ min: 32, max: 128 }), fc.bigInt({ min: 0n, max: (1n << 96n) - 1n }))
    .map(([length, bits]): Cidr => {
      const host = bits & ~((1n << BigInt(128 - length)) - 1n);
      return { family: 6, network: (0xfd00n << 112n) | (BigInt(group) << 96n) | host, length };
    });
  return fc
    .array(fc.oneof(v4, v6), { minLength: 1, maxLength: 5 })
    .map((cidrs) => [...new Set([...cidrs].sort(compareCidr).map(formatCidr))]);
}

const asRange = fc
  .tuple(fc.integer({ min: 1, max: 4294967295 }), fc.integer({ min: 1, max: 4294967295 }))
  .map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b) }));

const subtractiveGroup = (name: string, index: number): fc.Arbitrary<SubtractiveGroupConfig> =>
  fc
    .tuple(
      prefixesOf(index),
      fc.array(asRange, { maxLength: 3 }),
      commonBgp,
      fc.record(
        {
          multihopTtl: fc.integer({ min: 1, max: 255 }),
          transparent: fc.boolean(),
          routeReflectorClients: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
    )
    .map(([prefixes, asRanges, bgp, extra]) => {
      const routeServer = asRanges.length > 0;
      const { routeReflectorClients, ...serverOnly } = extra;
      const own: GroupBgpConfig = routeServer
        ? { ...bgp, ...serverOnly, ...(routeReflectorClients === false ? { routeReflectorClients } : {}) }
        : { ...bgp, ...(routeReflectorClients === undefined ? {} : { routeReflectorClients }) };
      return withBgp<SubtractiveGroupConfig>({ kind: 'subtractive', name, prefixes, asRanges }, own);
    });

const groups: fc.Arbitrary<BgpGroupConfig[]> = fc
  .uniqueArray(groupName, { minLength: 1, maxLength: 6 })
  .chain((names) => fc.tuple(...names.map((name, index) => fc.oneof(meshGroup(name), subtractiveGroup(name, index)))));

const seconds = (max: number): fc.Arbitrary<number> => fc.integer({ min: 0, max });

const config: fc.Arbitrary<MeshrrConfig> = fc
  .record({
    encryptedRootPw: fc.stringMatching(/^[A-Za-z0-9./$=+_:*!-]{1,40}$/),
    asn: asNumber,
    mode: fc.constantFrom('ipv4rr' as const, 'evpnrs' as const),
    groups,
    updateSeconds: fc.integer({ min: 1, max: 86_400 }),
    safety: fc.record({
      maxRemovalShare: fc.double({ min: 0, max: 1, noNaN: true }).map((share) => share + 0),
      removalWindowMs: fc.integer({ min: 1_000, max: 10_000_000 }),
      minGroupPeers: fc.integer({ min: 0, max: 100 }),
      allowLargeRemovals: fc.boolean(),
      vanishedHoldDownMs: seconds(10_000_000),
    }),
    selection: fc.record({
      sessionPollMs: fc.integer({ min: 100, max: 100_000 }),
      sessionDownHoldMs: seconds(10_000_000),
      healthWindowMs: fc.integer({ min: 100, max: 1_000_000 }),
      penaltyMs: fc.integer({ min: 1_000, max: 1_000_000 }),
      penaltyMaxMs: fc.integer({ min: 1_000_000, max: 10_000_000 }),
      balanceDelayMs: seconds(1_000_000),
      balanceIntervalMs: seconds(1_000_000),
      balanceTolerance: fc.double({ min: 0, max: 1, noNaN: true }).map((t) => t + 0),
    }),
    quiescence: fc
      .tuple(seconds(100_000), seconds(100_000))
      .map(([a, b]) => ({ minMs: Math.min(a, b), maxMs: Math.max(a, b) })),
    commit: fc
      .tuple(
        fc.integer({ min: 1, max: 65_535 * 60 }),
        fc.string({ maxLength: 255 }).filter((text) => !/[\u0000-\u001f\u007f]/u.test(text)),
      )
      .chain(([confirmTimeoutS, comment]) =>
        seconds(confirmBudgetMs(confirmTimeoutS) - 1).map((verifyMs) => ({ confirmTimeoutS, comment, verifyMs })),
      ),
    plugins: fc.uniqueArray(
      // Built-in module names (os, fs, …) are refused as plugins (issue 11 item 9).
      fc.stringMatching(/^(?:@[a-z0-9][a-z0-9-]{0,8}\/)?[a-z0-9][a-z0-9._-]{0,12}$/).filter((name) => !isBuiltin(name)),
      { maxLength: 3 },
    ),
    platform: fc.record({
      name: fc.constantFrom('junos', 'frr', 'bird', 'gobgp-lab'),
      options: fc.dictionary(
        fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/).filter((k) => k !== 'name'),
        fc.string(),
        {
          maxKeys: 3,
        },
      ),
    }),
    extras: fc.record(
      {
        routerId: fc.ipV4().filter((ip) => ip !== '0.0.0.0'),
        gracefulRestart: fc.oneof(
          fc.constant(false as const),
          fc.record({
            restartTimeS: fc.integer({ min: 1, max: 600 }),
            staleRoutesTimeS: fc.integer({ min: 1, max: 600 }),
          }),
        ),
      },
      { requiredKeys: [] },
    ),
  })
  .map(({ extras, ...fields }) => ({ origin: 'generated.yml', ...fields, ...extras }));

describe('formatConfigYaml → loadConfig round trip (property)', () => {
  it('loads every valid configuration, written as YAML, back to the same MeshrrConfig', () => {
    fc.assert(
      fc.property(config, (expected) => {
        const result = loadConfig(
          { text: formatConfigYaml(expected), origin: expected.origin },
          { UPDATE_SECONDS: String(expected.updateSeconds) },
        );
        if (!result.ok) throw new Error(result.errors.map(formatConfigIssue).join('\n'));
        expect(result.config).toEqual(expected);
        expect(result.warnings).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('writes a meshrr configuration without any extension block', () => {
    const result = loadConfig();
    if (!result.ok) throw new Error('default did not load');
    expect(formatConfigYaml(result.config)).toBe(`encrypted_root_pw: NOLOGIN
asn: "65000"
mode: ipv4rr
bgpgroups:
  - name: MESHRR-MESH
    type: mesh
    source:
      sourcetype: dns
      hostname: meshrr
  - name: MESHRR-CLIENTS
    type: subtractive
    prefixes:
      - 0.0.0.0/0
  - name: MESHRR-UPSTREAM
    type: mesh
    source:
      sourcetype: dns
      hostname: meshrr.core.svc.cluster.local
    max_peers: 2
`);
  });

  it('generates only prefixes that parseCidr accepts as canonical', () => {
    fc.assert(
      fc.property(prefixesOf(3), (prefixes) =>
        prefixes.every((text) => {
          const parsed = parseCidr(text);
          return parsed.ok && formatCidr(parsed.cidr) === text;
        }),
      ),
    );
  });
});
