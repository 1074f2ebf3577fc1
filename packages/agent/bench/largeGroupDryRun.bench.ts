/**
 * Benchmark (issue 14, item 4): memory and output of a 10,000-peer group in `meshrr run --dry-run`
 * (the BUILT agent, `dist/main.js`). One mesh group of 10,000 static peers (a peer file, re-read
 * when it changes) and a subtractive group over their /8, defaults otherwise except a short
 * quiescence and verify wait. Spans: spawn → the first change written (a first sync: the whole
 * configuration); then one peer is added to the file → the second change written. Figures:
 * bytes the agent wrote for each change (every file of the change plus the managed state), its
 * peak RSS (VmHWM) and RSS after the second change, and the wall times. Targets: a one-peer change
 * writes ≤ 1 MiB (the issue sets no RSS figure: peak and resident RSS are reported). Every process
 * started is stopped.
 * Env: BENCH_RUNS (agent runs, default 3).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { AGENT_NODE_FLAGS, benchReporter, summarize } from '@meshrr/core/bench';
import { procStatusMiB, startDryRunAgent, stopProcess } from './agentProcess.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const PEERS = 10_000;
const WRITE_TARGET_KIB = 1_024;
const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'main.js');
const report = benchReporter(process.env);

const CONFIG = `encrypted_root_pw: NOLOGIN
asn: "65000"
mode: ipv4rr
bgpgroups:
- name: MESHRR-MESH
  type: mesh
  source: { sourcetype: static, file: peers.txt }
- name: MESHRR-CLIENTS
  type: subtractive
  prefixes: [10.0.0.0/8]
quiescence: { min_seconds: 0.2, max_seconds: 1 }
commit: { verify_seconds: 0.2 }
`;

/** 10,000 distinct addresses in 10.0.0.0/8 (deterministic), one per line. */
function peerLines(): string[] {
  const out = new Set<string>();
  let x = 12_345;
  while (out.size < PEERS) {
    x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0;
    const v = x & 0xffffff;
    out.add(`10.${v >>> 16}.${(v >>> 8) & 255}.${v & 255}`);
  }
  return [...out];
}

/** Bytes of the files of change `n` plus the managed-state files (what that change wrote). */
function bytesOfChange(dir: string, n: number): number {
  const prefix = String(n).padStart(4, '0');
  const changes = join(dir, 'changes');
  let bytes = 0;
  for (const name of readdirSync(changes))
    if (name.startsWith(`${prefix}.`)) bytes += statSync(join(changes, name)).size;
  for (const name of readdirSync(dir))
    if (
      name.startsWith('managed-state') &&
      statSync(join(dir, name)).mtimeMs >= statSync(join(changes, `${prefix}.plan.json`)).mtimeMs - 1_000
    )
      bytes += statSync(join(dir, name)).size;
  return bytes;
}

async function waitForChange(dir: string, n: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const file = join(dir, 'changes', `${String(n).padStart(4, '0')}.plan.json`);
  const t0 = performance.now();
  for (;;) {
    if (existsSync(file)) {
      await sleep(300); // the managed state is written right after the plan file
      return;
    }
    if (child.exitCode !== null) throw new Error(`the agent exited (${child.exitCode}): ${stderr()}`);
    if (performance.now() - t0 > 120_000) throw new Error(`no change ${n} after 120 s: ${stderr()}`);
    await sleep(20);
  }
}

const figures = {
  firstMs: [] as number[],
  secondMs: [] as number[],
  firstMiB: [] as number[],
  secondKiB: [] as number[],
  peak: [] as number[],
  rss: [] as number[],
};

if (!existsSync(MAIN)) {
  report.say(`large-group dry run: ${MAIN} is missing; build the agent first. Skipped.`);
} else {
  const base = await mkdtemp(join(tmpdir(), 'meshrr-bench-large-'));
  try {
    const lines = peerLines();
    const extra = ['10.255.255.254', '10.255.255.253', '10.255.255.252'].find((a) => !lines.includes(a))!;
    await writeFile(join(base, 'meshrr.conf.yml'), CONFIG);
    report.begin();
    for (let run = 0; run < RUNS; run += 1) {
      await writeFile(join(base, 'peers.txt'), `${lines.join('\n')}\n`);
      const dir = join(base, `run-${run}`);
      const t0 = performance.now();
      const { child, stderr } = await startDryRunAgent(
        [...AGENT_NODE_FLAGS, MAIN],
        join(base, 'meshrr.conf.yml'),
        dir,
        {
          ...process.env,
          POD_IP: '10.255.0.1',
        },
      );
      try {
        await waitForChange(dir, 1, child, stderr);
        figures.firstMs.push(performance.now() - t0);
        figures.firstMiB.push(bytesOfChange(dir, 1) / 1_048_576);
        await sleep(1_500);
        const t1 = performance.now();
        await writeFile(join(base, 'peers.txt'), `${[...lines, extra].join('\n')}\n`);
        await waitForChange(dir, 2, child, stderr);
        figures.secondMs.push(performance.now() - t1);
        figures.secondKiB.push(bytesOfChange(dir, 2) / 1_024);
        figures.peak.push(procStatusMiB(child.pid!, 'VmHWM'));
        figures.rss.push(procStatusMiB(child.pid!, 'VmRSS'));
      } finally {
        await stopProcess(child);
      }
    }
  } finally {
    await rm(base, { recursive: true, force: true });
  }
  report.table({
    area: 'Large groups',
    title: `a ${PEERS.toLocaleString('en')}-peer group in meshrr run --dry-run (built agent): output written and memory`,
    unit: 'MiB',
    ratio: 'speedup',
    spans: [
      'first change: spawn → changes/0001.plan.json written (discovery, first sync: the whole configuration)',
      'one-peer change: one peer added to the peer file → changes/0002.plan.json written (file re-read, quiescence, render, commit, verify 0.2 s): one neighbor and its allow-list split',
      'written: bytes of the files of that change plus managed-state files written with it; peak: VmHWM after the second change',
    ],
    notes: [
      'the peak is reached by the first sync (the whole configuration computed, rendered and written once); no RSS target is set',
    ],
    settings: `defaults except quiescence 0.2–1 s and verify 0.2 s; node ${AGENT_NODE_FLAGS.join(' ')}; ${RUNS} runs`,
    rows: [
      {
        case: 'written by a one-peer change, KiB (count column)',
        unit: 'count',
        candidate: { label: 'meshrr', summary: summarize(figures.secondKiB) },
        target: { kind: 'ceiling', stat: 'max', atMost: WRITE_TARGET_KIB },
      },
      {
        case: 'peak RSS (VmHWM) of the agent',
        candidate: { label: 'meshrr', summary: summarize(figures.peak) },
      },
      { case: 'RSS after the one-peer change', candidate: { label: 'meshrr', summary: summarize(figures.rss) } },
      {
        case: 'written by the first change (the whole configuration)',
        candidate: { label: 'meshrr', summary: summarize(figures.firstMiB) },
      },
      {
        case: 'spawn → first change written',
        unit: 's',
        candidate: { label: 'meshrr', summary: summarize(figures.firstMs.map((ms) => ms / 1000)) },
      },
      {
        case: 'peer file changed → one-peer change written',
        unit: 's',
        candidate: { label: 'meshrr', summary: summarize(figures.secondMs.map((ms) => ms / 1000)) },
      },
    ],
  });
}
process.exitCode = report.exitCode;
