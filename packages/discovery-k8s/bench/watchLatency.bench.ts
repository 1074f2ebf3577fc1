/**
 * Benchmark: time from an EndpointSlice change on a local API server (HTTPS, service-account
 * token, chunked watch stream) to the kubernetes source emitting the new complete set, over
 * BENCH_CHANGES (default 300) changes, alternately adding and removing a pod. Reference measured
 * in the same run: one plain list request (new TLS connection) to the same server — what a single
 * poll costs before any poll interval. Target: p99 ≤ 50 ms.
 * Run: npm run bench (needs openssl for the test CA).
 */
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { systemClock, type DiscoveredPeer } from '@meshrr/core';
import { MemoryLogger, MemoryMetrics } from '@meshrr/core/testing';
import { K8sDiscoveryProvider } from '../src/k8sDiscoveryProvider.js';
import { FakeKubeApiServer } from '../src/testing-support/fakeKubeApiServer.js';
import { podEndpoint, serviceAccountDir, slice } from '../src/testing-support/k8sFixtures.js';
import { makeTestPki } from '@meshrr/core/testing';
import { benchReporter, summarize } from '@meshrr/core/bench';

const CHANGES = Number(process.env['BENCH_CHANGES'] ?? 300);
const TOKEN = 'bench-token';
const report = benchReporter(process.env);

const pki = makeTestPki();
const sa = serviceAccountDir(TOKEN, pki.caCert);
const server = await FakeKubeApiServer.start({ token: TOKEN, tls: { key: pki.serverKey, cert: pki.serverCert } });
const base = [podEndpoint('10.0.0.1', 'rr-0'), podEndpoint('10.0.0.2', 'rr-1'), podEndpoint('10.0.0.3', 'rr-2')];
server.upsert(slice('meshrr-a', 'meshrr', base));

let lastKey = '';
let waiter: { want: string; resolve: () => void } | undefined;
const key = (peers: readonly DiscoveredPeer[]): string =>
  peers
    .map((p) => p.address)
    .sort()
    .join(',');
const sink = {
  emit: (peers: readonly DiscoveredPeer[]) => {
    lastKey = key(peers);
    if (waiter !== undefined && waiter.want === lastKey) waiter.resolve();
  },
  reportSuccess: () => undefined,
  reportFailure: (e: Error) => console.error(`  failure: ${e.message}`),
};
const until = (want: string): Promise<void> =>
  lastKey === want ? Promise.resolve() : new Promise((resolve) => (waiter = { want, resolve }));

const provider = new K8sDiscoveryProvider({
  env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(server.port) },
  serviceAccountDir: sa.dir,
});
const parsed = provider.optionsSchema.safeParse({ service: 'meshrr' });
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
await until('10.0.0.1,10.0.0.2,10.0.0.3');

const listOnce = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = https.get(
      `${server.url}/apis/discovery.k8s.io/v1/namespaces/meshrr/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dmeshrr`,
      { ca: pki.caCert, headers: { Authorization: `Bearer ${TOKEN}` }, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - t0));
      },
    );
    req.on('error', reject);
  });
report.begin();
const watch: number[] = [];
const list: number[] = [];
for (let i = 0; i < CHANGES; i++) {
  const adding = i % 2 === 0;
  const endpoints = adding ? [...base, podEndpoint('10.0.0.4', 'rr-3')] : base;
  const want = adding ? '10.0.0.1,10.0.0.2,10.0.0.3,10.0.0.4' : '10.0.0.1,10.0.0.2,10.0.0.3';
  const t0 = performance.now();
  server.upsert(slice('meshrr-a', 'meshrr', endpoints));
  await until(want);
  watch.push(performance.now() - t0);
  if (i % 3 === 2) list.push(await listOnce());
}

controller.abort();
await done;
await server.close();
sa.cleanup();

report.table({
  area: 'Discovery: Kubernetes',
  title: 'an EndpointSlice change on a local API server (HTTPS, token, chunked watch) → the source emits the new set',
  unit: 'ms',
  ratio: 'multiple',
  spans: [
    'meshrr: the server applies the change → the kubernetes source emitted the new complete set (a pod added or removed, alternately)',
    'reference: one list request on a new TLS connection to the same server (what one poll costs, before any poll period), interleaved every third change',
  ],
  settings: `${CHANGES} changes; watch with resourceVersion and bookmarks`,
  rows: [
    {
      case: 'EndpointSlice change → new set emitted',
      reference: { label: 'one list (TLS)', summary: summarize(list) },
      candidate: { label: 'meshrr', summary: summarize(watch) },
      target: { kind: 'ceiling', stat: 'p99', atMost: 50 },
    },
  ],
});
