import { Clock, DiscoveryManager, Logger, MeshrrConfig, Metrics, StatusStore, systemClock } from '@meshrr/core';
import { MemoryLogger, MemoryMetrics, meshGroup, testConfig } from '@meshrr/core/testing';
import { Container } from 'inversify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consulDiscoveryModule } from './index.js';
import { FakeConsulServer } from './testing-support/fakeConsulServer.js';

let server: FakeConsulServer;
beforeAll(async () => {
  server = await FakeConsulServer.start();
});
afterAll(async () => server?.close());

const until = async (what: string, predicate: () => boolean): Promise<void> => {
  for (let i = 0; i < 2_000 && !predicate(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!predicate()) throw new Error(`timed out waiting for ${what}`);
};

describe("consul source in core's DiscoveryManager", () => {
  it('is validated, synced, follows a failing health check, keeps the set through leader loss', async () => {
    for (const n of [11, 12])
      server.register('bgp-rr', {
        id: `rr-${n}`,
        node: `core-${n}`,
        nodeAddress: `192.0.2.${n}`,
        port: 179,
        tags: ['core'],
      });
    const container = new Container();
    const options = { service: 'bgp-rr', tag: 'core', address: server.url, rate_limit_interval_seconds: 0 };
    const config = testConfig({
      groups: [meshGroup('MESHRR-UPSTREAM', { source: { sourcetype: 'consul', options } })],
      quiescence: { minMs: 10, maxMs: 100 },
    });
    container.bind(MeshrrConfig).toConstantValue(config);
    container.bind(Clock).toConstantValue(systemClock);
    container.bind(Logger).toConstantValue(new MemoryLogger());
    container.bind(Metrics).toConstantValue(new MemoryMetrics());
    container.bind(StatusStore).toSelf().inSingletonScope();
    container.bind(DiscoveryManager).toSelf().inSingletonScope();
    container.load(consulDiscoveryModule({ env: {}, initialBackoffMs: 20, maxBackoffMs: 100 }));
    const manager = container.get(DiscoveryManager);
    const stop = new AbortController();
    const running = manager.start(stop.signal);
    const addresses = (): string | undefined =>
      manager
        .snapshot()
        .get('MESHRR-UPSTREAM')
        ?.map((p) => `${p.address}:${p.port}`)
        .join(',');
    try {
      await until('first sync', () => manager.health()[0]?.synced === true);
      expect(addresses()).toBe('192.0.2.11:179,192.0.2.12:179');
      server.setStatus('rr-12', 'critical');
      await until('failing instance gone', () => addresses() === '192.0.2.11:179');
      server.leader = false;
      server.dropConnections();
      await until(
        'unhealthy: no leader',
        () =>
          manager.health()[0]?.healthy === false &&
          (manager.health()[0]?.lastError ?? '').includes('No cluster leader'),
      );
      expect(addresses()).toBe('192.0.2.11:179');
      server.leader = true;
      await until('healthy again', () => manager.health()[0]?.healthy === true);
    } finally {
      stop.abort();
      await running;
    }
  });
});
