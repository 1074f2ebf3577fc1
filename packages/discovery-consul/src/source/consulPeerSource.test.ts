import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConsulDiscoveryProvider } from '../consulDiscoveryProvider.js';
import { consulOptionsSchema } from '../config/options.js';
import { testContext } from '../testing-support/consulFixtures.js';
import { FakeConsulServer } from '../testing-support/fakeConsulServer.js';
import { hasOpenssl, makeTestPki, RecordingSink } from '@meshrr/core/testing';

let server: FakeConsulServer;
let dir: string;
const running: { abort: AbortController; done: Promise<void> }[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshrr-consul-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  for (const r of running.splice(0)) {
    r.abort.abort();
    await r.done;
  }
  await server?.close();
});

function run(
  options: Record<string, unknown>,
  env: Record<string, string> = {},
): { sink: RecordingSink; done: Promise<void>; ctx: ReturnType<typeof testContext> } {
  const ctx = testContext(dir);
  const provider = new ConsulDiscoveryProvider({
    env: { CONSUL_HTTP_ADDR: server.url, ...env },
    initialBackoffMs: 20,
    maxBackoffMs: 200,
  });
  const source = provider.create(consulOptionsSchema.parse({ rate_limit_interval_seconds: 0, ...options }), ctx);
  const sink = new RecordingSink();
  const abort = new AbortController();
  const done = source.run(abort.signal, sink);
  running.push({ abort, done });
  return { sink, done, ctx };
}

const rr = (n: number, extra: Partial<Parameters<FakeConsulServer['register']>[1]> = {}) => ({
  id: `bgp-rr-${n}`,
  node: `core-${n}`,
  nodeAddress: `192.0.2.${n}`,
  port: 179,
  tags: ['core'],
  ...extra,
});
const blocking = (): number => server.requests.filter((r) => r.query.has('index')).length;

describe('ConsulPeerSource against a local Consul HTTP API', () => {
  it('emits passing instances (Service.Address, else Node.Address), then follows health checks with blocking queries', async () => {
    server = await FakeConsulServer.start({ token: 's3cr3t' });
    writeFileSync(join(dir, 'token'), 's3cr3t\n');
    server.register('bgp-rr', rr(11, { address: '198.51.100.11', meta: { zone: 'east' } }));
    server.register('bgp-rr', rr(12));
    server.register('bgp-rr', rr(13, { tags: ['edge'] }));
    server.register('bgp-rr', rr(14, { status: 'critical' }));
    const { sink } = run({ service: 'bgp-rr', tag: 'core', token_file: 'token', wait_seconds: 30 });
    await sink.waitFor('initial set', () => sink.emits.length === 1);
    expect(sink.emits[0]).toEqual([
      {
        address: '198.51.100.11',
        port: 179,
        labels: {
          name: 'core-11',
          node: 'core-11',
          service_id: 'bgp-rr-11',
          health: 'passing',
          datacenter: 'dc1',
          zone: 'east',
        },
      },
      {
        address: '192.0.2.12',
        port: 179,
        labels: { name: 'core-12', node: 'core-12', service_id: 'bgp-rr-12', health: 'passing', datacenter: 'dc1' },
      },
    ]);
    await sink.waitFor('blocking query', () => server.blockedQueries === 1);
    const req = server.requests.at(-1)!;
    expect([
      req.path,
      req.query.getAll('tag'),
      req.query.get('passing'),
      req.query.get('index'),
      req.query.get('wait'),
      req.token,
    ]).toEqual(['/v1/health/service/bgp-rr', ['core'], '1', String(server.serviceIndex('bgp-rr')), '30s', 's3cr3t']);

    server.setStatus('bgp-rr-12', 'critical');
    await sink.waitFor('failing instance removed', () => sink.lastAddresses?.join() === '198.51.100.11');
    server.setStatus('bgp-rr-12', 'passing');
    await sink.waitFor('instance back', () => sink.lastAddresses?.length === 2);
    server.deregister('bgp-rr-11');
    server.deregister('bgp-rr-12');
    await sink.waitFor('authoritative empty', () => sink.emits.at(-1)?.length === 0);
    expect(sink.failures).toEqual([]);
  });

  it('reports success when a blocking query times out without change', async () => {
    server = await FakeConsulServer.start();
    server.register('bgp-rr', rr(1));
    const { sink } = run({ service: 'bgp-rr', wait_seconds: 1 });
    await sink.waitFor('a success after wait', () => sink.calls.some((c) => c.kind === 'success'));
    expect(sink.emits.length).toBe(1);
  });

  it('resets the index to 0 when it goes backwards and never blocks on index 0', async () => {
    server = await FakeConsulServer.start();
    server.register('bgp-rr', rr(1));
    server.register('bgp-rr', rr(2));
    const { sink, ctx } = run({ service: 'bgp-rr', wait_seconds: 30 });
    await sink.waitFor('blocking', () => server.blockedQueries === 1);
    const before = server.requests.length;
    server.restoreSnapshot(50);
    await sink.waitFor('blocking again', () => server.blockedQueries === 1 && server.requests.length >= before + 2);
    expect(server.requests.slice(before).map((r) => r.query.get('index'))).toEqual([null, '50']);
    // the two reads at index 0 are timed lookups; blocking queries are not
    const timed = (): number =>
      ctx.metrics.observations('meshrr_discovery_lookup_duration_seconds', { group: ctx.group, sourcetype: 'consul' })
        .length;
    expect(timed()).toBe(2);
    server.deregister('bgp-rr-2');
    await sink.waitFor('change after restore', () => sink.lastAddresses?.join() === '192.0.2.1');

    server.zeroIndex = true;
    server.register('bgp-rr', rr(3));
    await sink.waitFor(
      'blocks on index 1',
      () => server.blockedQueries === 1 && server.requests.at(-1)?.query.get('index') === '1',
    );
  });

  it('keeps the last set through 500s, leader loss and an outage, reporting each failure', async () => {
    server = await FakeConsulServer.start();
    server.register('bgp-rr', rr(1));
    server.register('bgp-rr', rr(2));
    const { sink } = run({ service: 'bgp-rr', wait_seconds: 30 });
    await sink.waitFor('blocking', () => server.blockedQueries === 1);
    server.leader = false;
    server.failNext(1, 500, 'rpc error making call: EOF');
    server.dropConnections();
    await sink.waitFor('leader failures', () => sink.failures.length >= 3);
    expect(sink.failures.map((e) => (e as { kind?: string }).kind).slice(0, 3)).toEqual([
      'connection',
      'http-500',
      'http-500',
    ]);
    expect(sink.failures[2]!.message).toBe('consul service bgp-rr: HTTP 500: No cluster leader');
    await server.down();
    server.leader = true;
    server.deregister('bgp-rr-1');
    const failed = sink.failures.length;
    await sink.waitFor('outage failures', () => sink.failures.length >= failed + 2);
    expect(sink.emits.length).toBe(1);
    const sent = server.requests.length;
    await server.up();
    await sink.waitFor('recovered', () => sink.lastAddresses?.join() === '192.0.2.2');
    expect(server.requests[sent]!.query.has('index')).toBe(false);
  });

  it('accepts answers without a known leader only with allow_stale', async () => {
    server = await FakeConsulServer.start();
    server.register('bgp-rr', rr(1));
    server.leader = false;
    const { sink } = run({ service: 'bgp-rr', allow_stale: true, wait_seconds: 30 });
    await sink.waitFor('stale set', () => sink.emits.length === 1);
    expect(server.requests[0]!.query.has('stale')).toBe(true);
  });

  it('refuses ACL-denied answers, invalid addresses and other datacenters as failures', async () => {
    server = await FakeConsulServer.start({ token: 'right' });
    server.register('bgp-rr', rr(1, { address: 'rr1.example.net' }));
    const { sink } = run({ service: 'bgp-rr' }, { CONSUL_HTTP_TOKEN: 'wrong' });
    await sink.waitFor('failure', () => sink.failures.length >= 1);
    expect(sink.failures[0]!.message).toBe(
      'consul service bgp-rr: HTTP 403: ACL not found (the ACL token needs service:read on the service and node:read)',
    );
    const second = run(
      { service: 'bgp-rr', datacenter: 'dc1', namespace: 'team-a', partition: 'p1' },
      { CONSUL_HTTP_TOKEN: 'right' },
    );
    await second.sink.waitFor('invalid peer', () => second.sink.failures.length >= 1);
    expect(second.sink.failures[0]).toMatchObject({
      kind: 'invalid-peer',
      message:
        'consul service bgp-rr: 1 record rejected, set refused: instance bgp-rr-1 on node core-1: "rr1.example.net" is not an IP address literal',
    });
    // the second source's own request: the first one (wrong token) keeps retrying beside it
    const q = server.requests.findLast((r) => r.token === 'right')!.query;
    expect([q.get('dc'), q.get('ns'), q.get('partition')]).toEqual(['dc1', 'team-a', 'p1']);
    expect(second.sink.emits).toEqual([]);
  });

  it('never uses an answer partly hidden by ACLs', async () => {
    server = await FakeConsulServer.start();
    server.register('bgp-rr', rr(1));
    server.aclFiltered = true;
    const { sink } = run({ service: 'bgp-rr' });
    await sink.waitFor('failure', () => sink.failures.length >= 1);
    expect(sink.failures[0]).toMatchObject({ kind: 'acl-filtered' });
    server.aclFiltered = false;
    await sink.waitFor('set', () => sink.emits.length === 1);
  });

  it('rejects run for an unusable CONSUL_HTTP_ADDR after reporting it', async () => {
    server = await FakeConsulServer.start();
    const provider = new ConsulDiscoveryProvider({ env: { CONSUL_HTTP_ADDR: 'http://[::1' } });
    const sink = new RecordingSink();
    await expect(
      provider
        .create(consulOptionsSchema.parse({ service: 'x' }), testContext())
        .run(new AbortController().signal, sink),
    ).rejects.toMatchObject({ code: 'consul-config' });
    expect(sink.failures.length).toBe(1);
  });
});

const canTls = hasOpenssl();
if (!canTls) console.warn('SKIPPING Consul HTTPS test: openssl is not installed');
if (!canTls && process.env['MESHRR_REQUIRE_REAL_SERVERS'] === '1')
  throw new Error('MESHRR_REQUIRE_REAL_SERVERS=1 but openssl is missing');

describe.runIf(canTls)('ConsulPeerSource over HTTPS', () => {
  it('verifies the server against the CA and server name and presents a client certificate', async () => {
    const pki = makeTestPki('consul.service.consul');
    server = await FakeConsulServer.start({
      tls: { key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert, requestCert: true, rejectUnauthorized: true },
    });
    server.register('bgp-rr', rr(1));
    for (const [name, text] of Object.entries({
      'ca.pem': pki.caCert,
      'client.pem': pki.clientCert,
      'client-key.pem': pki.clientKey,
    }))
      writeFileSync(join(dir, name), text);
    const { sink } = run({
      service: 'bgp-rr',
      tls: {
        ca_file: 'ca.pem',
        cert_file: 'client.pem',
        key_file: 'client-key.pem',
        server_name: 'consul.service.consul',
      },
    });
    await sink.waitFor('set over TLS', () => sink.emits.length === 1);
    const noClientCert = run({ service: 'bgp-rr', tls: { ca_file: 'ca.pem' } });
    await noClientCert.sink.waitFor('handshake refused', () => noClientCert.sink.failures.length >= 1);
    expect(noClientCert.sink.emits).toEqual([]);
  });
});
