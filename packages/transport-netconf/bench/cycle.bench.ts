/**
 * Benchmark (issue 14, item 2): NETCONF on real netconfd (yuma123) behind OpenSSH, meshrr's
 * client against ncclient (Debian python3-ncclient, the library Python meshrr's PyEZ builds on),
 * ncclient both stock and tuned, on the same server, in interleaved rounds (the order rotates each
 * round). ncclient's session thread sends a queued request only when its select() wakes: every
 * `ncclient.transport.ssh.TICK` seconds (0.1 stock) or when data arrives, so each RPC can wait for
 * the tick; "tuned" sets TICK to 0.001. Each ncclient variant is one long-lived Python process
 * (start-up and imports never timed). meshrr connects with the agent's production connector and
 * defaults (sshNetconfConnector: host key checked against known_hosts, no post-hello delay).
 * Per round and client: set-up (timed), 10 cycles on that session (timed each), close; then 2
 * connect-per-cycle samples. Needs root (sshd, netconfd, a system user). Env: BENCH_ROUNDS (10).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { systemClock } from '@meshrr/core';
import { benchReporter, interleave, summarize, type BenchRow, type Figure } from '@meshrr/core/bench';
import { MemoryLogger } from '@meshrr/core/testing';
import { resolveNetconfOptions } from '../src/options.js';
import { closeSession, commit, editConfig, lock, unlock } from '../src/ops/index.js';
import type { NetconfClient } from '../src/rpc/netconfClient.js';
import { sshNetconfConnector } from '../src/session/connector.js';
import { LAB_USER, startNetconfdLab, type NetconfdLab } from '../src/testing-support/netconfdLab.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 10);
const CYCLES = 10;
const CONNECTS = 2;
const FASTER = 1.5;
const report = benchReporter(process.env);

interface RoundResult {
  readonly setupMs: number;
  readonly cycleMs: number[];
  readonly connectCycleMs: number[];
}

let counter = 0;
const config = (): string => {
  counter += 1;
  return `<bgp xmlns="urn:meshrr:lab"><local-as>${60000 + (counter % 5000)}</local-as><group><name>MESH</name><type>internal</type><neighbor><address>10.1.${Math.floor(counter / 250) % 250}.${(counter % 250) + 1}</address></neighbor></group></bgp>`;
};

async function cycle(client: NetconfClient): Promise<void> {
  await lock(client, 'candidate');
  await editConfig(client, { target: 'candidate', config: config() });
  await commit(client);
  await unlock(client, 'candidate');
}

/** meshrr: one round on the production connector. */
function meshrrRound(lab: NetconfdLab): () => Promise<RoundResult> {
  const knownHosts = join(lab.dir, 'bench_known_hosts');
  writeFileSync(knownHosts, `[127.0.0.1]:${lab.port} ${lab.hostKeyPublic}`);
  const connect = sshNetconfConnector(
    resolveNetconfOptions({
      host: '127.0.0.1',
      port: lab.port,
      username: LAB_USER,
      privateKeyPath: lab.clientKeyPath,
      hostKey: { kind: 'known-hosts', path: knownHosts },
    }),
    systemClock,
    new MemoryLogger(),
  );
  const signal = new AbortController().signal;
  return async () => {
    let t = performance.now();
    const client = await connect(signal);
    const setupMs = performance.now() - t;
    const cycleMs: number[] = [];
    for (let i = 0; i < CYCLES; i += 1) {
      t = performance.now();
      await cycle(client);
      cycleMs.push(performance.now() - t);
    }
    await closeSession(client);
    const connectCycleMs: number[] = [];
    for (let i = 0; i < CONNECTS; i += 1) {
      t = performance.now();
      const c = await connect(signal);
      await cycle(c);
      await closeSession(c);
      connectCycleMs.push(performance.now() - t);
    }
    return { setupMs, cycleMs, connectCycleMs };
  };
}

/** One ncclient variant: a long-lived driver process; resolves each round's JSON answer. */
function ncclientRound(lab: NetconfdLab, tick: number): { run: () => Promise<RoundResult>; stop: () => void } {
  const script = fileURLToPath(new URL('./ncclient_driver.py', import.meta.url));
  const child = spawn('/usr/bin/python3', [script, String(lab.port), LAB_USER, lab.clientKeyPath, String(tick)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  return {
    run: () =>
      new Promise<RoundResult>((resolve, reject) => {
        waiting.push((line) => resolve(JSON.parse(line) as RoundResult));
        child.once('exit', (code) => reject(new Error(`ncclient driver exited with ${code}`)));
        child.stdin.write(`${JSON.stringify({ op: 'round', cycles: CYCLES, connects: CONNECTS })}\n`);
      }),
    stop: () => {
      child.stdin.end();
      child.kill('SIGTERM');
    },
  };
}

if (process.getuid?.() !== 0) {
  report.say('NETCONF: skipped (needs root to start sshd/netconfd)');
} else {
  const lab = await startNetconfdLab();
  const stock = ncclientRound(lab, 0.1);
  const tuned = ncclientRound(lab, 0.001);
  try {
    const rounds = { meshrr: [] as RoundResult[], stock: [] as RoundResult[], tuned: [] as RoundResult[] };
    const ours = meshrrRound(lab);
    report.begin();
    await interleave(ROUNDS, {
      meshrr: async () => (rounds.meshrr.push(await ours()), 0),
      stock: async () => (rounds.stock.push(await stock.run()), 0),
      tuned: async () => (rounds.tuned.push(await tuned.run()), 0),
    });
    const fig = (label: string, values: number[]): Figure => ({ label, summary: summarize(values) });
    const spans: [string, (r: RoundResult) => number[]][] = [
      ['set-up (TCP + SSH + auth + subsystem + hellos)', (r) => [r.setupMs]],
      ['first cycle on a new session', (r) => r.cycleMs.slice(0, 1)],
      ['cycle on a persistent session', (r) => r.cycleMs.slice(1)],
      ['connect + cycle + close-session', (r) => r.connectCycleMs],
    ];
    const rows: BenchRow[] = [];
    for (const [name, pick] of spans) {
      const mine = fig('meshrr', rounds.meshrr.flatMap(pick));
      rows.push({ case: `${name}`, reference: fig('ncclient stock', rounds.stock.flatMap(pick)), candidate: mine });
      rows.push({
        case: `${name}`,
        reference: fig('ncclient tuned', rounds.tuned.flatMap(pick)),
        candidate: mine,
        target: { kind: 'speedup', atLeast: FASTER },
      });
    }
    report.table({
      area: 'NETCONF',
      title: 'lock → edit-config → commit → unlock on netconfd (yuma123) behind OpenSSH, meshrr vs ncclient 0.6',
      unit: 'ms',
      ratio: 'speedup',
      spans: [
        'set-up: connect() → session ready for its first RPC (TCP, SSH key exchange, public-key auth, netconf subsystem, hello exchange)',
        'cycle: lock candidate → edit-config → commit → unlock, each RPC awaiting its reply; first cycle = the first on each new session',
        'connect + cycle + close-session: a new session per cycle, as a poll-per-change tool would run',
      ],
      settings: `ncclient stock: TICK 0.1 s; tuned: TICK 0.001 s; meshrr: production connector and defaults (host key checked, ncclient's not); ${ROUNDS} interleaved rounds × (${CYCLES} cycles + ${CONNECTS} connects)`,
      notes: [`target: meshrr clearly faster than the tuned reference, ≥ ${FASTER}× on medians, set-up included`],
      rows,
    });
  } finally {
    stock.stop();
    tuned.stop();
    await lab.stop();
  }
}
