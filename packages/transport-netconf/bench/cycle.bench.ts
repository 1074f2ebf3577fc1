/**
 * Benchmark: one lock → edit-config → commit → unlock cycle on real netconfd behind OpenSSH, with
 * our client on a persistent session vs ncclient (Debian python3-ncclient) in the same run.
 * Prints medians, p90 and the ratio. Needs root (starts sshd/netconfd like the integration tests).
 * Run: npm run bench   (env BENCH_N, default 40 cycles after 5 warm-up cycles per client)
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { commit, editConfig, lock, unlock, closeSession } from '../src/ops/index.js';
import type { NetconfClient } from '../src/rpc/netconfClient.js';
import { LAB_USER, startNetconfdLab, type NetconfdLab } from '../src/testing-support/netconfdLab.js';

const N = Number(process.env['BENCH_N'] ?? 40);
const WARMUP = 5;

const config = (i: number): string =>
  `<bgp xmlns="urn:meshrr:lab"><local-as>${60000 + i}</local-as><group><name>MESH</name><type>internal</type><neighbor><address>10.1.${Math.floor(i / 250)}.${(i % 250) + 1}</address></neighbor></group></bgp>`;

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

async function ours(lab: NetconfdLab): Promise<{ setupMs: number; cyclesMs: number[]; framing: string }> {
  const t0 = performance.now();
  const client: NetconfClient = await lab.open({ postHelloDelayMs: 0 });
  const setupMs = performance.now() - t0;
  const cyclesMs: number[] = [];
  for (let i = 0; i < WARMUP + N; i++) {
    const t = performance.now();
    await lock(client, 'candidate');
    await editConfig(client, { target: 'candidate', config: config(i) });
    await commit(client);
    await unlock(client, 'candidate');
    if (i >= WARMUP) cyclesMs.push(performance.now() - t);
  }
  await closeSession(client);
  return { setupMs, cyclesMs, framing: client.framing };
}

function ncclient(lab: NetconfdLab): { setupMs: number; cyclesMs: number[] } {
  const script = fileURLToPath(new URL('./ncclient_cycle.py', import.meta.url));
  const out = execFileSync(
    '/usr/bin/python3',
    [script, String(lab.port), LAB_USER, lab.clientKeyPath, String(WARMUP), String(N)],
    { encoding: 'utf8', timeout: 600_000 },
  );
  return JSON.parse(out.trim().split('\n').pop() as string) as { setupMs: number; cyclesMs: number[] };
}

const row = (name: string, setup: number, cycles: readonly number[]): string =>
  `${name.padEnd(28)} ${setup.toFixed(1).padStart(10)} ${quantile(cycles, 0.5).toFixed(2).padStart(12)} ${quantile(cycles, 0.9).toFixed(2).padStart(10)}`;

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) {
    console.warn('!!! SKIPPING NETCONF benchmark: needs root to start sshd/netconfd');
    return;
  }
  const lab = await startNetconfdLab();
  try {
    const a = await ours(lab);
    const b = ncclient(lab);
    const ratio = quantile(b.cyclesMs, 0.5) / quantile(a.cyclesMs, 0.5);
    console.log(
      `\nNETCONF lock→edit-config→commit→unlock on netconfd (yuma123) behind OpenSSH, ${N} cycles after ${WARMUP} warm-up, persistent session`,
    );
    console.log(
      `${'client'.padEnd(28)} ${'setup ms'.padStart(10)} ${'median ms'.padStart(12)} ${'p90 ms'.padStart(10)}`,
    );
    console.log(row(`meshrr (ssh2, ${a.framing})`, a.setupMs, a.cyclesMs));
    console.log(row('ncclient 0.6 (python3)', b.setupMs, b.cyclesMs));
    console.log(
      `ratio (ncclient median / meshrr median): ${ratio.toFixed(1)}x ${ratio >= 10 ? '(target >= 10x met)' : '(target >= 10x NOT met)'}`,
    );
  } finally {
    await lab.stop();
  }
}

await main();
