import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { K8sDiscoveryProvider } from '../k8sDiscoveryProvider.js';
import { k8sOptionsSchema } from '../config/options.js';
import { FakeKubeApiServer } from '../testing-support/fakeKubeApiServer.js';
import { hasOpenssl, makeTestPki, RecordingSink, type TestPki } from '@meshrr/core/testing';
import { podEndpoint, serviceAccountDir, slice, testContext } from '../testing-support/k8sFixtures.js';

const TOKEN = 'test-token-abc';
const requireReal = process.env['MESHRR_REQUIRE_REAL_SERVERS'] === '1';
const canRun = hasOpenssl();
if (!canRun)
  console.warn('SKIPPING discovery-k8s source tests: openssl is not installed (needed for the HTTPS API server CA)');
if (!canRun && requireReal) throw new Error('MESHRR_REQUIRE_REAL_SERVERS=1 but openssl is missing');

let pki: TestPki;
let sa: { dir: string; cleanup: () => void };
let server: FakeKubeApiServer;
const running: { abort: AbortController; done: Promise<void> }[] = [];

beforeAll(() => {
  if (!canRun) return;
  pki = makeTestPki();
  sa = serviceAccountDir(TOKEN, pki.caCert);
});
afterAll(() => sa?.cleanup());
afterEach(async () => {
  for (const r of running.splice(0)) {
    r.abort.abort();
    await r.done;
  }
  await server?.close();
});

async function startServer(): Promise<FakeKubeApiServer> {
  server = await FakeKubeApiServer.start({ token: TOKEN, tls: { key: pki.serverKey, cert: pki.serverCert } });
  return server;
}

function run(
  options: Record<string, unknown>,
  settings: { listPageSize?: number } = {},
): { sink: RecordingSink; ctx: ReturnType<typeof testContext>; done: Promise<void> } {
  const provider = new K8sDiscoveryProvider({
    env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(server.port) },
    serviceAccountDir: sa.dir,
    initialBackoffMs: 20,
    maxBackoffMs: 200,
    ...settings,
  });
  const ctx = testContext();
  const source = provider.create(k8sOptionsSchema.parse(options), ctx);
  const sink = new RecordingSink();
  const abort = new AbortController();
  const done = source.run(abort.signal, sink);
  running.push({ abort, done });
  return { sink, ctx, done };
}

describe.runIf(canRun)('K8sPeerSource against a local API server (HTTPS, service-account token)', () => {
  it('lists, then emits complete sets as pods are added, turn not ready, terminate and go away', async () => {
    await startServer();
    server.upsert(slice('meshrr-abc', 'meshrr', [podEndpoint('10.0.0.1', 'rr-0'), podEndpoint('10.0.0.2', 'rr-1')]));
    server.upsert(slice('other-xyz', 'other', [podEndpoint('10.9.9.9', 'x-0')]));
    const { sink } = run({ service: 'meshrr' });
    await sink.waitFor('initial set', () => sink.emits.length === 1);
    expect(sink.emits[0]).toEqual([
      {
        address: '10.0.0.1',
        labels: {
          name: 'rr-0',
          zone: 'zone-a',
          node: 'node-rr-0',
          ready: 'true',
          serving: 'true',
          terminating: 'false',
        },
      },
      {
        address: '10.0.0.2',
        labels: {
          name: 'rr-1',
          zone: 'zone-a',
          node: 'node-rr-1',
          ready: 'true',
          serving: 'true',
          terminating: 'false',
        },
      },
    ]);
    const list = server.requests.find((r) => r.query['watch'] === undefined)!;
    expect(list).toMatchObject({
      path: '/apis/discovery.k8s.io/v1/namespaces/meshrr/endpointslices',
      query: { labelSelector: 'kubernetes.io/service-name=meshrr', limit: '500' },
      authorization: `Bearer ${TOKEN}`,
    });
    await sink.waitFor('watch', () => server.openWatches === 1);
    const watch = server.requests.find((r) => r.query['watch'] === '1')!;
    expect(watch.query).toMatchObject({
      allowWatchBookmarks: 'true',
      timeoutSeconds: '300',
      labelSelector: 'kubernetes.io/service-name=meshrr',
    });

    server.upsert(
      slice('meshrr-abc', 'meshrr', [
        podEndpoint('10.0.0.1', 'rr-0'),
        podEndpoint('10.0.0.2', 'rr-1'),
        podEndpoint('10.0.0.3', 'rr-2'),
      ]),
    );
    await sink.waitFor('pod added', () => sink.lastAddresses?.length === 3);
    server.upsert(
      slice('meshrr-abc', 'meshrr', [
        podEndpoint('10.0.0.1', 'rr-0'),
        podEndpoint('10.0.0.2', 'rr-1', { ready: false }),
        podEndpoint('10.0.0.3', 'rr-2'),
      ]),
    );
    await sink.waitFor('pod not ready', () => sink.lastAddresses?.join() === '10.0.0.1,10.0.0.3');
    // publishNotReadyAddresses keeps ready=true while terminating: still removed at once.
    server.upsert(
      slice('meshrr-abc', 'meshrr', [
        podEndpoint('10.0.0.1', 'rr-0', { terminating: true }),
        podEndpoint('10.0.0.2', 'rr-1', { ready: false }),
        podEndpoint('10.0.0.3', 'rr-2'),
      ]),
    );
    await sink.waitFor('pod terminating', () => sink.lastAddresses?.join() === '10.0.0.3');
    server.remove('meshrr-abc', 'meshrr');
    await sink.waitFor('service empty', () => sink.emits.at(-1)?.length === 0);
    expect(sink.emits.map((e) => e.map((p) => p.address).join(','))).toEqual([
      '10.0.0.1,10.0.0.2',
      '10.0.0.1,10.0.0.2,10.0.0.3',
      '10.0.0.1,10.0.0.3',
      '10.0.0.3',
      '',
    ]);
    expect(sink.failures).toEqual([]);
  });

  it('merges a Service split over several slices and families, paged, and keeps it complete while slices move', async () => {
    await startServer();
    server.upsert(slice('meshrr-v4a', 'meshrr', [podEndpoint('10.0.0.1', 'rr-0')]));
    server.upsert(slice('meshrr-v4b', 'meshrr', [podEndpoint('10.0.0.2', 'rr-1'), podEndpoint('10.0.0.1', 'rr-0')]));
    server.upsert(
      slice('meshrr-v6', 'meshrr', [podEndpoint('2001:DB8::0001', 'rr-0'), podEndpoint('2001:db8::2', 'rr-1')], 'IPv6'),
    );
    server.upsert(slice('meshrr-fqdn', 'meshrr', [{ addresses: ['rr.example.net'] }], 'FQDN'));
    const { sink } = run({ service: 'meshrr', port_name: 'bgp' }, { listPageSize: 2 });
    await sink.waitFor('initial set', () => sink.emits.length === 1);
    expect(sink.emits[0]!.map((p) => `${p.address}:${p.port}`).sort()).toEqual([
      '10.0.0.1:179',
      '10.0.0.2:179',
      '2001:db8::1:179',
      '2001:db8::2:179',
    ]);
    expect(server.requests.filter((r) => r.query['watch'] === undefined).length).toBe(2);
    // The controller moves rr-1 to another slice: two events, the set stays the same.
    server.upsert(slice('meshrr-v4c', 'meshrr', [podEndpoint('10.0.0.2', 'rr-1')]));
    server.upsert(slice('meshrr-v4b', 'meshrr', [podEndpoint('10.0.0.1', 'rr-0')]));
    server.upsert(slice('meshrr-v4c', 'meshrr', [podEndpoint('10.0.0.2', 'rr-1'), podEndpoint('10.0.0.3', 'rr-2')]));
    await sink.waitFor('next change', () => sink.emits.length === 2);
    expect(sink.lastAddresses).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '2001:db8::1', '2001:db8::2']);
    // However the watch events are batched, no set in between lost 10.0.0.2 (never a partial set).
    expect(
      sink.emits.map((e) =>
        e
          .map((p) => p.address)
          .sort()
          .join(),
      ),
    ).toEqual(['10.0.0.1,10.0.0.2,2001:db8::1,2001:db8::2', '10.0.0.1,10.0.0.2,10.0.0.3,2001:db8::1,2001:db8::2']);
    expect(sink.failures).toEqual([]);
    server.bookmark();
    const successes = sink.calls.filter((c) => c.kind === 'success').length;
    await sink.waitFor(
      'bookmark counted as success',
      () => sink.calls.filter((c) => c.kind === 'success').length === successes + 1,
    );
  });

  it('re-lists after 410 Gone (expired watch, compacted history) without reporting a failure', async () => {
    await startServer();
    server.upsert(slice('meshrr-a', 'meshrr', [podEndpoint('10.0.0.1', 'rr-0')]));
    const { sink, ctx } = run({ service: 'meshrr' });
    await sink.waitFor('watch', () => server.openWatches === 1);
    server.expireWatches();
    server.upsert(slice('meshrr-a', 'meshrr', [podEndpoint('10.0.0.1', 'rr-0'), podEndpoint('10.0.0.5', 'rr-5')]));
    await sink.waitFor('set after re-list', () => sink.lastAddresses?.join() === '10.0.0.1,10.0.0.5');
    const lists = server.requests.filter((r) => r.query['watch'] === undefined);
    expect(lists.length).toBe(2);
    // A watch ended by the server, then history compacted: re-watch from the old version gets ERROR 410.
    await sink.waitFor('watch again', () => server.openWatches === 1);
    server.bookmark(); // (a watch ending silently within 1 s would count as a failure: "short watch")
    await sink.waitFor('bookmark', () => sink.calls.at(-1)?.kind === 'success');
    server.endWatches(); // the stream ends before the next change reaches it...
    server.upsert(slice('meshrr-a', 'meshrr', [podEndpoint('10.0.0.5', 'rr-5')]));
    server.compact(); // ...and history is compacted: the re-watch from the old version gets ERROR 410
    await sink.waitFor('set after second re-list', () => sink.lastAddresses?.join() === '10.0.0.5');
    expect(server.requests.filter((r) => r.query['watch'] === undefined).length).toBe(3);
    expect(sink.failures).toEqual([]);
    // each full list is one timed lookup; watches are not
    expect(
      ctx.metrics.observations('meshrr_discovery_lookup_duration_seconds', {
        group: ctx.group,
        sourcetype: 'kubernetes',
      }),
    ).toHaveLength(3);
  });

  it('keeps the last set while the API server is down, reports failures, and recovers with the new set', async () => {
    await startServer();
    server.upsert(slice('meshrr-a', 'meshrr', [podEndpoint('10.0.0.1', 'rr-0'), podEndpoint('10.0.0.2', 'rr-1')]));
    const { sink } = run({ service: 'meshrr' });
    await sink.waitFor('watch', () => server.openWatches === 1);
    await server.down();
    server.compact();
    server.upsert(slice('meshrr-a', 'meshrr', [podEndpoint('10.0.0.2', 'rr-1')]));
    await sink.waitFor('failures while down', () => sink.failures.length >= 3);
    expect(sink.emits.length).toBe(1);
    expect(sink.failures.every((e) => 'kind' in e && e.kind === 'connection')).toBe(true);
    await server.up();
    await sink.waitFor('recovered set', () => sink.lastAddresses?.join() === '10.0.0.2');
    expect(sink.emits.length).toBe(2);
  });

  it('reports a dropped watch stream, then resumes from the last resource version (no re-list)', async () => {
    await startServer();
    server.upsert(slice('meshrr-a', 'meshrr', [podEndpoint('10.0.0.1', 'rr-0')]));
    const { sink } = run({ service: 'meshrr' });
    await sink.waitFor('watch', () => server.openWatches === 1);
    const rv = server.resourceVersion;
    server.dropConnections();
    await sink.waitFor('failure', () => sink.failures.length === 1);
    await sink.waitFor('re-watch', () => server.openWatches === 1);
    server.upsert(slice('meshrr-a', 'meshrr', [podEndpoint('10.0.0.1', 'rr-0'), podEndpoint('10.0.0.7', 'rr-7')]));
    await sink.waitFor('event after re-watch', () => sink.lastAddresses?.length === 2);
    const watches = server.requests.filter((r) => r.query['watch'] === '1');
    expect(watches.at(-1)?.query['resourceVersion']).toBe(rv);
    expect(server.requests.filter((r) => r.query['watch'] === undefined).length).toBe(1);
  });

  it('reports 403 with the RBAC hint, 429 honouring Retry-After, slow lists as timeouts; never emits on failure', async () => {
    await startServer();
    server.upsert(slice('meshrr-a', 'meshrr', [podEndpoint('10.0.0.1', 'rr-0')]));
    server.failNext(
      1,
      403,
      'Forbidden',
      'endpointslices.discovery.k8s.io is forbidden: User "system:serviceaccount:meshrr:meshrr" cannot list resource "endpointslices"',
    );
    server.failNext(1, 429, 'TooManyRequests', 'Too many requests, please try again later.', 0);
    server.latencyMs = 0;
    const { sink } = run({ service: 'meshrr', request_timeout_seconds: 2 });
    await sink.waitFor('two failures', () => sink.failures.length === 2);
    expect(sink.failures[0]!.message).toMatch(
      /403 Forbidden: endpointslices.* cannot list .*examples\/kubernetes-rbac/,
    );
    expect(sink.failures[1]).toMatchObject({ kind: 'http-429', retryAfterMs: 0 });
    await sink.waitFor('initial set and watch', () => sink.emits.length === 1 && server.openWatches === 1);
    server.latencyMs = 4_000;
    server.expireWatches();
    await sink.waitFor('timeout failure', () => sink.failures.some((e) => 'kind' in e && e.kind === 'timeout'));
    expect(sink.emits.length).toBe(1);
    server.latencyMs = 0;
    server.upsert(slice('meshrr-a', 'meshrr', [podEndpoint('10.0.0.4', 'rr-4')]));
    await sink.waitFor('recovered', () => sink.lastAddresses?.join() === '10.0.0.4');
  });

  it('refuses an invalid address as a failure and keeps the last good set', async () => {
    await startServer();
    server.upsert(slice('meshrr-a', 'meshrr', [podEndpoint('10.0.0.1', 'rr-0')]));
    const { sink } = run({ service: 'meshrr' });
    await sink.waitFor('initial', () => sink.emits.length === 1);
    server.upsert(slice('meshrr-b', 'meshrr', [podEndpoint('127.0.0.1', 'bad')]));
    await sink.waitFor('failure', () => sink.failures.length === 1);
    expect(sink.failures[0]).toMatchObject({
      kind: 'invalid-peer',
      message:
        'EndpointSlices: 1 record rejected, set refused: EndpointSlice meshrr/meshrr-b: 127.0.0.1 is a loopback address, which cannot be a BGP peer',
    });
    server.remove('meshrr-b', 'meshrr');
    server.upsert(slice('meshrr-a', 'meshrr', [podEndpoint('10.0.0.2', 'rr-2')]));
    await sink.waitFor('next good set', () => sink.lastAddresses?.join() === '10.0.0.2');
    expect(sink.emits.length).toBe(2);
  });

  it('emits [] at once for a Service without slices (authoritative empty)', async () => {
    await startServer();
    const { sink } = run({ hostname: 'nothing.meshrr.svc.cluster.local' });
    await sink.waitFor('empty set', () => sink.emits.length === 1);
    expect(sink.emits[0]).toEqual([]);
    expect(server.requests[0]!.path).toBe('/apis/discovery.k8s.io/v1/namespaces/meshrr/endpointslices');
  });

  it('runs out of cluster from a kubeconfig (CA data, token, context namespace)', async () => {
    await startServer();
    server.upsert(slice('meshrr-a', 'meshrr', [podEndpoint('10.0.0.1', 'rr-0')]));
    const kubeconfig = `apiVersion: v1
kind: Config
current-context: lab
clusters:
- name: lab
  cluster: { server: "${server.url}", certificate-authority-data: ${Buffer.from(pki.caCert).toString('base64')} }
contexts:
- name: lab
  context: { cluster: lab, user: agent, namespace: meshrr }
users:
- name: agent
  user: { token: ${TOKEN} }
`;
    writeFileSync(join(sa.dir, 'kubeconfig'), kubeconfig);
    const provider = new K8sDiscoveryProvider({ env: {}, serviceAccountDir: '/nonexistent' });
    const sink = new RecordingSink();
    const abort = new AbortController();
    const source = provider.create(
      k8sOptionsSchema.parse({ service: 'meshrr', kubeconfig: 'kubeconfig' }),
      testContext(sa.dir),
    );
    running.push({ abort, done: source.run(abort.signal, sink) });
    await sink.waitFor('set via kubeconfig', () => sink.emits.length === 1);
    expect(sink.lastAddresses).toEqual(['10.0.0.1']);
  });

  it('rejects run with a configuration error outside a cluster, after reporting it', async () => {
    await startServer();
    const provider = new K8sDiscoveryProvider({ env: {}, serviceAccountDir: sa.dir });
    const sink = new RecordingSink();
    const source = provider.create(k8sOptionsSchema.parse({ service: 'meshrr' }), testContext());
    await expect(source.run(new AbortController().signal, sink)).rejects.toMatchObject({
      code: 'k8s-config',
      message: expect.stringMatching(/KUBERNETES_SERVICE_HOST/),
    });
    expect(sink.failures.length).toBe(1);
  });
});
