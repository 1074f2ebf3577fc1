/**
 * Benchmark of issue 10's "done when" on real FRR, bind9 (TTL 1 s) and meshrr agents (the built
 * bundle): examples/lab/2regions-hrr/scale.topology.yml (3 core RRs, 8 regional RRs with
 * `max_peers: 2`, the lab timings of its meshrr configs). In one lab, in this order:
 * 1. scale-out core 3 → 4: time until every core RR carries clients and max/min clients per core
 *    ≤ 2 (target: within 2 minutes), and the lowest number of Established upstreams any regional
 *    RR had meanwhile (target: never below its count before the move);
 * 2. `lab replace` of core RRs, 10 in a row: verification rollbacks in every agent's log (target 0);
 * 3. an upstream's FRR killed (crash, restarted 20 s later): kill → every regional RR that used it
 *    has 2 Established upstreams again (target: ≤ session_down_hold_seconds + 2 s);
 * 4. a regional RR replaced N times (default 20): new pod in DNS → every new session Established
 *    (target p95 ≤ 2 s), with the breakdown on the peer whose session came up last (discovery,
 *    quiescence, apply, BGP) from the agents' logs;
 * 5. a DNS record with no BGP speaker behind it in the core service, then a core RR replaced: the
 *    longest time any regional RR had fewer than 2 Established upstreams (target ≤ the health
 *    window, 10 s by default).
 * Established times are upper bounds, never flattered by the poll interval nor by bgpd's clock:
 * bgpd's session uptime (`bgpTimerUpMsec`) is a difference of whole seconds (FRR's `monotime`),
 * so it may overstate the time up by almost 1 s; a session counts as up at the earlier of the
 * first answer that showed it Established and `answer − uptime + 1 s` ({@link upBy}).
 *
 * Run (root, agent built; under the CPU lock on a shared machine):
 *   npm run bench:churn [-- [replacements] [--only scale,replace,crash,newpod,fake] [--replacements N]
 *                          [--step-budget SECONDS]]
 * `--only` runs the named steps (in the order above) in a fresh lab, so each row can be measured
 * in its own bounded run; every step stops at its budget (default 600 s) and reports what it
 * measured until then. `MESHRR_BENCH_LOG_LEVEL=debug` runs the agents at that level (the session
 * reads that enqueue a reconcile are logged at debug), `MESHRR_BENCH_KEEP_LOGS=1` keeps the logs.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AGENT_MAIN, labBenchBlocker } from './benchGate.js';
import { benchReporter, nearestRank, summarize } from '@meshrr/core/bench';
import { updateRecords } from '../src/dns/bindServer.js';
import { snapshot, type RouterSnapshot } from '../src/lab/frrQueries.js';
import { readState } from '../src/state/labState.js';
import {
  labCrash,
  labDown,
  labReplace,
  labScale,
  labStatus,
  labUp,
  waitForStatus,
  type LabHandle,
  type LabStatus,
  type RouterStatus,
} from '../src/index.js';

const TOPOLOGY = resolve(import.meta.dirname, '../../../examples/lab/2regions-hrr/scale.topology.yml');
const STEPS = ['scale', 'replace', 'crash', 'newpod', 'fake'] as const;
type Step = (typeof STEPS)[number];

/** The bench's command line: positional replacements (compatible), `--only`, `--replacements`, `--step-budget`. */
function parseArgs(argv: readonly string[]): { steps: Set<Step>; replacements: number; stepBudgetMs: number } {
  let steps = new Set<Step>(STEPS);
  let replacements = 20;
  let stepBudgetS = 600;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[i + 1];
      if (v === undefined) throw new Error(`churn bench: ${arg} needs a value`);
      i += 1;
      return v;
    };
    const count = (v: string, what: string): number => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new Error(`churn bench: ${what} must be a positive integer, got ${v}`);
      return n;
    };
    if (arg === '--only') {
      const names = value()
        .split(',')
        .filter((x) => x !== '');
      const unknown = names.filter((x) => !(STEPS as readonly string[]).includes(x));
      if (unknown.length > 0)
        throw new Error(`churn bench: --only: unknown step(s) ${unknown.join(', ')}; allowed: ${STEPS.join(', ')}`);
      steps = new Set(names as Step[]);
    } else if (arg === '--replacements') replacements = count(value(), '--replacements');
    else if (arg === '--step-budget') stepBudgetS = count(value(), '--step-budget');
    else if (/^\d+$/.test(arg)) replacements = count(arg, 'replacements');
    else throw new Error(`churn bench: unknown argument ${arg}; see the header of churn.bench.ts`);
  }
  return { steps, replacements, stepBudgetMs: stepBudgetS * 1000 };
}

const ARGS = parseArgs(process.argv.slice(2));
const REPLACEMENTS = ARGS.replacements;
/** Date.now() after which the running step stops starting new rounds (set per step). */
let stepDeadline = Number.POSITIVE_INFINITY;
const budgetLeft = (): number => stepDeadline - Date.now();
const REGIONS = ['lothlorien', 'mirkwood'] as const;
const SESSION_DOWN_HOLD_MS = 3_000; // examples/lab/2regions-hrr/*.meshrr.conf.yml
const HEALTH_WINDOW_MS = 10_000; // selection.health_window_seconds default
const report = benchReporter(process.env);

/**
 * Latest time `session` of `router` can have reached Established, from one answer: bgpd's uptime
 * is `floor(now) − floor(up)` in whole seconds, less than 1 s short of or over the real one, so
 * the session came up before `answeredAt − uptime + 1 s`, and before the answer itself.
 */
function upBy(router: RouterStatus, session: { readonly establishedForMs?: number }, fallback: number): number {
  const answeredAt = router.answeredAt ?? fallback;
  return Math.min(answeredAt, answeredAt - (session.establishedForMs ?? 0) + 1_000);
}

interface Timed {
  readonly status: LabStatus;
  /** Date.now() when the status was complete. */
  readonly at: number;
}

async function timedStatus(lab: LabHandle): Promise<Timed> {
  const status = await labStatus(lab);
  return { status, at: Date.now() };
}

const groupOf = (s: LabStatus, group: string): RouterStatus[] =>
  s.routers.filter((r) => r.kind === 'rr' && r.group === group);
const regional = (s: LabStatus): RouterStatus[] => REGIONS.flatMap((g) => groupOf(s, g));
const coreAddresses = (s: LabStatus): Set<string> => new Set(groupOf(s, 'core').map((r) => r.address));
const upstreams = (s: LabStatus, r: RouterStatus): number =>
  r.sessions.filter((x) => coreAddresses(s).has(x.peer) && x.state === 'Established').length;
const clientsOf = (r: RouterStatus): number => r.sessions.filter((x) => x.dynamic && x.state === 'Established').length;

function converged(s: LabStatus): boolean {
  const core = groupOf(s, 'core');
  return (
    core.every(
      (c) =>
        c.running &&
        core.every((o) => o === c || c.sessions.some((x) => x.peer === o.address && x.state === 'Established')),
    ) && regional(s).every((r) => r.running && upstreams(s, r) === 2)
  );
}

/** Counts log lines of every agent (all generations) whose message is `message`. */
function logCount(stateDir: string, message: string): number {
  let n = 0;
  for (const dir of readdirSync(join(stateDir, 'routers'))) {
    let text = '';
    try {
      text = readFileSync(join(stateDir, 'routers', dir, 'agent.log'), 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) if (line.includes(`"msg":"${message}"`)) n += 1;
  }
  return n;
}

interface LogLine {
  readonly time: number;
  readonly msg: string;
  readonly added?: readonly string[];
  readonly reason?: string;
  readonly peer?: string;
  readonly group?: string;
}

function agentLog(stateDir: string, router: string): LogLine[] {
  const dir = readState(stateDir)?.routers.find((r) => r.name === router)?.dir;
  if (dir === undefined) return [];
  return readFileSync(join(dir, 'agent.log'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => {
      const raw = JSON.parse(l) as Omit<LogLine, 'time'> & { time: string | number };
      return { ...raw, time: typeof raw.time === 'number' ? raw.time : Date.parse(raw.time) };
    });
}

async function scaleOut(lab: LabHandle): Promise<void> {
  const before = await timedStatus(lab);
  const minBefore = Math.min(...regional(before.status).map((r) => upstreams(before.status, r)));
  const started = Date.now();
  await labScale(lab, 'core', 4);
  let minSeen = minBefore;
  let balancedAfter: number | undefined;
  let last = before;
  while (Date.now() - started < 180_000) {
    last = await timedStatus(lab);
    minSeen = Math.min(minSeen, ...regional(last.status).map((r) => upstreams(last.status, r)));
    const counts = groupOf(last.status, 'core').map(clientsOf);
    if (counts.length === 4 && Math.min(...counts) > 0 && Math.max(...counts) / Math.min(...counts) <= 2) {
      balancedAfter = last.at - started;
      break;
    }
  }
  const counts = groupOf(last.status, 'core').map((c) => `${c.name}=${clientsOf(c)}`);
  report.say(
    `1. scale-out core 3 → 4 (8 regional RRs, max_peers 2): every core carries clients and max/min ≤ 2 after ${balancedAfter === undefined ? 'MISSED (not within 180 s)' : `${(balancedAfter / 1000).toFixed(1)} s (target ≤ 120 s: ${balancedAfter <= 120_000 ? 'met' : 'MISSED'})`}; clients ${counts.join(' ')}; fewest Established upstreams on a regional RR: ${minBefore} before, ${minSeen} during (target: never lower: ${minSeen >= minBefore ? 'met' : 'MISSED'})`,
  );
}

async function replaceCores(lab: LabHandle, stateDir: string): Promise<void> {
  const rollbacks = () => logCount(stateDir, 'change committed but not confirmed; the device rolls it back');
  const confirmed = () => logCount(stateDir, 'change committed and confirmed');
  const before = rollbacks();
  const commitsBefore = confirmed();
  const cores = groupOf((await timedStatus(lab)).status, 'core').map((c) => c.name);
  const times: number[] = [];
  for (let i = 0; i < 10 && budgetLeft() > 0; i += 1) {
    const name = cores[i % cores.length]!;
    const result = await labReplace(lab, name);
    const done = await waitForStatus(
      lab,
      (s) => converged(s) && groupOf(s, 'core').some((c) => c.address === result.newAddress && c.sessions.length > 0),
      120_000,
      200,
    );
    times.push(result.elapsedMs + done.elapsedMs);
  }
  const n = rollbacks() - before;
  report.say(
    `2. ${times.length} consecutive lab replace of core RRs${times.length < 10 ? ' (step budget ended before 10)' : ''}: ${n} verification rollbacks (target 0: ${n === 0 ? 'met' : 'MISSED'}) in ${confirmed() - commitsBefore} confirmed commits; delete → hierarchy converged median ${(summarize(times).median / 1000).toFixed(1)} s (max ${(summarize(times).max / 1000).toFixed(1)} s)`,
  );
}

/**
 * Where the time went on `router` after an upstream was killed at `killedAt`, from its agent's
 * log: the session read that saw the drop (debug level only), the apply of the change that added
 * the replacement (start, end; the decision lines are logged once it is confirmed) and its
 * confirmation, each in seconds after the kill, beside BGP Established.
 */
function crashBreakdown(stateDir: string, router: string, killedAt: number, establishedMs: number): string {
  const lines = agentLog(stateDir, router).filter((l) => l.time >= killedAt);
  const noticed = lines.find((l) => l.msg === 'a BGP session reached or left Established: reconciling');
  const added = lines.find((l) => l.msg === 'peer added' && l.reason === 'replacement');
  const before = added === undefined ? [] : lines.filter((l) => l.time <= added.time);
  const applying = before.findLast((l) => l.msg.startsWith('applying the staged change'));
  const applied = before.find(
    (l) => applying !== undefined && l.time >= applying.time && l.msg === 'staged change applied',
  );
  const at = (l: LogLine | undefined): string => (l === undefined ? '?' : `${((l.time - killedAt) / 1000).toFixed(2)}`);
  return `on ${router} (s after the kill): drop seen by the agent ${at(noticed)}, replacement applied ${at(applying)}–${at(applied)}, Established ${(establishedMs / 1000).toFixed(2)}, confirmed ${at(added)}`;
}

async function crashUpstream(lab: LabHandle, stateDir: string): Promise<void> {
  const samples: number[] = [];
  for (let run = 0; run < 3 && budgetLeft() > 0; run += 1) {
    const { status } = await waitForStatus(lab, converged, 120_000, 200);
    const core = [...groupOf(status, 'core')].sort((a, b) => clientsOf(b) - clientsOf(a))[run % 2]!;
    const users = regional(status).filter((r) =>
      r.sessions.some((x) => x.peer === core.address && x.state === 'Established'),
    );
    const killedAt = Date.now();
    const crash = labCrash(lab, core.name, { restartAfterMs: 20_000 });
    let recovered: number | undefined;
    let slowest: string | undefined;
    let bgpdSays: number | undefined;
    // only the regional RRs that used the crashed core are polled (one vtysh each, in parallel), so
    // a session is first seen Established soon after it is; the core set does not change meanwhile
    const cores = coreAddresses(status);
    const dirs = users.map((u) => ({
      name: u.name,
      dir: readState(stateDir)?.routers.find((r) => r.name === u.name)?.dir,
    }));
    /** router|peer → the first answer that showed that session Established. */
    const firstSeen = new Map<string, number>();
    while (Date.now() - killedAt < 19_000) {
      const polled = await Promise.all(
        dirs.map(async ({ name, dir }) => ({
          name,
          snap: dir === undefined ? undefined : await snapshot(dir, []).catch(() => undefined),
        })),
      );
      const replacements = (snap: RouterSnapshot | undefined) =>
        (snap?.neighbors ?? []).filter(
          (n) => n.peer !== core.address && cores.has(n.peer) && n.state === 'Established',
        );
      for (const { name, snap } of polled)
        for (const n of replacements(snap))
          if (!firstSeen.has(`${name}|${n.peer}`)) firstSeen.set(`${name}|${n.peer}`, snap!.answeredAt);
      if (polled.every(({ snap }) => replacements(snap).length === 2)) {
        // when the last replacement session came up (upper bound; bgpd's rounded uptime beside it)
        const ups = polled.flatMap(({ name, snap }) =>
          replacements(snap).map((n) => ({
            router: name,
            up: Math.min(firstSeen.get(`${name}|${n.peer}`)!, snap!.answeredAt - (n.establishedForMs ?? 0) + 1_000),
            bgpd: snap!.answeredAt - (n.establishedForMs ?? 0),
          })),
        );
        const latest = ups
          .filter((u) => u.up >= killedAt)
          .reduce<{ router?: string; up: number; bgpd?: number }>((a, b) => (b.up > a.up ? b : a), {
            up: killedAt,
          });
        recovered = latest.up - killedAt;
        slowest = latest.router;
        bgpdSays = latest.bgpd === undefined ? undefined : latest.bgpd - killedAt;
        break;
      }
    }
    await crash;
    samples.push(recovered ?? Number.NaN);
    report.say(
      `   crash of ${core.name} (upstream of ${users.length} regional RRs): replacement Established ${recovered === undefined ? 'not within 19 s' : `by ${(recovered / 1000).toFixed(2)} s`} after the kill${bgpdSays === undefined ? '' : ` (bgpd's whole-second uptime alone: ${(bgpdSays / 1000).toFixed(2)} s)`}${slowest === undefined ? '' : `; ${crashBreakdown(stateDir, slowest, killedAt, recovered!)}`}`,
    );
  }
  const worst = samples.length === 0 ? Number.NaN : Math.max(...samples);
  report.say(
    `3. upstream FRR killed → replacement Established: worst ${Number.isNaN(worst) ? 'not recovered' : `${(worst / 1000).toFixed(2)} s`} of ${samples.length} (target ≤ session_down_hold ${SESSION_DOWN_HOLD_MS / 1000} s + 2 s: ${worst <= SESSION_DOWN_HOLD_MS + 2_000 ? 'met' : 'MISSED'})`,
  );
}

interface Breakdown {
  readonly total: number;
  readonly discovery: number;
  readonly quiescence: number;
  readonly apply: number;
  readonly bgp: number;
}

async function replaceRegional(lab: LabHandle, stateDir: string): Promise<void> {
  const name = 'lothlorien-3'; // no client peers with it: labReplace returns right after nsupdate
  const results: Breakdown[] = [];
  for (let run = 0; run < REPLACEMENTS && budgetLeft() > 0; run += 1) {
    await waitForStatus(lab, converged, 120_000, 200);
    const result = await labReplace(lab, name);
    const inDns = Date.now();
    const address = result.newAddress;
    const peers = ['lothlorien-0', 'lothlorien-1', 'lothlorien-2'];
    const { status } = await waitForStatus(
      lab,
      (s) => {
        const me = s.routers.find((r) => r.name === name);
        return (
          me !== undefined &&
          me.address === address &&
          upstreams(s, me) === 2 &&
          peers.every((p) =>
            s.routers.find((r) => r.name === p)?.sessions.some((x) => x.peer === address && x.state === 'Established'),
          )
        );
      },
      60_000,
      50,
    );
    const at = Date.now();
    // the peer whose session with the new pod came up last, and when (bgpd's uptime)
    const ups = peers.map((p) => {
      const r = status.routers.find((x) => x.name === p)!;
      const s = r.sessions.find((x) => x.peer === address)!;
      return { peer: p, up: upBy(r, s, at) };
    });
    const last = ups.reduce((a, b) => (b.up > a.up ? b : a));
    // the new pod's own upstream sessions (its agent configures them before it is Ready) count too
    const me = status.routers.find((r) => r.name === name)!;
    const ownUps = me.sessions
      .filter((x) => coreAddresses(status).has(x.peer) && x.establishedForMs !== undefined)
      .map((x) => upBy(me, x, at));
    const lastUp = Math.max(last.up, ...ownUps);
    const lines = agentLog(stateDir, last.peer).filter((l) => l.time >= inDns - 2_000);
    const found = lines.find((l) => l.msg === 'discovered set changed' && (l.added ?? []).includes(address));
    const applying = lines.find(
      (l) => found !== undefined && l.time >= found.time && l.msg.startsWith('applying the staged change'),
    );
    const applied = lines.find(
      (l) => applying !== undefined && l.time >= applying.time && l.msg === 'staged change applied',
    );
    const d = found?.time ?? Number.NaN;
    results.push({
      total: lastUp - inDns,
      discovery: d - inDns,
      quiescence: (applying?.time ?? Number.NaN) - d,
      apply: (applied?.time ?? Number.NaN) - (applying?.time ?? Number.NaN),
      bgp: last.up - (applied?.time ?? Number.NaN),
    });
  }
  const col = (k: keyof Breakdown) =>
    results
      .map((r) => r[k])
      .filter((v) => !Number.isNaN(v))
      .sort((a, b) => a - b);
  const fmt = (k: keyof Breakdown) => {
    const v = col(k);
    return `${k} median ${(nearestRank(v, 50) / 1000).toFixed(2)} s p95 ${(nearestRank(v, 95) / 1000).toFixed(2)} s (min ${(v[0]! / 1000).toFixed(2)}, max ${(v.at(-1)! / 1000).toFixed(2)}, n ${v.length})`;
  };
  const p95 = nearestRank(col('total'), 95);
  report.say(
    `4. new pod in DNS → every new session Established, ${results.length} replacements of a regional RR${results.length < REPLACEMENTS ? ` (step budget ended before ${REPLACEMENTS})` : ''}: p95 ${(p95 / 1000).toFixed(2)} s (target ≤ 2 s: ${p95 <= 2_000 ? 'met' : 'MISSED'})`,
  );
  for (const k of ['total', 'discovery', 'quiescence', 'apply', 'bgp'] as const) report.say(`   ${fmt(k)}`);
}

async function fakeRecord(lab: LabHandle, stateDir: string): Promise<void> {
  const state = readState(stateDir);
  const dns = state?.dns?.netns ?? '';
  const fake = '10.99.1.250';
  const record = { name: `meshrr-core.${state?.namespace ?? 'default'}.svc`, address: fake };
  await waitForStatus(lab, converged, 120_000, 200);
  const startedAt = Date.now();
  await updateRecords(dns, [{ op: 'add', ...record }]);
  const below = new Map<string, number>(); // router → since when below 2 Established upstreams
  let worst = 0;
  let chose = 0;
  const watch = async (ms: number) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const t = await timedStatus(lab);
      for (const r of regional(t.status)) {
        if (r.sessions.some((x) => x.peer === fake)) chose = Math.max(chose, 1);
        const n = upstreams(t.status, r);
        if (n < 2 && !below.has(r.name)) below.set(r.name, t.at);
        if (n >= 2 && below.has(r.name)) {
          worst = Math.max(worst, t.at - below.get(r.name)!);
          below.delete(r.name);
        }
      }
    }
    for (const since of below.values()) worst = Math.max(worst, Date.now() - since);
  };
  await watch(20_000);
  const cores = groupOf((await timedStatus(lab)).status, 'core');
  const busiest = [...cores].sort((a, b) => clientsOf(b) - clientsOf(a))[0]!;
  const replaced = labReplace(lab, busiest.name);
  await watch(40_000);
  await replaced;
  const fakeNeighbors = (await timedStatus(lab)).status.routers.filter((r) =>
    r.sessions.some((x) => x.peer === fake),
  ).length;
  await updateRecords(dns, [{ op: 'delete', ...record }]);
  // every upstream slot filled meanwhile (agents' "peer added" lines), and how many took the fake
  const fills = regional((await timedStatus(lab)).status).flatMap((r) =>
    agentLog(stateDir, r.name).filter(
      (l) => l.time >= startedAt && l.msg === 'peer added' && l.group === 'MESHRR-UPSTREAM',
    ),
  );
  const fakeFills = fills.filter((l) => l.peer === fake).length;
  report.say(
    `5. fake core record ${fake} (no BGP speaker) for 60 s, ${busiest.name} replaced meanwhile: longest time a regional RR had < 2 Established upstreams ${(worst / 1000).toFixed(1)} s (target ≤ health window ${HEALTH_WINDOW_MS / 1000} s: ${worst <= HEALTH_WINDOW_MS ? 'met' : 'MISSED'}); the fake address was ever configured: ${chose > 0 ? 'yes' : 'no'}, still configured at the end on ${fakeNeighbors} routers; upstream slots filled meanwhile: ${fills.length}, with the fake address: ${fakeFills}`,
  );
}

const blocker = labBenchBlocker();
if (blocker !== undefined) {
  report.say(`lab churn: skipped (${blocker})`);
} else {
  const stateDir = mkdtempSync(join(tmpdir(), 'mlab-churn-'));
  const lab = await labUp(TOPOLOGY, {
    stateDir,
    agentMain: AGENT_MAIN,
    labId: `ch${process.pid % 10000}`,
    logLevel: process.env['MESHRR_BENCH_LOG_LEVEL'] ?? 'info',
  });
  try {
    const { elapsedMs } = await waitForStatus(lab, converged, 180_000, 500);
    report.say(
      `lab churn (${TOPOLOGY}): 3 core + 8 regional RRs converged ${(elapsedMs / 1000).toFixed(1)} s after up; steps ${[...ARGS.steps].join(', ')}, budget ${ARGS.stepBudgetMs / 1000} s each`,
    );
    const run: Record<Step, () => Promise<void>> = {
      scale: () => scaleOut(lab),
      replace: () => replaceCores(lab, stateDir),
      crash: () => crashUpstream(lab, stateDir),
      newpod: () => replaceRegional(lab, stateDir),
      fake: () => fakeRecord(lab, stateDir),
    };
    for (const step of STEPS) {
      if (!ARGS.steps.has(step)) continue;
      stepDeadline = Date.now() + ARGS.stepBudgetMs;
      try {
        await run[step]();
      } catch (error) {
        report.say(`${step}: FAILED (${error instanceof Error ? error.message.slice(0, 400) : String(error)})`);
      }
    }
  } finally {
    await labDown(stateDir, { keepLogs: process.env['MESHRR_BENCH_KEEP_LOGS'] === '1' });
  }
}
