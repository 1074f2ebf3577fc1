/**
 * Benchmark: time from an RFC 2136 update (nsupdate) on a real authoritative server (bind9, knot) to
 * the DNS source emitting the new peer set, zone TTL 1 s and 5 s. Each run waits a random phase
 * first, so updates land anywhere in the refresh cycle (as pods do). Reference measured in the same
 * run against the same server: one A lookup (node:dns, UDP) — what a single poll costs, before any
 * poll period. Python meshrr's 30 s poll is not measured here (it is not installable on this
 * machine: PyEZ and a cRPD are needed) and no figure is claimed for it.
 * Target: p99 ≤ TTL + 500 ms. Needs root, named/knotd and nsupdate. Env: BENCH_SERVERS=bind,knot;
 * BENCH_RUNS_TTL1 (default 9), BENCH_RUNS_TTL5 (default 5).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resolver } from 'node:dns/promises';
import { performance } from 'node:perf_hooks';
import { systemClock, type DiscoveredPeer } from '@meshrr/core';
import { benchReporter, summarize, type BenchRow } from '@meshrr/core/bench';
import { DnsDiscoveryProvider } from '../src/dnsDiscoveryProvider.js';
import { k8sZone, pod, podUpdate, SERVICE } from '../src/testing-support/k8sZone.js';
import { RealDnsServer, realServerBlocker, type ServerKind } from '../src/testing-support/realDnsServer.js';
import { MemoryMetrics } from '@meshrr/core/testing';
import { recordingLogger } from '../src/testing-support/recorders.js';

const env = process.env;
const report = benchReporter(env);
const servers = (env['BENCH_SERVERS'] ?? 'bind,knot')
  .split(',')
  .filter((s): s is ServerKind => s === 'bind' || s === 'knot');
const runsFor: Record<number, number> = {
  1: Number(env['BENCH_RUNS_TTL1'] ?? 9),
  5: Number(env['BENCH_RUNS_TTL5'] ?? 5),
};

interface Row {
  server: ServerKind;
  ttl: number;
  samples: number[];
  nsupdate: number[];
  lookup: number[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const v4 = (peers: readonly DiscoveredPeer[]) => peers.map((p) => p.address).join(',');

async function measure(server: RealDnsServer, dir: string, ttl: number, runs: number): Promise<Row> {
  let last = '';
  let waiter: { want: string; resolve: () => void } | undefined;
  const sink = {
    emit: (peers: readonly DiscoveredPeer[]) => {
      last = v4(peers);
      if (waiter && last === waiter.want) waiter.resolve();
    },
    reportSuccess: () => undefined,
    reportFailure: (e: Error) => console.error(`  lookup failure: ${e.message}`),
  };
  const until = (want: string) =>
    last === want ? Promise.resolve() : new Promise<void>((resolve) => (waiter = { want, resolve }));
  const provider = new DnsDiscoveryProvider({ resolvConfPath: join(dir, 'resolv.conf') });
  const parsed = provider.optionsSchema.safeParse({
    hostname: 'meshrr',
    nameservers: [`127.0.0.1:${server.port}`],
    address_families: ['ipv4'],
  });
  if (!parsed.success) throw new Error('bad options');
  const context = {
    group: 'BENCH',
    logger: recordingLogger(),
    clock: systemClock,
    metrics: new MemoryMetrics(),
    baseDir: dir,
    maxRefreshMs: 30_000,
  };
  const controller = new AbortController();
  const done = provider.create(parsed.data, context).run(controller.signal, sink);
  const base = '10.0.0.1,10.0.0.2,10.0.0.3';
  await until(base);
  const row: Row = { server: server.kind, ttl, samples: [], nsupdate: [], lookup: [] };
  const resolver = new Resolver();
  resolver.setServers([`127.0.0.1:${server.port}`]);
  for (let i = 0; i < runs; i += 1) {
    const q0 = performance.now();
    await resolver.resolve4(SERVICE);
    row.lookup.push(performance.now() - q0);
    await sleep(Math.random() * ttl * 1000);
    const adding = i % 2 === 0;
    const t0 = performance.now();
    await server.nsupdate(podUpdate(adding ? 'add' : 'delete', pod(3), ttl));
    row.nsupdate.push(performance.now() - t0);
    await until(adding ? `${base},10.0.0.4` : base);
    row.samples.push(performance.now() - t0);
  }
  controller.abort();
  await done;
  return row;
}

async function benchServer(kind: ServerKind): Promise<Row[]> {
  const rows: Row[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'meshrr-dns-bench-'));
  writeFileSync(
    join(dir, 'resolv.conf'),
    'search default.svc.cluster.local core.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n',
  );
  for (const ttl of [1, 5]) {
    const server = new RealDnsServer(kind);
    try {
      await server.start(k8sZone([pod(0), pod(1), pod(2)], ttl));
      rows.push(await measure(server, dir, ttl, runsFor[ttl] ?? 5));
    } finally {
      await server.dispose();
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return rows;
}

function print(rows: Row[]): void {
  const table: BenchRow[] = rows.map((r) => ({
    case: `${r.server}, TTL ${r.ttl} s: nsupdate → new set emitted`,
    reference: { label: 'one A lookup', summary: summarize(r.lookup) },
    candidate: { label: 'meshrr', summary: summarize(r.samples) },
    target: { kind: 'ceiling', stat: 'p99', atMost: r.ttl * 1000 + 500 },
  }));
  report.table({
    area: 'Discovery: DNS',
    title: 'a pod added or removed in a real authoritative DNS server → the source emits the new set',
    unit: 'ms',
    ratio: 'multiple',
    spans: [
      'meshrr: nsupdate started → the DNS source emitted the new complete set (random phase in the TTL before each update)',
      'reference: one A query for the Service over UDP to the same server (node:dns), what one poll costs',
    ],
    settings: 'TTL-driven refresh (the source re-resolves when the shortest TTL expires), zone TTL 1 s and 5 s',
    notes: [
      `nsupdate itself took a median of ${Math.round(summarize(rows.flatMap((r) => r.nsupdate)).median)} ms of each span`,
      'Python meshrr (UPDATE_SECONDS = 30 s poll) not run: not installable here; no figure is claimed for it',
    ],
    rows: table,
  });
}

const rows: Row[] = [];
for (const kind of servers) {
  const blocker = realServerBlocker(kind);
  if (blocker !== undefined) {
    report.say(`DNS discovery: skipping ${kind}: ${blocker}`);
    continue;
  }
  if (rows.length === 0) report.begin();
  rows.push(...(await benchServer(kind)));
}
if (rows.length > 0) print(rows);
