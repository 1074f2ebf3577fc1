import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { DiscoveredPeer } from '../api/peer.js';
import type { ManagedState } from '../api/state.js';
import { applyManagedChange } from '../desired/applyManagedChange.js';
import { computeDesiredState } from '../desired/computeDesiredState.js';
import { diffManagedState, toManagedState } from '../desired/diffManagedState.js';
import { STATEMENT_KINDS } from '../api/state.js';
import { EMPTY_PEER_MEMORY } from '../desired/peerMemory.js';
import { guardRemovals } from '../engine/guards.js';
import { EMPTY_REMOVAL_LEDGER } from '../engine/removalLedger.js';
import { checkPeerAddress, cidrContains, parseCidr, sortIpAddressTexts } from '../net/index.js';
import { formatConfigIssue } from './issues.js';
import { loadConfig } from './loadConfig.js';

/*
 * Issue 11 "done when": a fuzz run of a few hundred generated configurations through validate
 * (loadConfig) and plan (the desired state, the guards and the change), part of `npm test`.
 * Bounded by count, not wall clock: FUZZ_RUNS configurations. The seed differs per run and is
 * printed; replay a failure with MESHRR_FUZZ_SEED=<seed> (fast-check also prints the path).
 */
const FUZZ_RUNS = Number(process.env['MESHRR_FUZZ_RUNS'] ?? 300);
const SEED = Number(process.env['MESHRR_FUZZ_SEED'] ?? Math.floor(Math.random() * 0x7fffffff));

const hostileText = fc.constantFrom(
  '',
  ' ',
  '__proto__',
  'constructor',
  '-bad-',
  '☃',
  'a'.repeat(300),
  '../../etc/passwd',
  '/dev/zero',
  '${HOME}',
  '0x1F',
  'null',
  '1e400',
);
const address = fc.oneof(
  fc.constantFrom(
    '10.0.0.1',
    '10.0.0.2',
    '10.0.1.7',
    '192.0.2.1',
    '2001:db8::1',
    'fd00::5',
    '240.0.0.1',
    '0.0.0.1',
    '::ffff:10.0.0.5',
    '224.0.0.5',
    '127.0.0.1',
    '10.0.0.01',
    '10.0.0.256',
  ),
  fc.ipV4(),
  fc.ipV6(),
);
const prefix = fc.oneof(
  fc.constantFrom(
    '10.0.0.0/8',
    '10.0.0.0/24',
    '10.0.0.1/8',
    '0.0.0.0/0',
    '::/0',
    '2001:db8::/32',
    '::ffff:10.0.0.0/104',
  ),
  fc.tuple(fc.ipV4(), fc.integer({ min: -1, max: 33 })).map(([ip, len]) => `${ip}/${len}`),
  fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 129 })).map(([ip, len]) => `${ip}/${len}`),
);
const scalar = fc.oneof(hostileText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const groupName = fc.oneof(fc.constantFrom('MESH', 'CLIENTS', 'UP', 'rr', 'mesh'), hostileText);
const source = fc.oneof(
  fc.record({ sourcetype: fc.constant('static'), addresses: fc.array(address, { maxLength: 6 }) }),
  fc.record({
    sourcetype: fc.constant('dns'),
    hostname: fc.oneof(fc.constantFrom('rr.example.net', 'rr'), hostileText),
  }),
  fc.record(
    { sourcetype: fc.constantFrom('static', 'dns', 'nope', 'STATIC'), extra: scalar },
    { requiredKeys: ['sourcetype'] },
  ),
  scalar,
);
const group = fc.record(
  {
    name: groupName,
    type: fc.oneof(fc.constantFrom('mesh', 'subtractive', 'MESH', 'ring'), scalar),
    source,
    prefixes: fc.oneof(fc.array(prefix, { maxLength: 6 }), scalar),
    asranges: fc.array(fc.oneof(fc.constantFrom('65001-65100', '65100-65001', '65000.1', '4294967296'), scalar), {
      maxLength: 3,
    }),
    max_peers: fc.oneof(fc.integer({ min: -1, max: 5 }), scalar),
    colour: scalar,
  },
  { requiredKeys: ['name', 'type'] },
);
const configObject = fc.record(
  {
    encrypted_root_pw: fc.oneof(fc.constant('NOLOGIN'), hostileText),
    asn: fc.oneof(fc.constantFrom('65000', '65000.1', 0, 4294967296, '4294967295'), scalar),
    mode: fc.oneof(fc.constantFrom('ipv4rr', 'evpnrs', 'routereflector', 'routeserver'), scalar),
    bgpgroups: fc.oneof(fc.array(group, { maxLength: 6 }), scalar),
    safety: fc.oneof(
      fc.record(
        {
          max_removal_share: fc.oneof(fc.double({ min: -1, max: 2 }), scalar),
          removal_window_seconds: fc.oneof(fc.integer({ min: -5, max: 1000 }), scalar),
          min_group_peers: fc.oneof(fc.integer({ min: -1, max: 5 }), scalar),
          allow_large_removals: fc.oneof(fc.boolean(), scalar),
        },
        { requiredKeys: [] },
      ),
      scalar,
    ),
    commit: fc.oneof(
      fc.record(
        { confirm_timeout_seconds: fc.oneof(fc.integer({ min: -1, max: 400 }), scalar), verify_seconds: scalar },
        { requiredKeys: [] },
      ),
      scalar,
    ),
    plugins: fc.oneof(fc.array(hostileText, { maxLength: 2 }), scalar),
  },
  { requiredKeys: ['bgpgroups'] },
);
/** A configuration that should load: distinct names, disjoint static addresses and prefixes per group. */
const validConfigObject = fc
  .tuple(
    fc.array(fc.tuple(fc.boolean(), fc.nat({ max: 5 }), fc.nat({ max: 3 }), fc.nat({ max: 4 })), {
      minLength: 1,
      maxLength: 6,
    }),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.integer({ min: 1, max: 900 }),
    fc.nat({ max: 3 }),
    fc.constantFrom('ipv4rr', 'evpnrs'),
  )
  .map(([groups, share, window, minPeers, mode]) => ({
    encrypted_root_pw: 'NOLOGIN',
    asn: '65000',
    mode,
    bgpgroups: groups.map(([mesh, count, maxPeers, prefixes], i) =>
      mesh
        ? {
            name: `G${i}`,
            type: 'mesh',
            ...(maxPeers > 0 ? { max_peers: maxPeers } : {}),
            source: {
              sourcetype: 'static',
              addresses: Array.from({ length: count }, (_, k) =>
                k % 2 === 0 ? `10.${i}.0.${k + 1}` : `fd00::${i}:${k}`,
              ),
            },
          }
        : {
            name: `G${i}`,
            type: 'subtractive',
            prefixes: Array.from({ length: prefixes }, (_, k) => (k === 3 ? `fd0${i}::/16` : `10.${i}.${k * 64}.0/18`)),
            ...(prefixes % 2 === 1 ? { asranges: ['65001-65100'] } : {}),
          },
    ),
    safety: { max_removal_share: share, removal_window_seconds: window, min_group_peers: minPeers },
  }));
/** The YAML text, sometimes cut short or with a line of junk inserted (what an editor leaves behind). */
const configText = fc
  .tuple(
    fc.oneof({ arbitrary: validConfigObject, weight: 2 }, { arbitrary: configObject, weight: 1 }),
    fc.nat({ max: 9 }),
    fc.nat(),
    fc.constantFrom(': :', '\t- [', '&a *a', '!!binary x', '"'),
  )
  .map(([object, damage, at, junk]) => {
    const text = stringify(object);
    if (damage === 0) return text.slice(0, at % (text.length + 1));
    if (damage === 1) {
      const cut = at % (text.length + 1);
      return `${text.slice(0, cut)}${junk}${text.slice(cut)}`;
    }
    return text;
  });

/** The canonical unicast addresses of `list` (what discovery passes on after core's address policy). */
function unicast(list: readonly string[]): string[] {
  const out = new Set<string>();
  for (const text of list) {
    const check = checkPeerAddress(text);
    if (check.ok) out.add(check.address);
  }
  return [...out];
}
const discoveredPeers = fc
  .array(address, { maxLength: 8 })
  .map((list): DiscoveredPeer[] => unicast(list).map((a) => ({ address: a, labels: {} })));
const deviceState = fc
  .array(fc.tuple(fc.constantFrom('MESH', 'CLIENTS', 'UP', 'OLD', 'mesh'), fc.array(address, { maxLength: 5 })), {
    maxLength: 4,
  })
  .map((groups): ManagedState => {
    const seen = new Set<string>();
    const byName = new Map<string, string[]>();
    for (const [name, list] of groups) {
      const peers = unicast(list).filter((a) => !seen.has(a));
      for (const a of peers) seen.add(a);
      byName.set(name, [...(byName.get(name) ?? []), ...peers]);
    }
    return {
      gracefulShutdown: false,
      groups: [...byName]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([name, neighbors]) => ({
          name,
          neighbors: sortIpAddressTexts(new Set(neighbors)),
          allow: [],
          peerAsRanges: [],
        })),
    };
  });

describe(`fuzz: ${FUZZ_RUNS} generated configurations through validate and plan (seed ${SEED})`, () => {
  it('validate never throws and names the field of every error; plan keeps every invariant', () => {
    console.log(`fuzz seed ${SEED} (replay: MESHRR_FUZZ_SEED=${SEED})`);
    let loaded = 0;
    fc.assert(
      fc.property(
        configText,
        fc.array(discoveredPeers, { minLength: 6, maxLength: 6 }),
        deviceState,
        (text, found, actual) => {
          const result = loadConfig({ text, origin: 'fuzz.yml' });
          if (!result.ok) {
            expect(result.errors.length).toBeGreaterThan(0);
            for (const issue of result.errors) {
              expect(issue.file).toBe('fuzz.yml');
              expect(formatConfigIssue(issue)).toMatch(/^fuzz\.yml(:\d+:\d+)?: \S/);
            }
            return;
          }
          loaded += 1;
          const config = result.config;
          const discovered = new Map(
            config.groups.filter((g) => g.kind === 'mesh').map((g, i) => [g.name, found[i % 6]!]),
          );
          const input = {
            config,
            identity: { routerId: '10.255.255.1', addresses: ['10.255.255.1'] },
            discovered,
            actual,
            sessions: [],
            memory: EMPTY_PEER_MEMORY,
            now: 1_000_000,
            gracefulShutdown: false,
          };
          const first = computeDesiredState(input);
          const held = guardRemovals(actual, first.change, config.safety, EMPTY_REMOVAL_LEDGER, input.now);
          const plan = held.length === 0 ? first : computeDesiredState({ ...input, held });
          // one address, one group; no neighbor inside an allow range; the change reaches the desired state
          const neighbors = plan.desired.groups.flatMap((g) => g.neighbors);
          expect(new Set(neighbors).size).toBe(neighbors.length);
          for (const g of plan.desired.groups)
            for (const range of g.allow) {
              const cidr = parseCidr(range);
              expect(cidr.ok).toBe(true);
              for (const n of neighbors) {
                const host = parseCidr(`${n}/${n.includes(':') ? 128 : 32}`);
                if (cidr.ok && host.ok) expect(cidrContains(cidr.cidr, host.cidr), `${n} in ${range}`).toBe(false);
              }
            }
          // the change applied leaves nothing to change, statements included (a device reads every kind)
          const want = toManagedState(plan.desired);
          const after = { ...applyManagedChange(actual, plan.change, want), statementsRead: STATEMENT_KINDS };
          expect(diffManagedState(after, want)).toEqual({ groups: [] });
          expect(after.groups.map((g) => [g.name, g.neighbors, g.allow])).toEqual(
            want.groups.map((g) => [g.name, g.neighbors, g.allow]),
          );
          // every removal the guards held is still configured
          for (const h of held) expect(after.groups.find((g) => g.name === h.group)?.neighbors ?? []).toContain(h.peer);
        },
      ),
      { numRuns: FUZZ_RUNS, seed: SEED },
    );
    console.log(`fuzz: ${loaded} of ${FUZZ_RUNS} configurations were valid and planned`);
    // the plan half of the suite ran: about 2/3 × 4/5 of the configurations are generated valid and undamaged
    expect(loaded).toBeGreaterThanOrEqual(FUZZ_RUNS / 4);
  });
});
