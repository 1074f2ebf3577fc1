import { Clock, DiscoveryManager, Logger, MeshrrConfig, Metrics, StatusStore, systemClock } from '@meshrr/core';
import { MemoryLogger, MemoryMetrics, meshGroup, testConfig } from '@meshrr/core/testing';
import { Container } from 'inversify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { k8sDiscoveryModule } from './index.js';
import { FakeKubeApiServer } from './testing-support/fakeKubeApiServer.js';
import { podEndpoint, serviceAccountDir, slice } from './testing-support/k8sFixtures.js';
import { hasOpenssl, makeTestPki } from '@meshrr/core/testing';

const canRun = hasOpenssl();
if (!canRun && process.env['MESHRR_REQUIRE_REAL_SERVERS'] === '1')
  throw new Error('MESHRR_REQUIRE_REAL_SERVERS=1 but openssl is missing');
let sa: { dir: string; cleanup: () => void };
let server: FakeKubeApiServer;
const pki = canRun ? makeTestPki() : undefined;
beforeAll(async () => {
  if (pki === undefined) return;
  sa = serviceAccountDir('tok', pki.caCert);
  server = await FakeKubeApiServer.start({ token: 'tok', tls: { key: pki.serverKey, cert: pki.serverCert } });
});
afterAll(async () => {
  await server?.close();
  sa?.cleanup();
});

const until = async (what: string, predicate: () => boolean): Promise<void> => {
  for (let i = 0; i < 2_000 && !predicate(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!predicate()) throw new Error(`timed out waiting for ${what}`);
};

describe.runIf(canRun)("kubernetes source in core's DiscoveryManager", () => {
  it('is validated, synced, kept through an API outage with health reported, and updated after it', async () => {
    server.upsert(
      slice('meshrr-a', 'meshrr', [
        podEndpoint('10.0.0.1', 'rr-0'),
        podEndpoint('10.0.0.2', 'rr-1', { zone: 'zone-b' }),
      ]),
    );
    const container = new Container();
    const config = testConfig({
      groups: [
        meshGroup('MESHRR-MESH', {
          source: { sourcetype: 'kubernetes', options: { hostname: 'meshrr.meshrr.svc.cluster.local' } },
        }),
      ],
      quiescence: { minMs: 10, maxMs: 100 },
    });
    container.bind(MeshrrConfig).toConstantValue(config);
    container.bind(Clock).toConstantValue(systemClock);
    container.bind(Logger).toConstantValue(new MemoryLogger());
    container.bind(Metrics).toConstantValue(new MemoryMetrics());
    container.bind(StatusStore).toSelf().inSingletonScope();
    container.bind(DiscoveryManager).toSelf().inSingletonScope();
    container.load(
      k8sDiscoveryModule({
        env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(server.port) },
        serviceAccountDir: sa.dir,
        initialBackoffMs: 20,
        maxBackoffMs: 100,
      }),
    );
    const manager = container.get(DiscoveryManager);
    const stop = new AbortController();
    const running = manager.start(stop.signal);
    try {
      await until('first sync', () => manager.health()[0]?.synced === true);
      expect(
        manager
          .snapshot()
          .get('MESHRR-MESH')
          ?.map((p) => [p.address, p.labels['zone']]),
      ).toEqual([
        ['10.0.0.1', 'zone-a'],
        ['10.0.0.2', 'zone-b'],
      ]);
      await until('watch', () => server.openWatches === 1);
      await server.down();
      await until('unhealthy', () => manager.health()[0]?.healthy === false);
      expect(manager.health()[0]).toMatchObject({ group: 'MESHRR-MESH', sourcetype: 'kubernetes', synced: true });
      expect(manager.snapshot().get('MESHRR-MESH')?.length).toBe(2);
      server.upsert(slice('meshrr-a', 'meshrr', [podEndpoint('10.0.0.2', 'rr-1')]));
      await server.up();
      await until(
        'new set',
        () => manager.snapshot().get('MESHRR-MESH')?.length === 1 && manager.health()[0]?.healthy === true,
      );
    } finally {
      stop.abort();
      await running;
    }
  });
});
