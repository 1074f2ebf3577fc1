/**
 * Benchmark (issue 14, item 4): the desired state of one reconcile pass for large groups — one
 * mesh group of N discovered peers (IPv4 and IPv6, three zones) and three subtractive groups (one
 * a route server) — as the engine computes it (`DesiredStateMemo`: a pass whose inputs did not
 * change is answered from memory) against a fresh `computeDesiredState` of the same input (what
 * every pass cost before), interleaved round by round (the order rotates each round).
 * Every pass gets a new copy of the device state and the session list (as a device read returns),
 * the discovered sets of the discovery layer as they are, the peer memory of the previous pass, and
 * a later `now`; copying is outside the timed span.
 * Scenarios: nothing changed (the device holds the desired state, every session Established);
 * churn (10% of the peers vanished, two sessions down: a real change, computed afresh either way);
 * first pass in this process (cold JIT, one sample).
 * Targets: nothing changed ≤ 20 ms median at 50,000 peers (full mesh: the default, no max_peers;
 * and max_peers 16); full mesh of 5,000 peers ≤ 20 ms median, nothing changed and churn.
 * Env: BENCH_ROUNDS (rounds at 5,000 peers, default 21; a third of that at 50,000).
 */
import { performance } from 'node:perf_hooks';
import type { BgpSessionState, DiscoveredPeer, ManagedState, MeshrrConfig } from '../src/api/index.js';
import { benchReporter, interleave, single, summarize, type BenchRow } from '../src/bench/index.js';
import {
  computeDesiredState,
  DesiredStateMemo,
  EMPTY_PEER_MEMORY,
  structuralEqual,
  toManagedState,
  type DesiredStateInput,
  type DesiredStateResult,
} from '../src/desired/index.js';
import { meshGroup, subtractiveGroup, testConfig } from '../src/testing/index.js';
import { seededRandom } from './benchSupport.js';

const TARGET_MS = 20;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 21);
const identity = { routerId: '10.255.255.1', addresses: ['10.255.255.1', 'fd00::ffff'] };
const report = benchReporter(process.env);

function peers(n: number, random: () => number): DiscoveredPeer[] {
  const out = new Map<string, DiscoveredPeer>();
  while (out.size < n) {
    const i = out.size;
    const v = Math.floor(random() * 16_777_216);
    const address =
      i % 5 === 4
        ? `fd00::${(v >>> 16).toString(16)}:${(v & 0xffff).toString(16)}`
        : `10.${v >>> 16}.${(v >>> 8) & 255}.${v & 255}`;
    if (address !== identity.addresses[0])
      out.set(address, { address, labels: { zone: `zone-${i % 3}`, name: `rr-${i}` } });
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
  state.groups.flatMap((g) => g.neighbors.map((peer) => ({ peer, group: g.name, state: 'Established' as const })));

/** The input of a pass once the device holds the desired state and every session is up. */
function steadyInput(maxPeers: number | undefined, discovered: DiscoveredPeer[]): DesiredStateInput {
  const base: DesiredStateInput = {
    config: config(maxPeers),
    identity,
    discovered: new Map([['MESHRR-MESH', discovered]]),
    actual: { groups: [], gracefulShutdown: false },
    sessions: [],
    memory: EMPTY_PEER_MEMORY,
    now: 1_000_000,
    gracefulShutdown: false,
  };
  const first = computeDesiredState(base);
  const actual = toManagedState(first.desired);
  const settled = { ...base, actual, sessions: established(actual), memory: first.memory, now: base.now + 60_000 };
  return { ...settled, memory: computeDesiredState(settled).memory, now: settled.now + 60_000 };
}

/** 10% of the discovered peers vanished, two configured sessions went down. */
function churnInput(steady: DesiredStateInput): DesiredStateInput {
  const discovered = steady.discovered.get('MESHRR-MESH')!;
  const mesh = steady.actual.groups.find((g) => g.name === 'MESHRR-MESH')!.neighbors;
  const down = new Set(mesh.slice(0, 2));
  return {
    ...steady,
    discovered: new Map([['MESHRR-MESH', discovered.filter((_, i) => i % 10 !== 3)]]),
    sessions: steady.sessions.map((s) => (down.has(s.peer) ? { ...s, state: 'Active' as const } : s)),
  };
}

/** What a device read hands the next pass: new objects with the same content, and a later time. */
function nextPass(input: DesiredStateInput, now: number): DesiredStateInput {
  return { ...input, actual: structuredClone(input.actual), sessions: structuredClone(input.sessions), now };
}

function timed(fn: () => DesiredStateResult): { ms: number; result: DesiredStateResult } {
  const start = performance.now();
  const result = fn();
  return { ms: performance.now() - start, result };
}

const rows: BenchRow[] = [];
const wrongs: string[] = [];
let now = 10_000_000;
const cases: Array<{ n: number; maxPeers: number | undefined; target: boolean }> = [
  { n: 50_000, maxPeers: undefined, target: true },
  { n: 50_000, maxPeers: 16, target: true },
  { n: 5_000, maxPeers: undefined, target: true },
  { n: 5_000, maxPeers: 16, target: false },
];
for (const { n, maxPeers, target } of cases) {
  const discovered = peers(n, seededRandom(42));
  const mesh = maxPeers === undefined ? 'full mesh' : `max_peers ${maxPeers}`;
  const what = `${n.toLocaleString('en')} peers, ${mesh}`;
  const steady = steadyInput(maxPeers, discovered);
  if (rows.length === 0) {
    // The first computation of this process: nothing compiled yet (the agent's first pass).
    const cold = timed(() => computeDesiredState(nextPass(steady, (now += 1_000))));
    rows.push({
      case: `${what}: first pass in a fresh process (cold JIT, computed)`,
      candidate: { label: 'meshrr', summary: single(cold.ms) },
    });
  }
  const rounds = n >= 50_000 ? Math.max(3, Math.round(ROUNDS / 3)) : ROUNDS;
  for (const [scenario, input] of [
    ['nothing changed', steady],
    ['churn: 10% vanished, 2 sessions down', churnInput(steady)],
  ] as const) {
    const memo = new DesiredStateMemo();
    memo.compute(nextPass(steady, (now += 1_000))); // the previous pass
    let memoResult: DesiredStateResult | undefined;
    let freshResult: DesiredStateResult | undefined;
    const samples = await interleave(
      rounds,
      {
        fresh: () => {
          const pass = nextPass(input, now);
          const t = timed(() => computeDesiredState(pass));
          freshResult = t.result;
          return t.ms;
        },
        memo: () => {
          const pass = nextPass(input, (now += 1_000));
          const t = timed(() => memo.compute(pass));
          memoResult = t.result;
          return t.ms;
        },
      },
      { warmupRounds: 1 },
    );
    const same = structuralEqual({ ...memoResult!, memory: undefined }, { ...freshResult!, memory: undefined });
    if (!same) wrongs.push(`${what}, ${scenario}`);
    const result = memoResult!;
    const neighbors = result.desired.groups.find((g) => g.name === 'MESHRR-MESH')!.neighbors.length;
    const allow = result.desired.groups.reduce((k, g) => k + g.allow.length, 0);
    const changed = result.change.groups.reduce(
      (k, g) => k + g.addNeighbors.length + g.removeNeighbors.length + g.addAllow.length + g.removeAllow.length,
      0,
    );
    const withTarget = target && (scenario === 'nothing changed' || (n === 5_000 && maxPeers === undefined));
    rows.push({
      case: `${what}: ${scenario} (${neighbors} neighbors, ${allow} allow CIDRs, ${changed} changed entries)`,
      reference: { label: 'computed afresh', summary: summarize(samples.fresh) },
      candidate: { label: 'engine (memo)', summary: summarize(samples.memo) },
      ...(withTarget ? { target: { kind: 'ceiling' as const, stat: 'median' as const, atMost: TARGET_MS } } : {}),
      ...(same ? {} : { wrong: 'the memo returned something else than a fresh computation' }),
    });
  }
}

report.table({
  area: 'Large groups',
  title: "one pass's desired state (selection, subtraction, diff): engine (memoised) vs computed afresh",
  unit: 'ms',
  ratio: 'speedup',
  spans: [
    'engine: DesiredStateMemo.compute — compare the input with the last pass (configuration, discovered sets, device state, sessions, peer memory), then the remembered result, or compute afresh',
    'computed afresh: computeDesiredState of the same input (selection, subtraction, diff)',
    'each pass: new copies of device state and sessions (as read from a device), a later now; copying not timed',
  ],
  settings:
    'default settings (full mesh: no max_peers) in the headline rows, max_peers 16 as extra rows; one mesh group + 3 subtractive groups; ' +
    `${ROUNDS} interleaved rounds at 5,000 peers, ${Math.max(3, Math.round(ROUNDS / 3))} at 50,000 (after 1 warm-up round)`,
  notes: [
    'churn is a real change: the engine computes it afresh too (its figure is the fresh cost plus one comparison)',
    'the memo is proven equal to a fresh computation by a property test (desiredStateMemo.property.test.ts); here the results are compared again',
  ],
  rows,
});
process.exitCode = report.exitCode;
