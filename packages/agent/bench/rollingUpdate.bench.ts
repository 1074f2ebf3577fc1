/**
 * Benchmark (issue 5, part 3): a 100-pod rolling update (maxSurge 1, maxUnavailable 0) seen by a
 * mesh group's source, through the real engine with a fake device that models BGP sessions
 * (a neighbor's session is Established from the commit that adds it, gone from the commit that
 * removes it; nothing else changes). Every step: the new pod becomes Ready (its address is added),
 * 300 ms later the old pod terminates (its address is removed); steps are 15 s apart. Timings are
 * the documented defaults (quiescence 0.5 s / 5 s, verify 5 s, vanished hold-down 30 s), run on a
 * FakeClock (this measures decisions, not latency), so ~25 simulated minutes take seconds.
 * Counted: commits, neighbors added/removed, untouched sessions flapped (a neighbor removed while
 * still discovered, an old pod added back, an address added or removed more than once; a group
 * re-created counts 1000), commits not confirmed.
 * Variant: `max_peers: 2` (a regional RR whose upstream core tier rolls): upstream re-selections
 * versus the minimum necessary (2: each originally selected pod has to be replaced once, by a pod
 * already rolled). Reference in the same run: what the full-mesh group must change at the least
 * (100 adds, 100 removes). Never fails on counts: it prints them.
 */
import type { CommitOptions, MeshrrConfig } from '@meshrr/core';
import { FakeClock, meshGroup, subtractiveGroup, testConfig } from '@meshrr/core/testing';
import { benchEngine, TimedFakeDevice } from './benchEngine.js';
import { benchReporter, single, summarize, type Figure } from '@meshrr/core/bench';

const PODS = Number(process.env['BENCH_PODS'] ?? 100);
const report = benchReporter(process.env);
const STEP_MS = 15_000;
const TERMINATE_AFTER_MS = 300;
const TICK_MS = 250;
const ROUTER_IDS = ['10.2.0.1', '10.2.0.2', '10.2.0.3', '10.2.0.4', '10.2.0.5'];
const oldPod = (i: number): string => `10.1.${i >> 8}.${(i & 255) + 1}`;
const newPod = (i: number): string => `10.1.${128 + (i >> 8)}.${(i & 255) + 1}`;

/** A fake device whose BGP sessions follow its configuration at every commit (instant bring-up, instant teardown). */
class SessionModelDevice extends TimedFakeDevice {
  override commit(session: number, options: CommitOptions): void {
    super.commit(session, options);
    const configured = new Set(this.running.groups.flatMap((g) => g.neighbors));
    this.setBgpSessions(this.bgpSessions.filter((s) => configured.has(s.peer)));
    this.establishConfigured();
  }
}

interface Outcome {
  readonly commits: number;
  readonly added: number;
  readonly removed: number;
  readonly flapped: number;
  readonly notConfirmed: number;
  readonly maxNeighbors: number;
  readonly allowChanges: number;
}

/** Runs the rolling update against a group `MESH` configured by `group`; counts what the device saw. */
async function roll(group: MeshrrConfig['groups'][number], routerId = ROUTER_IDS[0]!): Promise<Outcome> {
  const clock = new FakeClock();
  const config = testConfig({ groups: [group, subtractiveGroup('CLIENTS', ['10.0.0.0/8'])] });
  const device = new SessionModelDevice(clock);
  const bench = benchEngine(
    config,
    { routerId, addresses: [routerId] },
    { clock, device, engine: { mode: 'apply', sessionPollMs: 5_000 } },
  );
  const source = bench.memory.group('MESH');
  const peers = new Set(Array.from({ length: PODS }, (_, i) => oldPod(i)));
  source.setPeers([...peers]);
  const stop = new AbortController();
  const running = bench.engine.start(stop.signal);
  let maxNeighbors = 0;
  const advance = async (ms: number): Promise<void> => {
    for (let t = 0; t < ms; t += TICK_MS) {
      await clock.advance(Math.min(TICK_MS, ms - t));
      maxNeighbors = Math.max(
        maxNeighbors,
        device.running.groups.find((g) => g.name === 'MESH')?.neighbors.length ?? 0,
      );
    }
  };
  await advance(10_000);
  const initialCommits = device.commits.length;
  const removedAt = new Map<string, number>();
  for (let i = 0; i < PODS; i += 1) {
    peers.add(newPod(i));
    source.setPeers([...peers]);
    await advance(TERMINATE_AFTER_MS);
    peers.delete(oldPod(i));
    removedAt.set(oldPod(i), clock.now());
    source.setPeers([...peers]);
    await advance(STEP_MS - TERMINATE_AFTER_MS);
  }
  await advance(3 * config.safety.vanishedHoldDownMs);
  stop.abort();
  await running;
  return { ...count(device, initialCommits, removedAt), maxNeighbors };
}

/** Counts, over the commits after the initial one, what was added, removed and flapped. */
function count(
  device: SessionModelDevice,
  initialCommits: number,
  removedAt: ReadonlyMap<string, number>,
): Omit<Outcome, 'maxNeighbors'> {
  const commits = device.commits.slice(initialCommits);
  const adds = new Map<string, number>();
  const removes = new Map<string, number>();
  let flapped = 0;
  let allowChanges = 0;
  for (const c of commits) {
    for (const g of c.change.groups) {
      allowChanges += g.addAllow.length + g.removeAllow.length;
      if (g.name !== 'MESH') continue;
      if (g.create || g.remove) flapped += 1_000;
      for (const p of g.addNeighbors) adds.set(p, (adds.get(p) ?? 0) + 1);
      for (const p of g.removeNeighbors) {
        removes.set(p, (removes.get(p) ?? 0) + 1);
        const gone = removedAt.get(p);
        if (gone === undefined || gone > c.at) flapped += 1;
      }
    }
  }
  // an old pod added back, or any address added or removed more than once, is a flap too
  for (const [p, n] of adds) flapped += n - 1 + (removedAt.has(p) ? 1 : 0);
  for (const [, n] of removes) flapped += n - 1;
  const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
  const notConfirmed = commits.filter((c) => c.outcome !== 'confirmed').length;
  return { commits: commits.length, added: sum(adds), removed: sum(removes), flapped, notConfirmed, allowChanges };
}

report.begin();
const full = await roll(meshGroup('MESH'));
const cappedRuns: Outcome[] = [];
for (const routerId of ROUTER_IDS) cappedRuns.push(await roll(meshGroup('MESH', { maxPeers: 2 }), routerId));
const over = (pick: (o: Outcome) => number): Figure => ({
  label: `meshrr (${ROUTER_IDS.length} router ids)`,
  summary: summarize(cappedRuns.map(pick)),
});
const once = (value: number): Figure => ({ label: 'meshrr', summary: single(value) });
report.table({
  area: 'Rolling update',
  title: `${PODS}-pod rolling update seen by a mesh group, real engine + session-model device, default timings on a FakeClock`,
  unit: 'count',
  ratio: 'multiple',
  spans: [
    `every ${STEP_MS / 1000} s a new pod becomes Ready (added), ${TERMINATE_AFTER_MS} ms later the old one terminates (removed): maxSurge 1, maxUnavailable 0`,
    'counted over the commits after the initial one; max_peers 2 rows: one run per router id (rendezvous scores differ), min / median / max over them',
  ],
  settings: 'defaults: quiescence 0.5 s / 5 s, verify 5 s, vanished hold-down 30 s, session poll 5 s',
  notes: [
    'targets are the minimum necessary: full mesh adds each new pod once; max_peers 2 re-selects each originally selected upstream once (2)',
    'a flap = an untouched session removed, an old pod added back, an address added or removed twice; a group re-created counts 1000',
    'the fake device does not model session resets caused by configuration changes, so flaps are counted from the committed changes',
  ],
  rows: [
    {
      case: 'full mesh: neighbors added',
      candidate: once(full.added),
      target: { kind: 'ceiling', stat: 'max', atMost: PODS },
    },
    {
      case: 'full mesh: untouched sessions flapped',
      candidate: once(full.flapped),
      target: { kind: 'ceiling', stat: 'max', atMost: 0 },
    },
    {
      case: 'full mesh: commits not confirmed',
      candidate: once(full.notConfirmed),
      target: { kind: 'ceiling', stat: 'max', atMost: 0 },
    },
    { case: 'full mesh: commits (per step ≈ 2)', candidate: once(full.commits) },
    {
      case: 'max_peers 2: upstream re-selections',
      candidate: over((o) => o.added),
      target: { kind: 'ceiling', stat: 'max', atMost: 2 },
    },
    {
      case: 'max_peers 2: untouched sessions flapped',
      candidate: over((o) => o.flapped),
      target: { kind: 'ceiling', stat: 'max', atMost: 0 },
    },
    {
      case: 'max_peers 2: commits not confirmed',
      candidate: over((o) => o.notConfirmed),
      target: { kind: 'ceiling', stat: 'max', atMost: 0 },
    },
    { case: 'max_peers 2: commits', candidate: over((o) => o.commits) },
  ],
});
