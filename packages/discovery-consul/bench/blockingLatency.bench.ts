/**
 * Benchmark: time from a change in a local Consul HTTP API (an instance failing / passing its
 * health check) to the consul source emitting the new complete set, over BENCH_CHANGES (default
 * 300) changes, with a blocking query parked on the server. The token bucket is opened
 * (`rate_limit_interval_seconds: 0`) because the changes come back to back; with the default
 * (burst 2, 15 s) a sustained churn is delivered at most every 15 s by design. Reference measured
 * in the same run: one non-blocking health query (new connection). Target: p99 ≤ 50 ms.
 * Run: npm run bench.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { systemClock, type DiscoveredPeer } from '@meshrr/core';
import { MemoryLogger, MemoryMetrics } from '@meshrr/core/testing';
import { benchReporter, summarize } from '@meshrr/core/bench';
import { ConsulDiscoveryProvider } from '../src/consulDiscoveryProvider.js';
import { FakeConsulServer } from '../src/testing-support/fakeConsulServer.js';

const CHANGES = Number(process.env['BENCH_CHANGES'] ?? 300);
const report = benchReporter(process.env);

const server = await FakeConsulServer.start();
for (const n of [1, 2, 3])
  server.register('bgp-rr', {
    id: `rr-${n}`,
    node: `core-${n}`,
    nodeAddress: `192.0.2.${n}`,
    port: 179,
    tags: ['core'],
  });

let lastKey = '';
let waiter: { want: string; resolve: () => void } | undefined;
const sink = {
  emit: (peers: readonly DiscoveredPeer[]) => {
    lastKey = peers
      .map((p) => p.address)
      .sort()
      .join(',');
    if (waiter !== undefined && waiter.want === lastKey) waiter.resolve();
  },
  reportSuccess: () => undefined,
  reportFailure: (e: Error) => console.error(`  failure: ${e.message}`),
};
const until = (want: string): Promise<void> =>
  lastKey === want ? Promise.resolve() : new Promise((resolve) => (waiter = { want, resolve }));

const provider = new ConsulDiscoveryProvider({ env: { CONSUL_HTTP_ADDR: server.url } });
const parsed = provider.optionsSchema.safeParse({ service: 'bgp-rr', tag: 'core', rate_limit_interval_seconds: 0 });
if (!parsed.success) throw new Error('bad options');
const controller = new AbortController();
const context = {
  group: 'BENCH',
  logger: new MemoryLogger(),
  clock: systemClock,
  metrics: new MemoryMetrics(),
  baseDir: '/',
  maxRefreshMs: 30_000,
};
const done = provider.create(parsed.data, context).run(controller.signal, sink);
await until('192.0.2.1,192.0.2.2,192.0.2.3');

const queryOnce = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const t0 = performance.now();
    http
      .get(`${server.url}/v1/health/service/bgp-rr?passing=1&tag=core`, { agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - t0));
      })
      .on('error', reject);
  });
report.begin();
const blocking: number[] = [];
const single: number[] = [];
for (let i = 0; i < CHANGES; i++) {
  while (server.blockedQueries === 0) await new Promise((r) => setImmediate(r));
  const failing = i % 2 === 0;
  const t0 = performance.now();
  server.setStatus('rr-2', failing ? 'critical' : 'passing');
  await until(failing ? '192.0.2.1,192.0.2.3' : '192.0.2.1,192.0.2.2,192.0.2.3');
  blocking.push(performance.now() - t0);
  if (i % 3 === 2) single.push(await queryOnce());
}

controller.abort();
await done;
await server.close();

report.table({
  area: 'Discovery: Consul',
  title: 'a health-check change in a local Consul HTTP API → the source emits the new set (blocking queries)',
  unit: 'ms',
  ratio: 'multiple',
  spans: [
    'meshrr: the server applies the change (an instance failing / passing) → the consul source emitted the new complete set',
    'reference: one non-blocking health query on a new connection to the same server (what one poll costs, before any poll period), interleaved every third change',
  ],
  settings: `${CHANGES} changes back to back; rate_limit_interval_seconds 0 (the default token bucket, burst 2 per 15 s, would pace a sustained churn by design)`,
  rows: [
    {
      case: 'health-check change → new set emitted',
      reference: { label: 'one health query', summary: summarize(single) },
      candidate: { label: 'meshrr', summary: summarize(blocking) },
      target: { kind: 'ceiling', stat: 'p99', atMost: 50 },
    },
  ],
});
