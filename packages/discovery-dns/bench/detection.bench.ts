/**
 * Benchmark: time from an RFC 2136 update (nsupdate) on a real authoritative server to the DNS
 * source emitting the new peer set, with zone TTL 1 s and 5 s, against meshrr's fixed 30 s poll.
 * Each run waits a random phase first, so updates land anywhere in the refresh cycle (as pods do).
 * Run: npm run bench (needs root, named/knotd and nsupdate; BENCH_SERVERS=bind,knot; BENCH_RUNS_TTL1/5).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { systemClock, type DiscoveredPeer } from '@meshrr/core';
import { DnsDiscoveryProvider } from '../src/dnsDiscoveryProvider.js';
import { k8sZone, pod, podUpdate } from '../src/testing-support/k8sZone.js';
import { RealDnsServer, realServerBlocker, type ServerKind } from '../src/testing-support/realDnsServer.js';
import { MemoryMetrics } from '@meshrr/core/testing';
import { recordingLogger } from '../src/testing-support/recorders.js';

const MESHRR_POLL_S = 30;
const env = process.env;
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
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
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
    maxRefreshMs: MESHRR_POLL_S * 1000,
  };
  const controller = new AbortController();
  const done = provider.create(parsed.data, context).run(controller.signal, sink);
  const base = '10.0.0.1,10.0.0.2,10.0.0.3';
  await until(base);
  const row: Row = { server: server.kind, ttl, samples: [], nsupdate: [] };
  for (let i = 0; i < runs; i += 1) {
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
  const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
  console.log('\nDNS discovery: time from nsupdate start to the new set emitted (random phase per run)');
  console.log(
    `reference: meshrr polls every ${MESHRR_POLL_S} s -> expected median ${MESHRR_POLL_S / 2} s, worst ${MESHRR_POLL_S} s (before CoreDNS cache)\n`,
  );
  console.log(
    '| server | TTL | runs | median | min | max | nsupdate median | speed-up vs meshrr median (15 s) | vs meshrr worst (30 s) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const med = median(r.samples);
    const cells = [
      r.server,
      `${r.ttl} s`,
      r.samples.length,
      s(med),
      s(Math.min(...r.samples)),
      s(Math.max(...r.samples)),
      s(median(r.nsupdate)),
      `${(((MESHRR_POLL_S / 2) * 1000) / med).toFixed(1)}x`,
      `${((MESHRR_POLL_S * 1000) / Math.max(...r.samples)).toFixed(1)}x`,
    ];
    console.log(`| ${cells.join(' | ')} |`);
  }
}

const rows: Row[] = [];
for (const kind of servers) {
  const blocker = realServerBlocker(kind);
  if (blocker !== undefined) {
    console.warn(`!!! skipping ${kind}: ${blocker}`);
    continue;
  }
  rows.push(...(await benchServer(kind)));
}
if (rows.length > 0) print(rows);
