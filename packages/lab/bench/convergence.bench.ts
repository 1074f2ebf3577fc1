/**
 * Benchmark: a route-reflector pod appears in DNS → its BGP sessions are Established on all its
 * mesh peers (scale-up), and the same after a replacement (delete pod → new address). Real FRR,
 * bind9 (TTL 1 s) and meshrr agents in network namespaces. Prints medians next to meshrr's
 * reference: a 30 s poll period, i.e. 0–30 s (median 15 s) before a change is even seen.
 *
 * Run (root, agent built): npm run bench   (or: npx tsx --tsconfig ../../tsconfig.base.json
 * --conditions=@meshrr/source bench/convergence.bench.ts [runs])
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  checkPrerequisites,
  labAddRouteReflector,
  labDown,
  labReplace,
  labUp,
  waitForStatus,
  type LabStatus,
} from '../src/index.js';

const AGENT_MAIN = resolve(import.meta.dirname, '../../agent/dist/main.js');
const TOPOLOGY = resolve(import.meta.dirname, 'convergence.topology.yml');
const RUNS = Number(process.argv[2] ?? 5);
const MESHRR_POLL_S = 30;

/** Every RR of group rr has an Established session with every other RR, and `name` is at `address`. */
function meshed(status: LabStatus, name: string, address: string): boolean {
  const rrs = status.routers.filter((r) => r.kind === 'rr');
  const at = rrs.find((r) => r.name === name);
  if (at?.address !== address) return false;
  return rrs.every((r) =>
    rrs.filter((o) => o !== r).every((o) => r.sessions.some((s) => s.peer === o.address && s.state === 'Established')),
  );
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

async function measure(): Promise<{ appear: number[]; replace: number[] }> {
  const stateDir = mkdtempSync(join(tmpdir(), 'mlab-bench-'));
  const lab = await labUp(TOPOLOGY, { stateDir, agentMain: AGENT_MAIN, labId: 'bench' });
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

const report = checkPrerequisites();
const agentHelp = spawnSync(process.execPath, [AGENT_MAIN, 'run', '--help'], { encoding: 'utf8' });
if (!report.root || report.missing.length > 0) {
  console.log(`convergence bench skipped: ${report.root ? `missing ${report.missing.join(', ')}` : 'needs root'}`);
} else if (agentHelp.status !== 0 || !agentHelp.stdout.includes('--frr-templates')) {
  console.log(
    `convergence bench skipped: the agent ${AGENT_MAIN} cannot run the FRR platform yet (build packages/agent)`,
  );
} else {
  const { appear, replace } = await measure();
  const row = (what: string, values: number[]): string => {
    const ms = median(values);
    return `| ${what} | ${values.length} | ${(ms / 1000).toFixed(2)} s | ${(Math.min(...values) / 1000).toFixed(2)}–${(Math.max(...values) / 1000).toFixed(2)} s | ${(((MESHRR_POLL_S / 2) * 1000) / ms).toFixed(1)}× |`;
  };
  console.log(
    '\n| in DNS → sessions Established on all peers | runs | median | range | vs meshrr (30 s poll: median 15 s, up to 30 s, before CoreDNS cache) |',
  );
  console.log('|---|---|---|---|---|');
  console.log(row('new pod (scale up)', appear));
  console.log(row('replaced pod (new address)', replace));
  console.log(
    `\ntarget ≤ 3 s with TTL 1 s; meshrr reference is its fixed ${MESHRR_POLL_S} s poll period (not run here: no Python meshrr + cRPD on this machine)`,
  );
}
