/**
 * Benchmark (issue 5, part 2): cold start to the first reconcile, and idle RSS, of the BUILT agent
 * (`dist/main.js`; `npm run bench` builds it first). Each run spawns
 * `node dist/main.js run --config <quickstart-like config, static sources> --dry-run <dir>
 *  --http-port <free port> --drain-seconds 0` with `POD_IP` set; cold start = spawn until the
 * first change file appears in `<dir>/changes/` (polled every 2 ms); idle RSS = VmRSS of
 * `/proc/<pid>/status` after 3 s idle. Reference in the same run: `node -e ""` (spawn → exit) and
 * the RSS of an idle `node -e "setInterval(...)"` after the same 3 s — the floor of any Node program
 * (it idles beside the agent's idle period; RSS is per process).
 * Median of BENCH_RUNS (default 5). Targets: RSS < 80 MB, cold start < 700 ms. Every process
 * started is stopped (SIGTERM, then SIGKILL after 5 s). Never fails on timing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { median, ms, printTable } from './benchSupport.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const IDLE_MS = 3_000;
const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'main.js');

const CONFIG = `encrypted_root_pw: NOLOGIN
asn: "65000"
mode: ipv4rr
bgpgroups:
- name: MESHRR-MESH
  type: mesh
  source: { sourcetype: static, file: mesh-peers.txt }
- name: MESHRR-CLIENTS
  type: subtractive
  prefixes: [10.42.0.0/16]
- name: MESHRR-UPSTREAM
  type: mesh
  source: { sourcetype: static, file: core-peers.txt }
  max_peers: 2
quiescence: { min_seconds: 0.2, max_seconds: 1 }
commit: { verify_seconds: 0.2 }
`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** VmRSS and VmHWM of `pid` in MiB (from /proc). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** Stops `child`: SIGTERM, then SIGKILL when it has not exited after 5 s. Resolves once it exited. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Resolves with the time `predicate` first held (polled every 2 ms), or rejects after `timeoutMs` or when `child` exits. */
async function waitFor(
  predicate: () => boolean,
  child: ChildProcess,
  timeoutMs: number,
  describe: () => string,
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `the agent exited (${child.exitCode ?? child.signalCode}) before its first change: ${describe()}`,
      );
    if (performance.now() > deadline) throw new Error(`no change after ${timeoutMs} ms: ${describe()}`);
    await sleep(2);
  }
  return performance.now();
}

interface Run {
  readonly startMs: number;
  readonly rssMb: number;
  readonly peakMb: number;
}

/** Spawns an idle node (`setInterval`) whose RSS after the same idle time is the floor of any Node program. */
function idleNode(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)'], { stdio: 'ignore' });
}

/**
 * One agent run; the reference idle node runs beside it during the idle period only (RSS is per
 * process, so sharing the time does not change either figure; the start times are measured alone).
 */
async function agentRun(base: string, index: number): Promise<{ agent: Run; floorRss: { rss: number; peak: number } }> {
  const dir = join(base, `run-${index}`);
  const changes = join(dir, 'dry-run', 'changes');
  // The same V8 flag as the executable's shebang and the container entrypoint.
  const args = [
    '--max-semi-space-size=1',
    MAIN,
    'run',
    '--config',
    join(base, 'meshrr.conf.yml'),
    '--dry-run',
    join(dir, 'dry-run'),
    '--http-port',
    String(await freePort()),
    '--http-host',
    '127.0.0.1',
  ];
  args.push('--drain-seconds', '0', '--connected-file', join(base, `connected-${index}`));
  let stderr = '';
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, POD_IP: '10.42.0.11' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  let idle: ChildProcess | undefined;
  try {
    const first = await waitFor(
      () => existsSync(changes) && readdirSync(changes).some((n) => n.endsWith('.plan.json')),
      child,
      15_000,
      () => stderr,
    );
    idle = idleNode();
    await sleep(IDLE_MS);
    const memory = memoryOf(child.pid!);
    const floorRss = memoryOf(idle.pid!);
    return { agent: { startMs: first - t0, rssMb: memory.rss, peakMb: memory.peak }, floorRss };
  } finally {
    await stopProcess(child);
    if (idle !== undefined) await stopProcess(idle);
  }
}

/** Spawn → exit of `node -e ""`, alone. */
async function nodeStart(): Promise<number> {
  const t0 = performance.now();
  const empty = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => empty.once('exit', resolve));
  return performance.now() - t0;
}

/** Imports `specifiers` in order in a fresh node (from the agent package); time to import them all and RSS after. */
async function importProbe(specifiers: readonly string[]): Promise<{ ms: number; rss: number }> {
  const script = `const t = performance.now(); for (const s of ${JSON.stringify(specifiers)}) await import(s); process.stdout.write(JSON.stringify({ ms: performance.now() - t, rss: process.memoryUsage().rss / 1048576 }));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: join(dirname(MAIN), '..'),
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  return JSON.parse(out) as { ms: number; rss: number };
}

/** Where the start goes: module sets a dry-run `run` loads, each imported in a fresh process (median of 3). */
async function importBreakdown(): Promise<void> {
  const sets: [string, string[]][] = [
    ['the CLI alone (dist/cli/program.js and its static imports)', ['./dist/cli/program.js']],
    [
      '  + @meshrr/discovery-k8s (loaded by sourceSchemas at every start)',
      ['./dist/cli/program.js', '@meshrr/discovery-k8s'],
    ],
    [
      '  + discovery-consul, discovery-dns (the same)',
      ['./dist/cli/program.js', '@meshrr/discovery-k8s', '@meshrr/discovery-consul', '@meshrr/discovery-dns'],
    ],
  ];
  const rows: string[][] = [];
  for (const [name, specifiers] of sets) {
    const probes = [await importProbe(specifiers), await importProbe(specifiers), await importProbe(specifiers)];
    rows.push([name, ms(median(probes.map((p) => p.ms))), median(probes.map((p) => p.rss)).toFixed(1)]);
  }
  printTable(
    'Where the start goes: importing module sets in a fresh node (median of 3; RSS includes the node floor)',
    ['modules', 'import ms', 'RSS MiB'],
    rows,
  );
}

if (!existsSync(MAIN)) {
  console.log(
    `\ncold start / idle RSS: ${MAIN} is missing; build the agent first (npx tsc -b tsconfig.lib.json). Skipped.`,
  );
} else {
  const base = await mkdtemp(join(tmpdir(), 'meshrr-bench-start-'));
  try {
    await writeFile(join(base, 'meshrr.conf.yml'), CONFIG);
    await writeFile(join(base, 'mesh-peers.txt'), '10.42.0.11\n10.42.0.12\n10.42.0.13\n');
    await writeFile(join(base, 'core-peers.txt'), '10.0.0.1\n10.0.0.2\n10.0.0.3\n10.0.0.4\n');
    const agent: Run[] = [];
    const floor: Run[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const run = await agentRun(base, i);
      agent.push(run.agent);
      floor.push({ startMs: await nodeStart(), rssMb: run.floorRss.rss, peakMb: run.floorRss.peak });
    }
    const row = (name: string, runs: readonly Run[], targets: boolean): string[] => {
      const start = median(runs.map((r) => r.startMs));
      const rss = median(runs.map((r) => r.rssMb));
      return [
        name,
        ms(start),
        targets ? (start < 700 ? 'yes' : 'NO') : '-',
        rss.toFixed(1),
        targets ? (rss < 80 ? 'yes' : 'NO') : '-',
        median(runs.map((r) => r.peakMb)).toFixed(1),
        runs.map((r) => ms(r.startMs)).join(' '),
      ];
    };
    const ratio = (f: (r: Run) => number): string => (median(agent.map(f)) / median(floor.map(f))).toFixed(1);
    printTable(
      `Built agent: cold start to the first change, idle RSS after ${IDLE_MS / 1000} s (median of ${RUNS}; node ${process.version}; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs)`,
      ['process', 'start ms', '< 700', 'idle RSS MiB', '< 80', 'peak RSS MiB', 'each start ms'],
      [
        row('meshrr run --dry-run (quickstart-like, static sources)', agent, true),
        row('node -e "" (reference: start→exit; RSS of an idle node)', floor, false),
        [
          'agent / node ratio',
          `${ratio((r) => r.startMs)}x`,
          '',
          `${ratio((r) => r.rssMb)}x`,
          '',
          `${ratio((r) => r.peakMb)}x`,
          '',
        ],
      ],
    );
    console.log(
      '  Cold start includes loading the config, building the container, reading both peer files and committing the first change (written before the 0.2 s verify).',
    );
    await importBreakdown();
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}
