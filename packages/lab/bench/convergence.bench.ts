/**
 * Benchmark: a route-reflector pod appears in DNS → its BGP sessions are Established on all its
 * mesh peers (scale-up), and the same after a replacement (delete pod → new address). Real FRR,
 * bind9 (TTL 1 s) and meshrr agents (the built bundle) in network namespaces. No reference row:
 * Python meshrr with cRPD cannot run here, and its 30 s poll is not claimed as a measurement.
 * Target: p99 ≤ 3 s with TTL 1 s.
 *
 * Run (root, agent built): npm run bench   (or: npx tsx --tsconfig ../../tsconfig.base.json
 * --conditions=@meshrr/source bench/convergence.bench.ts [runs])
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AGENT_MAIN, labBenchBlocker } from './benchGate.js';
import { labAddRouteReflector, labDown, labReplace, labUp, waitForStatus, type LabStatus } from '../src/index.js';
import { benchReporter, summarize, type BenchRow } from '@meshrr/core/bench';

const TOPOLOGY = resolve(import.meta.dirname, 'convergence.topology.yml');
const TUNED_TOPOLOGY = resolve(import.meta.dirname, 'convergence.tuned.topology.yml');
const RUNS = Number(process.argv[2] ?? 3);
const TARGET_MS = 3_000;
const report = benchReporter(process.env);

/** Every RR of group rr has an Established session with every other RR, and `name` is at `address`. */
function meshed(status: LabStatus, name: string, address: string): boolean {
  const rrs = status.routers.filter((r) => r.kind === 'rr');
  const at = rrs.find((r) => r.name === name);
  if (at?.address !== address) return false;
  return rrs.every((r) =>
    rrs.filter((o) => o !== r).every((o) => r.sessions.some((s) => s.peer === o.address && s.state === 'Established')),
  );
}

/** The two rows of one topology: scale-up and replacement, each with the ≤ 3 s target. */
function rowsFor(label: string, m: { appear: number[]; replace: number[] }): BenchRow[] {
  const target = { kind: 'ceiling', stat: 'p99', atMost: TARGET_MS } as const;
  return [
    { case: `new pod (scale up), ${label}`, candidate: { label: 'meshrr', summary: summarize(m.appear) }, target },
    {
      case: `replaced pod (new address), ${label}`,
      candidate: { label: 'meshrr', summary: summarize(m.replace) },
      target,
    },
  ];
}

async function measure(topology: string): Promise<{ appear: number[]; replace: number[] }> {
  const stateDir = mkdtempSync(join(tmpdir(), 'mlab-bench-'));
  const lab = await labUp(topology, { stateDir, agentMain: AGENT_MAIN, labId: 'bench' });
  const appear: number[] = [];
  const replace: number[] = [];
  try {
    await waitForStatus(
      lab,
      (s) => {
        const r = s.routers.find((x) => x.name === 'rr-0');
        return r !== undefined && meshed(s, 'rr-0', r.address);
      },
      90_000,
    );
    for (let run = 0; run < RUNS; run += 1) {
      const added = await labAddRouteReflector(lab, 'rr');
      appear.push((await waitForStatus(lab, (s) => meshed(s, added.router, added.address), 60_000)).elapsedMs);
      const replaced = await labReplace(lab, added.router);
      replace.push(
        (await waitForStatus(lab, (s) => meshed(s, replaced.router, replaced.newAddress), 60_000)).elapsedMs,
      );
    }
  } finally {
    await labDown(stateDir);
  }
  return { appear, replace };
}

const blocker = labBenchBlocker();
if (blocker !== undefined) {
  report.say(`lab convergence: skipped (${blocker})`);
} else {
  report.begin();
  const defaults = await measure(TOPOLOGY);
  const tuned = await measure(TUNED_TOPOLOGY);
  report.table({
    area: 'Lab convergence',
    title:
      'a route reflector appears in DNS → BGP sessions Established with all its mesh peers (real FRR, bind9, agents)',
    unit: 'ms',
    ratio: 'speedup',
    spans: [
      'new pod: the pod is added to DNS (nsupdate) → every RR of the mesh shows an Established session with it, and it with them',
      'replaced pod: the pod is deleted and a new one with a new address added → the same, for the new address',
    ],
    settings:
      'DNS TTL 1 s, FRR connect retry 1 s; headline rows: meshrr defaults (quiescence 0.5 s / 5 s, verify 5 s, vanished hold-down 30 s); tuned rows: quiescence 0.2 s / 1 s, verify 1 s, vanished hold-down 2 s',
    notes: ['no reference row: Python meshrr with cRPD cannot run here; its 30 s poll is not claimed as a measurement'],
    rows: [...rowsFor('defaults', defaults), ...rowsFor('tuned', tuned)],
  });
}
