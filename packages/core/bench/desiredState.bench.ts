/**
 * Benchmark: `computeDesiredState` (selection, subtraction and the diff it includes) for one mesh
 * group of 5,000 discovered peers (IPv4 and IPv6, three zones) and three subtractive groups (one a
 * route server). Target: < 20 ms median for the steady state with `max_peers`.
 * Run: npm run bench -w @meshrr/core
 */
import type { BgpSessionState, DiscoveredPeer, ManagedState, MeshrrConfig } from '../src/api/index.js';
import {
  computeDesiredState,
  EMPTY_PEER_MEMORY,
  toManagedState,
  type DesiredStateInput,
} from '../src/desired/index.js';
import { meshGroup, subtractiveGroup, testConfig } from '../src/testing/index.js';
import { median, ms, printTable, seededRandom, timeRuns } from './benchSupport.js';

const TARGET_MS = 20;
const PEERS = 5_000;
const identity = { routerId: '10.255.255.1', addresses: ['10.255.255.1', 'fd00::ffff'] };

function peers(random: () => number): DiscoveredPeer[] {
  const out = new Map<string, DiscoveredPeer>();
  while (out.size < PEERS) {
    const i = out.size;
    const zone = `zone-${i % 3}`;
    const v = Math.floor(random() * 16_777_216);
    const address =
      i % 5 === 4
        ? `fd00::${(v >>> 16).toString(16)}:${(v & 0xffff).toString(16)}`
        : `10.${v >>> 16}.${(v >>> 8) & 255}.${v & 255}`;
    if (address !== identity.addresses[0]) out.set(address, { address, labels: { zone, name: `rr-${i}` } });
  }
  return [...out.values()];
}

function config(maxPeers: number | undefined): MeshrrConfig {
  return testConfig({
    groups: [
      meshGroup('MESHRR-MESH', maxPeers === undefined ? {} : { maxPeers }),
      subtractiveGroup('MESHRR-CLIENTS', ['10.0.0.0/10', 'fd00::/48']),
      subtractiveGroup('MESHRR-CLIENTS-B', ['10.64.0.0/10']),
      subtractiveGroup('MESHRR-RS', ['10.128.0.0/9', 'fd01::/48'], { asRanges: [{ start: 65_001, end: 65_500 }] }),
    ],
  });
}

const established = (state: ManagedState): BgpSessionState[] =>
  state.groups.flatMap((g) => g.neighbors.map((peer) => ({ peer, state: 'Established' as const })));

/** The input one reconcile sees once the device already holds the previous desired state. */
function steadyInput(maxPeers: number | undefined, discovered: DiscoveredPeer[]): DesiredStateInput {
  const empty: ManagedState = { groups: [], gracefulShutdown: false };
  const base = {
    config: config(maxPeers),
    identity,
    discovered: new Map([['MESHRR-MESH', discovered]]),
    actual: empty,
    sessions: [],
    memory: EMPTY_PEER_MEMORY,
    now: 1_000_000,
    gracefulShutdown: false,
  };
  const first = computeDesiredState(base);
  const actual = toManagedState(first.desired);
  return { ...base, actual, sessions: established(actual), memory: first.memory };
}

/** Steady state, then 10% of the discovered peers vanish and two configured sessions are down. */
function churnInput(steady: DesiredStateInput, discovered: DiscoveredPeer[]): DesiredStateInput {
  const mesh = steady.actual.groups.find((g) => g.name === 'MESHRR-MESH')!.neighbors;
  const down = new Set(mesh.slice(0, 2));
  const sessions = steady.sessions.map((s) => (down.has(s.peer) ? { ...s, state: 'Active' as const } : s));
  const memory = { ...steady.memory, downSince: Object.fromEntries([...down].map((p) => [p, 0])) };
  return {
    ...steady,
    discovered: new Map([['MESHRR-MESH', discovered.filter((_, i) => i % 10 !== 3)]]),
    sessions,
    memory,
  };
}

const discovered = peers(seededRandom(42));
const rows: string[][] = [];
let steadyWithMaxPeersMs = Number.NaN;
for (const maxPeers of [16, 1_000, undefined]) {
  const steady = steadyInput(maxPeers, discovered);
  const scenarios: Array<[string, DesiredStateInput]> = [
    [
      'first sync (empty device)',
      { ...steady, actual: { groups: [], gracefulShutdown: false }, sessions: [], memory: EMPTY_PEER_MEMORY },
    ],
    ['steady state (no change)', steady],
    ['churn (10% vanished, 2 down)', churnInput(steady, discovered)],
  ];
  for (const [name, input] of scenarios) {
    let result = computeDesiredState(input);
    const t = median(timeRuns(21, () => (result = computeDesiredState(input))));
    if (maxPeers === 16 && name.startsWith('steady')) steadyWithMaxPeersMs = t;
    const mesh = result.desired.groups.find((g) => g.name === 'MESHRR-MESH')!;
    const allow = result.desired.groups.reduce((n, g) => n + g.allow.length, 0);
    const changed = result.change.groups.reduce(
      (n, g) => n + g.addNeighbors.length + g.removeNeighbors.length + g.addAllow.length + g.removeAllow.length,
      0,
    );
    rows.push([
      String(maxPeers ?? 'none'),
      name,
      String(mesh.neighbors.length),
      String(allow),
      String(changed),
      ms(t),
      `${(t / TARGET_MS).toFixed(2)}`,
    ]);
  }
}
printTable(
  `computeDesiredState + diff: ${PEERS} discovered peers, 3 subtractive groups`,
  ['max_peers', 'scenario', 'neighbors', 'allow CIDRs', 'changed entries', 'median ms', 'x target'],
  rows,
  2,
);
console.log(
  `target: < ${TARGET_MS} ms median (max_peers 16, steady state: ${ms(steadyWithMaxPeersMs)} ms => ${steadyWithMaxPeersMs < TARGET_MS ? 'met' : 'NOT MET'})`,
);
